from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("arrangementer/", views.calendar, name="calendar"),
    path("arrangementer/kalender.ics", views.ical_feed, name="ical"),
    path("arrangementer/<int:pk>/", views.detail, name="detail"),
    path("arrangementer/<int:pk>/kalender.ics", views.ical_event, name="ical_event"),
    path("personale/aktiviteter/", views.staff_list, name="staff_list"),
    path("personale/aktiviteter/ny/", views.staff_create, name="staff_create"),
    path("personale/aktiviteter/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("personale/aktiviteter/<int:pk>/rediger/", views.staff_edit, name="staff_edit"),
    path(
        "personale/aktiviteter/<int:pk>/fremmoede/", views.staff_attendance, name="staff_attendance"
    ),
    path("personale/aktiviteter/<int:pk>/aflys/", views.staff_cancel, name="staff_cancel"),
]
