"""The rules for changing the library's organisation. Views, the API and commands call these."""

from django.db import transaction

from accounts.models import STAFF_ROLES, User
from accounts.services import apply_changes, audit_record

from .models import Branch, FocusArea, FocusTarget, Library, Team


class OrganisationError(Exception):
    """A change that breaks a rule; the message is for the person who tried."""


def _check_staff(user: User | None, what: str):
    if user is not None and (user.role not in STAFF_ROLES or not user.is_active):
        raise OrganisationError(f"{user} er ikke medarbejder og kan ikke være {what}.")


@transaction.atomic
def branch_create(*, acting_user: User, **data) -> Branch:
    _check_staff(data.get("tovholder"), "tovholder")
    branch = Branch(**data)
    branch.full_clean()
    branch.save()
    audit_record(actor=acting_user, action="branch_created", target=branch)
    return branch


@transaction.atomic
def branch_update(*, branch: Branch, acting_user: User, **data) -> Branch:
    _check_staff(data.get("tovholder"), "tovholder")
    changes = apply_changes(branch, data)
    if changes:
        branch.full_clean()
        branch.save(update_fields=[*changes, "updated_at"])
        audit_record(actor=acting_user, action="branch_updated", target=branch, changes=changes)
    return branch


@transaction.atomic
def team_create(*, acting_user: User, members=(), **data) -> Team:
    _check_staff(data.get("koordinator"), "koordinator")
    team = Team(**data)
    team.full_clean()
    team.save()
    team.members.set(_staff_only(members))
    audit_record(actor=acting_user, action="team_created", target=team)
    return team


@transaction.atomic
def team_update(*, team: Team, acting_user: User, members=None, **data) -> Team:
    _check_staff(data.get("koordinator"), "koordinator")
    changes = apply_changes(team, data)
    if changes:
        team.full_clean()
        team.save(update_fields=[*changes, "updated_at"])
    if members is not None:
        before = set(team.members.values_list("pk", flat=True))
        wanted = _staff_only(members)
        after = {member.pk for member in wanted}
        if before != after:
            team.members.set(wanted)
            changes["members"] = [sorted(before), sorted(after)]
    if changes:
        audit_record(actor=acting_user, action="team_updated", target=team, changes=changes)
    return team


def _staff_only(members) -> list[User]:
    members = list(members)
    for member in members:
        _check_staff(member, "medlem af et hold")
    return members


@transaction.atomic
def focus_area_save(
    *, focus_area: FocusArea, acting_user: User, targets: list[dict], **data
) -> FocusArea:
    """Create or update a focus area together with its full list of targets.

    ``targets`` replaces the existing targets: each item has description, target_value, unit,
    period and optionally ``id`` of an existing target to keep.
    """
    creating = focus_area.pk is None
    changes = apply_changes(focus_area, data)
    focus_area.full_clean()
    focus_area.save()
    kept_ids = []
    for order, target_data in enumerate(targets):
        target_id = target_data.pop("id", None)
        target = (
            focus_area.targets.filter(pk=target_id).first() if target_id else None
        ) or FocusTarget(focus_area=focus_area)
        target_changes = apply_changes(target, {**target_data, "order": order})
        if target.pk is None or target_changes:
            target.full_clean()
            target.save()
            changes[f"target:{target.description}"] = target_changes
        kept_ids.append(target.pk)
    removed = focus_area.targets.exclude(pk__in=kept_ids)
    for target in removed:
        changes[f"target:{target.description}"] = "removed"
    removed.delete()
    if creating or changes:
        audit_record(
            actor=acting_user,
            action="focus_area_created" if creating else "focus_area_updated",
            target=focus_area,
            changes=changes,
        )
    return focus_area


@transaction.atomic
def library_update(*, acting_user: User, **data) -> Library:
    library = Library.load()
    old_logo = library.logo.name if library.logo else ""
    changes = apply_changes(library, data)
    if changes or library._state.adding:
        library.full_clean()
        library.save()
        audit_record(actor=acting_user, action="library_updated", target=library, changes=changes)
        if old_logo and "logo" in changes:
            # The replaced or removed logo file goes too, once the new row is committed.
            storage = library.logo.storage
            transaction.on_commit(lambda: storage.delete(old_logo))
    return library
