"""All volunteer pages; each part of the flow keeps its routes next to its views."""

from .views import agreements, me, public, screening, shifts

app_name = "volunteers"

urlpatterns = [
    *me.patterns,
    *screening.patterns,
    *agreements.patterns,
    *shifts.patterns,
    *public.patterns,  # last: it has the catch-all /frivillig/<slug>/ role pages
]
