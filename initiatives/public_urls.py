"""Citizen-facing pages under /initiativer/ (see urls.py)."""

from django.urls import path

from . import public_views as views

public_patterns = [
    path("foreslaa/", views.propose, name="propose"),
    path("foreslaa/tak/", views.propose_thanks, name="propose_thanks"),
    # Before the token route, so "slettet" is never read as a token.
    path("min-ide/slettet/", views.deleted, name="deleted"),
    path("min-ide/<str:token>/", views.track, name="track"),
    path("min-ide/<str:token>/traek-tilbage/", views.track_withdraw, name="track_withdraw"),
    path("min-ide/<str:token>/slet-mine-oplysninger/", views.track_delete, name="track_delete"),
    path("min-ide/<str:token>/fil/<int:file_pk>/", views.track_file, name="track_file"),
    path("mine-initiativer/", views.my_initiatives, name="mine"),
    path("mine-initiativer/<int:pk>/", views.my_initiative, name="mine_detail"),
    path("mine-initiativer/<int:pk>/traek-tilbage/", views.mine_withdraw, name="mine_withdraw"),
    path(
        "mine-initiativer/<int:pk>/slet-mine-oplysninger/",
        views.mine_delete,
        name="mine_delete",
    ),
    path("mine-initiativer/<int:pk>/fil/<int:file_pk>/", views.mine_file, name="mine_file"),
    path("det-har-vi-skabt-sammen/", views.showcase, name="showcase"),
]
