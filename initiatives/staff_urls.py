"""Back-office pages under /personale/initiativer/ (see urls.py)."""

from django.urls import path

from . import staff_views as views

staff_patterns = [
    path("", views.triage, name="staff_list"),
    path("tavle/", views.board, name="staff_board"),
    path("ny/", views.register, name="staff_register"),
    path("<int:pk>/", views.detail, name="staff_detail"),
]
