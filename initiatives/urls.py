from django.urls import include, path

from .public_urls import public_patterns
from .staff_urls import staff_patterns

app_name = "initiatives"

urlpatterns = [
    path("initiativer/", include(public_patterns)),
    path("personale/initiativer/", include(staff_patterns)),
]
