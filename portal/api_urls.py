"""One router for the whole API; each app contributes its viewsets here."""

from rest_framework.routers import DefaultRouter

from activities.api import PublicActivityViewSet
from initiatives.api import InitiativeViewSet
from organisation.api import BranchViewSet, FocusAreaViewSet, TeamViewSet

router = DefaultRouter()
router.register("branches", BranchViewSet, basename="branch")
router.register("teams", TeamViewSet, basename="team")
router.register("focus-areas", FocusAreaViewSet, basename="focusarea")
router.register("initiatives", InitiativeViewSet, basename="initiative")
router.register("activities", PublicActivityViewSet, basename="activity")

urlpatterns = router.urls
