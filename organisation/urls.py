"""Back-office pages, included under /personale/ in the "staff" namespace (portal/urls.py)."""

from django.urls import path

from . import views

staff_patterns = [
    path("filialer/", views.branch_list, name="branch_list"),
    path("filialer/ny/", views.branch_create, name="branch_create"),
    path("filialer/<int:pk>/", views.branch_detail, name="branch_detail"),
    path("filialer/<int:pk>/rediger/", views.branch_edit, name="branch_edit"),
    path("hold/", views.team_list, name="team_list"),
    path("hold/nyt/", views.team_create, name="team_create"),
    path("hold/<int:pk>/", views.team_detail, name="team_detail"),
    path("hold/<int:pk>/rediger/", views.team_edit, name="team_edit"),
    path("indsatsomraader/", views.focus_area_list, name="focus_area_list"),
    path("indsatsomraader/nyt/", views.focus_area_create, name="focus_area_create"),
    path("indsatsomraader/<int:pk>/", views.focus_area_detail, name="focus_area_detail"),
    path("indsatsomraader/<int:pk>/rediger/", views.focus_area_edit, name="focus_area_edit"),
    path("biblioteket/", views.library_settings, name="library_settings"),
    path("biblioteket/rediger/", views.library_settings_edit, name="library_settings_edit"),
]
