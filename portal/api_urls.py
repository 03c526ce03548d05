"""One router for the whole API; each app contributes its viewsets here."""

from rest_framework.routers import DefaultRouter

from activities.api import PublicActivityViewSet
from initiatives.api import InitiativeViewSet
from organisation.api import BranchViewSet, FocusAreaViewSet, TeamViewSet
from partnerships.api import ROUTES as PARTNERSHIP_ROUTES
from toolbox.api import ROUTES as TOOLBOX_ROUTES
from volunteers.api import HoursViewSet, ShiftViewSet, SignupViewSet, VolunteerRoleViewSet

router = DefaultRouter()
router.register("branches", BranchViewSet, basename="branch")
router.register("teams", TeamViewSet, basename="team")
router.register("focus-areas", FocusAreaViewSet, basename="focusarea")
router.register("initiatives", InitiativeViewSet, basename="initiative")
router.register("activities", PublicActivityViewSet, basename="activity")
router.register("volunteer-roles", VolunteerRoleViewSet, basename="volunteerrole")
router.register("shifts", ShiftViewSet, basename="shift")
router.register("signups", SignupViewSet, basename="signup")
router.register("hours", HoursViewSet, basename="hours")
for prefix, viewset, basename in [*PARTNERSHIP_ROUTES, *TOOLBOX_ROUTES]:
    router.register(prefix, viewset, basename=basename)

urlpatterns = router.urls
