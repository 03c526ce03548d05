"""Volunteer roles (opgavebeskrivelser): create, change, open/pause/close.

A role's ``version`` counts changes to what an expectation agreement is built from (purpose,
tasks, time, what the library offers). When it goes up, the volunteers in the role get a new
agreement version to accept (agreements service).
"""

from django.db import transaction
from django.utils.text import slugify

from accounts.models import User
from accounts.services import audit_record, plain_value

from ..models import OnboardingItem, RoleQuestion, RoleStatus, VolunteerRole
from . import VolunteerError

# Changing one of these changes the agreement text: a new role version.
AGREEMENT_FIELDS = ("purpose", "tasks", "time_commitment", "library_offers")
ROLE_FIELDS = (
    "title",
    "slug",
    "purpose",
    "tasks",
    "time_commitment",
    "skills_wanted",
    "library_offers",
    "contact_person",
    "branch",
    "team",
    "involves_children",
    "minimum_age",
    "status",
    "activity",
)


_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def slug_for(text: str) -> str:
    """A readable address part: 'Højtlæser' becomes 'hoejtlaeser', not 'hjtlser'."""
    return slugify((text or "").translate(_DANISH))


def unique_slug(title: str, *, exclude_pk=None) -> str:
    base = (slug_for(title) or "rolle")[:70]
    slug, n = base, 2
    while VolunteerRole.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check(fields: dict) -> None:
    if fields.get("status", RoleStatus.OPEN) not in RoleStatus.values:
        raise VolunteerError("Ukendt status for rollen.")
    contact = fields.get("contact_person")
    if contact is not None and not contact.is_library_staff:
        raise VolunteerError("Kontaktpersonen skal være en medarbejder.")


def _sync_questions(role: VolunteerRole, questions: list[dict]) -> None:
    """Make the role's questions exactly ``questions`` ([{"id", "text", "required"}], in order).
    The answers already given keep the question text they answered (see applications)."""
    keep = []
    for order, item in enumerate(questions):
        text = (item.get("text") or "").strip()
        if not text:
            continue
        values = {"text": text, "required": bool(item.get("required")), "order": order}
        pk = item.get("id")
        if pk and role.questions.filter(pk=pk).update(**values):
            keep.append(pk)
        else:
            keep.append(RoleQuestion.objects.create(role=role, **values).pk)
    role.questions.exclude(pk__in=keep).delete()


def _sync_onboarding(role: VolunteerRole, items: list[dict]) -> None:
    """Make the role's onboarding checklist exactly ``items`` ([{"id", "text"}], in order)."""
    keep = []
    for order, item in enumerate(items):
        text = (item.get("text") or "").strip()
        if not text:
            continue
        pk = item.get("id")
        if pk and role.onboarding.filter(pk=pk).update(text=text, order=order):
            keep.append(pk)
        else:
            keep.append(OnboardingItem.objects.create(role=role, text=text, order=order).pk)
    role.onboarding.exclude(pk__in=keep).delete()


@transaction.atomic
def role_create(
    *,
    acting_user: User,
    target_groups=(),
    focus_areas=(),
    questions: list[dict] = (),
    onboarding: list[dict] = (),
    **fields,
) -> VolunteerRole:
    unknown = set(fields) - set(ROLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown role fields: {', '.join(sorted(unknown))}")
    _check(fields)
    if not fields.get("slug"):
        fields["slug"] = unique_slug(fields.get("title", ""))
    role = VolunteerRole.objects.create(**fields)
    role.target_groups.set(target_groups)
    role.focus_areas.set(focus_areas)
    _sync_questions(role, list(questions))
    _sync_onboarding(role, list(onboarding))
    audit_record(actor=acting_user, action="volunteer_role_created", target=role)
    return role


def role_update(
    *,
    role: VolunteerRole,
    acting_user: User,
    target_groups=None,
    focus_areas=None,
    questions: list[dict] | None = None,
    onboarding: list[dict] | None = None,
    **fields,
) -> VolunteerRole:
    """Change the role. Only the given fields change. A change to what the agreement is built
    from bumps the role's version and asks its volunteers to accept a new agreement."""
    unknown = set(fields) - set(ROLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown role fields: {', '.join(sorted(unknown))}")
    _check(fields)
    with transaction.atomic():
        # Lock the role: two edits at once must not both bump the version from the same number.
        role = VolunteerRole.objects.select_for_update().get(pk=role.pk)
        if "slug" in fields and not fields["slug"]:
            fields["slug"] = unique_slug(fields.get("title", role.title), exclude_pk=role.pk)
        changes = {}
        for name, value in fields.items():
            old = getattr(role, name)
            if old != value:
                changes[name] = [plain_value(old), plain_value(value)]
                setattr(role, name, value)
        bumped = any(name in changes for name in AGREEMENT_FIELDS)
        if bumped:
            role.version += 1
            changes["version"] = [role.version - 1, role.version]
        role.save()
        if target_groups is not None:
            role.target_groups.set(target_groups)
        if focus_areas is not None:
            role.focus_areas.set(focus_areas)
        if questions is not None:
            _sync_questions(role, list(questions))
        if onboarding is not None:
            _sync_onboarding(role, list(onboarding))
        audit_record(
            actor=acting_user, action="volunteer_role_changed", target=role, changes=changes
        )
    if bumped:
        # Outside the role's transaction: the agreements service drafts one new agreement per
        # volunteer, each in its own transaction (a failure for one does not undo the others).
        from .agreements import agreements_require_renewal

        agreements_require_renewal(reason="role", role=role, acting_user=acting_user)
    return role


@transaction.atomic
def role_set_status(*, role: VolunteerRole, status: str, acting_user: User) -> VolunteerRole:
    """Open, pause or close the role. Paused and closed roles take no applications; what the
    volunteers already in the role have (agreements, shifts) is not touched."""
    if status not in RoleStatus.values:
        raise VolunteerError("Ukendt status for rollen.")
    role = VolunteerRole.objects.select_for_update().get(pk=role.pk)
    if role.status == status:
        return role
    old = role.status
    role.status = status
    role.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=acting_user,
        action="volunteer_role_status",
        target=role,
        changes={"status": [old, status]},
    )
    return role
