from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from organisation import urls as organisation_urls

from . import views

handler500 = "portal.views.server_error"

staff_patterns = [
    path("", views.dashboard, name="dashboard"),
    *organisation_urls.staff_patterns,
]

urlpatterns = [
    path("", views.home, name="home"),
    path("biblioteker/", views.branches, name="branches"),
    path("was/", views.accessibility, name="accessibility"),
    path("privatliv/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("logo", views.library_logo, name="library_logo"),
    path("velkommen/", views.after_login, name="after_login"),
    path("konto/", include("accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("personale/", include((staff_patterns, "staff"))),
    path("", include("initiatives.urls")),
    path("", include("activities.urls")),
    path("", include("volunteers.urls")),
    path("", include("partnerships.urls")),
    path("", include("toolbox.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("portal.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("django-admin/", admin.site.urls),
]
