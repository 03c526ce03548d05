from .views import agreements, drafting, partners, public, review, verify, workflow
from .views import templates as agreement_models

app_name = "partnerships"

urlpatterns = [
    *partners.patterns,
    *drafting.patterns,
    *agreements.patterns,
    *agreement_models.patterns,
    *public.patterns,
    *workflow.patterns,
    *review.patterns,
    *verify.patterns,
]
