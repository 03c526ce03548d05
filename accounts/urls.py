from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("min-side/", views.profile, name="profile"),
    path("api-noegle/", views.api_token, name="api_token"),
    path("api-noegle/ny/", views.api_token_new, name="api_token_new"),
    path("api-noegle/slet/", views.api_token_delete, name="api_token_delete"),
]
