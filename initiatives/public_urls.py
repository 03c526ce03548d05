"""Citizen-facing pages under /initiativer/ (see urls.py)."""

from django.urls import path

from . import public_views as views

public_patterns = [
    path("foreslaa/", views.propose, name="propose"),
    path("foreslaa/tak/", views.propose_thanks, name="propose_thanks"),
    path("min-ide/<str:token>/", views.track, name="track"),
    path("mine-initiativer/", views.my_initiatives, name="mine"),
    path("mine-initiativer/<int:pk>/", views.my_initiative, name="mine_detail"),
    path("det-har-vi-skabt-sammen/", views.showcase, name="showcase"),
]
