import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

from portal.settings import require_secret_key  # noqa: E402

# The web server never runs with the development key (manage.py commands may).
require_secret_key()
application = get_asgi_application()
