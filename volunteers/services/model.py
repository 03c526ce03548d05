"""The library's written volunteer model (frivillighedsmodel), versioned.

A published version is never edited: a change is a new row with the next version number, so
every expectation agreement can name the exact text it was built from.
"""

from django.db import IntegrityError, transaction

from accounts.models import User
from accounts.services import audit_record

from ..models import InsuranceBasis, VolunteerModel
from . import VolunteerError

MODEL_FIELDS = (
    "introduction",
    "value_contexts",
    "supplement_principle",
    "library_offers",
    "library_expects",
    "insurance_basis",
    "insurance_details",
    "med_agreed_on",
)
REQUIRED_TEXT = (
    "introduction",
    "value_contexts",
    "supplement_principle",
    "library_offers",
    "library_expects",
)


def volunteer_model_current() -> VolunteerModel | None:
    return VolunteerModel.current()


def volunteer_model_publish(*, acting_user: User | None, **fields) -> VolunteerModel:
    """Publish version n+1 of the model. Volunteers' agreements are then renewed (they must
    accept the new text), through the agreements service."""
    unknown = set(fields) - set(MODEL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown volunteer model fields: {', '.join(sorted(unknown))}")
    for name in REQUIRED_TEXT:
        if not str(fields.get(name) or "").strip():
            raise VolunteerError("Alle afsnit i frivillighedsmodellen skal udfyldes.")
    if fields.get("insurance_basis") not in InsuranceBasis.values:
        raise VolunteerError("Vælg, hvordan de frivillige er forsikret.")
    if (
        fields["insurance_basis"] == InsuranceBasis.OTHER
        and not str(fields.get("insurance_details") or "").strip()
    ):
        raise VolunteerError("Beskriv forsikringen, når det ikke er kommunens forsikring.")

    try:
        with transaction.atomic():
            # Lock the newest version while we count on it: two managers publishing at once
            # must not both take n+1. (When there is no version yet there is nothing to lock;
            # the unique version number then refuses the second, caught below.)
            latest = VolunteerModel.objects.select_for_update().order_by("-version").first()
            model = VolunteerModel.objects.create(
                version=(latest.version if latest else 0) + 1,
                published_by=acting_user if acting_user and acting_user.is_authenticated else None,
                **{name: fields.get(name, "") for name in MODEL_FIELDS if name != "med_agreed_on"},
                med_agreed_on=fields.get("med_agreed_on"),
            )
            audit_record(
                actor=acting_user,
                action="volunteer_model_published",
                target=model,
                changes={"version": model.version},
            )
    except IntegrityError as exc:
        raise VolunteerError(
            "En anden har netop udgivet en ny version. Læs den, og prøv igen."
        ) from exc

    # Outside the publishing transaction: the agreements service drafts one new agreement per
    # volunteer, each in its own transaction (a failure for one does not undo the others).
    from .agreements import agreements_require_renewal

    agreements_require_renewal(reason="model", acting_user=acting_user)
    return model
