"""Onboarding: the role's checklist (OnboardingItem), ticked off per approved application by staff
or by the volunteer themself (OnboardingStep rows), and the volunteer's named contact
person/mentor."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from accounts.models import User
from accounts.services import audit_record

from ..models import Application, ApplicationStatus, OnboardingItem, OnboardingStep, Volunteer
from . import VolunteerError


@dataclass
class ChecklistRow:
    item: OnboardingItem
    step: OnboardingStep | None

    @property
    def done(self) -> bool:
        return self.step is not None


@dataclass
class Checklist:
    rows: list[ChecklistRow]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.done)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def complete(self) -> bool:
        return self.done == self.total


def onboarding_checklist(application: Application) -> Checklist:
    """The role's items with what is ticked (two queries)."""
    steps = {
        step.item_id: step
        for step in OnboardingStep.objects.filter(application=application).select_related("done_by")
    }
    items = OnboardingItem.objects.filter(role_id=application.role_id)
    return Checklist(rows=[ChecklistRow(item=item, step=steps.get(item.pk)) for item in items])


def _check(application: Application, item: OnboardingItem):
    if application.status != ApplicationStatus.APPROVED:
        raise VolunteerError("Introduktionen hører til en godkendt ansøgning.")
    if item.role_id != application.role_id:
        raise VolunteerError("Punktet hører ikke til denne opgave.")


def onboarding_tick(
    *, application: Application, item: OnboardingItem, acting_user: User
) -> OnboardingStep:
    _check(application, item)
    existing = OnboardingStep.objects.filter(application=application, item=item).first()
    if existing:
        return existing  # ticking twice (two tabs, a double click) is harmless
    try:
        with transaction.atomic():
            step = OnboardingStep.objects.create(
                application=application, item=item, done_by=acting_user
            )
    except IntegrityError:  # ticked at the same moment by someone else
        return OnboardingStep.objects.get(application=application, item=item)
    audit_record(
        actor=acting_user,
        action="volunteer_onboarding_ticked",
        target=application,
        changes={"item": item.text},
    )
    return step


def onboarding_untick(*, application: Application, item: OnboardingItem, acting_user: User) -> None:
    _check(application, item)
    deleted, _rows = OnboardingStep.objects.filter(application=application, item=item).delete()
    if deleted:
        audit_record(
            actor=acting_user,
            action="volunteer_onboarding_unticked",
            target=application,
            changes={"item": item.text},
        )


def volunteer_set_mentor(
    *, volunteer: Volunteer, mentor: User | None, acting_user: User
) -> Volunteer:
    """Name the volunteer's contact person/mentor (a library employee), or clear it."""
    if mentor is not None and not mentor.is_library_staff:
        raise VolunteerError("Kontaktpersonen skal være en medarbejder på biblioteket.")
    old = volunteer.mentor
    volunteer.mentor = mentor
    volunteer.save(update_fields=["mentor"])
    audit_record(
        actor=acting_user,
        action="volunteer_mentor_set",
        target=volunteer,
        changes={"mentor": [str(old or ""), str(mentor or "")]},
    )
    return volunteer
