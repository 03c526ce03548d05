"""All volunteer pages; each part of the flow keeps its routes next to its views."""

from .views import (
    agreements,
    certificates,
    hours,
    me,
    onboarding,
    overview,
    public,
    screening,
    shifts,
    talks,
)

app_name = "volunteers"

urlpatterns = [
    *overview.patterns,
    *me.patterns,
    *hours.patterns,
    *screening.patterns,
    *agreements.patterns,
    *talks.patterns,
    *certificates.patterns,
    *onboarding.patterns,
    *shifts.patterns,
    *public.patterns,  # last: it has the catch-all /frivillig/<slug>/ role pages
]
