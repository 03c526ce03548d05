"""Back-office pages under /personale/initiativer/ (see urls.py)."""

from django.urls import path

from . import staff_views as views

staff_patterns = [
    path("", views.triage, name="staff_list"),
    path("tavle/", views.board, name="staff_board"),
    path("ny/", views.register, name="staff_register"),
    path("<int:pk>/", views.detail, name="staff_detail"),
    # One URL per action on the working page; each is POST only.
    path("<int:pk>/status/", views.change_status, name="staff_status"),
    path("<int:pk>/ansvarlig/", views.assign, name="staff_assign"),
    path("<int:pk>/arbejde/", views.update, name="staff_update"),
    path("<int:pk>/svar/", views.reply, name="staff_reply"),
    path("<int:pk>/note/", views.note, name="staff_note"),
    path("<int:pk>/aktivitet/", views.create_activity, name="staff_create_activity"),
    path("<int:pk>/nyt-link/", views.reissue_link, name="staff_reissue_link"),
    path("bilag/<int:pk>/", views.attachment, name="staff_attachment"),
]
