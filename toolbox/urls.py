"""All toolbox pages; each part keeps its routes next to its views."""

from .views import competence, exchange, logs, methods, plans, public

app_name = "toolbox"

urlpatterns = [
    *methods.patterns,
    *plans.patterns,
    *logs.patterns,
    *exchange.patterns,
    *competence.patterns,
    *public.patterns,
]
