"""Settings for Sammen: one module, configured by the environment (see README "Configuration").

DEBUG is off unless DJANGO_DEBUG=1 (``make run`` sets it). Every secret may also be given as
``<NAME>_FILE``, the path of a file that holds it.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SAMMEN_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", False)

# Without DJANGO_SECRET_KEY, management commands still run (with an insecure key that
# `check --deploy` reports), but the web server refuses to start unless DEBUG is on: see
# portal/wsgi.py and require_secret_key() below.
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
SECRET_KEY_IS_FALLBACK = not SECRET_KEY
if SECRET_KEY_IS_FALLBACK:
    SECRET_KEY = "django-insecure-development-only-never-use-in-production"


def require_secret_key():
    if SECRET_KEY_IS_FALLBACK and not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE); "
            "only DJANGO_DEBUG=1 serves the portal without one."
        )


ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SAMMEN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "axes",
    "csp",
    "portal",
    "accounts",
    "organisation",
    "activities",
    "initiatives",
    "volunteers",
    "partnerships",
    "toolbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Axes must come last: it turns a lockout raised during authentication into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    }
]
FORM_RENDERER = "portal.forms.DkfdsFormRenderer"

# --- Database -------------------------------------------------------------------------------
# SQLite by default, tuned for a web server with several threads/processes: WAL lets readers
# run beside one writer, IMMEDIATE takes the write lock when a transaction starts (so two
# writers queue instead of failing half-way with "database is locked"), and the timeout lets
# a waiting writer wait. PostgreSQL when DATABASE_URL says so.
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "sammen.sqlite3",
            # Tests use a file too (not memory): threads in the concurrency tests then get
            # separate connections with real SQLite locking, as in production.
            # One file per test process, so parallel runs never share a test database.
            "TEST": {"NAME": str(VAR_DIR / f"test-sammen-{os.getpid()}.sqlite3")},
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=20000;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "sammen_cache",
    }
}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "after_login"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupNameForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Sammen: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
# django-axes locks an account after repeated failures (below). allauth's own per-email limit
# would answer first with a plain form error, so only its per-IP limit is kept.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}

AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
# allauth authenticates with email=..., which axes would not see as the username (every
# account behind one IP would share a counter); and a login ignores case, so the count must too.
AXES_USERNAME_CALLABLE = "accounts.adapter.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "errors/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
NODE_MODULES = BASE_DIR / "node_modules"
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/dkfds/css", NODE_MODULES / "dkfds/dist/css"),
    ("vendor/dkfds/js", NODE_MODULES / "dkfds/dist/js"),
    ("vendor/dkfds/fonts", NODE_MODULES / "dkfds/dist/fonts"),
    ("vendor/dkfds/img", NODE_MODULES / "dkfds/dist/img"),
    ("vendor/htmx", NODE_MODULES / "htmx.org/dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Email: every message is queued as a task after commit, then delivered ------------------
EMAIL_BACKEND = "portal.mail.TaskEmailBackend"
SAMMEN_EMAIL_DELIVERY_BACKEND = env_str(
    "EMAIL_DELIVERY_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Sammen <noreply@sammen.local>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = [("Sammen drift", a) for a in env_list("DJANGO_ADMINS", [])]

# --- Background tasks -----------------------------------------------------------------------
# Immediate in development and tests; production sets TASKS_BACKEND to the database backend
# and runs `manage.py db_worker` beside gunicorn.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sammen API",
    "DESCRIPTION": "The library's data for staff integrations. Authenticate with a session "
    "or with 'Authorization: Token <key>' (create a key under 'Min konto').",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Like the API itself: citizens get 404, the back office does not announce itself.
    "SERVE_PERMISSIONS": ["organisation.api.IsLibraryStaff"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set that appears in several places (fields, filters, request bodies).
    "ENUM_NAME_OVERRIDES": {
        "InitiativeStatusEnum": "initiatives.models.Status",
        "TargetGroupKindEnum": "organisation.models.TargetGroupKind",
        "SignupStatusEnum": "volunteers.models.SignupStatus",
        "HoursStatusEnum": "volunteers.models.HoursStatus",
        "PartnerKindEnum": "partnerships.models.PartnerKind",
        "AgreementKindEnum": "partnerships.models.AgreementKind",
        "AgreementStatusEnum": "partnerships.models.AgreementStatus",
    },
}

# --- Security -------------------------------------------------------------------------------
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Preload is a deliberate opt-in for the municipality's domain (DJANGO_HSTS_PRELOAD=1).
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Sammen -------------------------------------------------------------------------------
# Contact data of declined/referred/withdrawn/merged initiatives is anonymised after this long.
SAMMEN_INITIATIVE_RETENTION_MONTHS = env_int("SAMMEN_INITIATIVE_RETENTION_MONTHS", 12)
# Public form: at most this many proposals per IP address per hour, and not faster than this.
SAMMEN_PROPOSALS_PER_IP_PER_HOUR = env_int("SAMMEN_PROPOSALS_PER_IP_PER_HOUR", 5)
SAMMEN_FORM_MIN_SECONDS = env_int("SAMMEN_FORM_MIN_SECONDS", 5)
SAMMEN_ATTACHMENT_MAX_MB = env_int("SAMMEN_ATTACHMENT_MAX_MB", 10)
# Volunteering: how long a waitlisted volunteer has to accept a freed place; until how many
# hours before a shift a volunteer can cancel without the contact person being told; when the
# reminder goes out; how long a børneattest is valid.
SAMMEN_SHIFT_OFFER_HOURS = env_int("SAMMEN_SHIFT_OFFER_HOURS", 24)
SAMMEN_SHIFT_CANCEL_CUTOFF_HOURS = env_int("SAMMEN_SHIFT_CANCEL_CUTOFF_HOURS", 24)
SAMMEN_SHIFT_REMINDER_HOURS = env_int("SAMMEN_SHIFT_REMINDER_HOURS", 24)
SAMMEN_CHILD_CERTIFICATE_YEARS = env_int("SAMMEN_CHILD_CERTIFICATE_YEARS", 2)
# Partnership agreements: the owner is reminded this many days before an agreement ends, and
# the partner (and the owner) when a draft has waited this many days for the partner's review.
SAMMEN_AGREEMENT_EXPIRY_REMINDER_DAYS = env_int("SAMMEN_AGREEMENT_EXPIRY_REMINDER_DAYS", 60)
SAMMEN_AGREEMENT_REVIEW_REMINDER_DAYS = env_int("SAMMEN_AGREEMENT_REVIEW_REMINDER_DAYS", 7)
# "Bliv samarbejdspartner": the sender's personal data is erased this long after the enquiry
# was answered (or, never answered, after it arrived).
SAMMEN_PARTNER_ENQUIRY_RETENTION_MONTHS = env_int("SAMMEN_PARTNER_ENQUIRY_RETENTION_MONTHS", 12)
# Test-only switch: the concurrency test turns shift locking off to show the race it prevents.
SAMMEN_LOCK_SHIFTS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
