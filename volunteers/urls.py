from django.urls import path

from . import views

app_name = "volunteers"

urlpatterns = [
    path("frivillig/", views.roles, name="roles"),
    path("frivillig/min-side/", views.me, name="me"),
    path("frivillig/<slug:slug>/", views.role_detail, name="role_detail"),
]
