"""Hours given by volunteers.

Two ways in: an attended shift creates an approved entry (``shifts`` marks attendance), and a
volunteer reports other hours (``hours_report``), which wait for the tovholder of the role's
branch, the koordinator of the role's team or a manager to approve or reject them.

The totals (``hours_totals``) are summed in the database, one query per table. Hours whose
volunteer was erased (``volunteer`` is NULL) still count, under "Tidligere frivillige".
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth, TruncQuarter, TruncYear
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import audit_record
from organisation.models import Library

from ..models import (
    ApplicationStatus,
    HoursEntry,
    HoursStatus,
    Volunteer,
    VolunteerRole,
)
from . import VolunteerError

MIN_HOURS = Decimal("0.25")
MAX_HOURS = Decimal("24")
# How far back a volunteer may report hours (older ones are a matter for the contact person).
REPORT_DAYS_BACK = 366


def reportable_roles(volunteer: Volunteer) -> QuerySet:
    """The roles a volunteer may report hours for: those they are approved for now."""
    return VolunteerRole.objects.filter(
        applications__volunteer=volunteer, applications__status=ApplicationStatus.APPROVED
    ).distinct()


def can_decide_hours(user, role: VolunteerRole) -> bool:
    """Managers, the tovholder of the role's branch and the koordinator of the role's team."""
    from ..access import can_decide_hours as allowed

    return allowed(user, role)


@transaction.atomic
def hours_report(
    *,
    volunteer: Volunteer,
    role: VolunteerRole,
    date: datetime.date,
    hours: Decimal,
    description: str,
    acting_user: User,
) -> HoursEntry:
    """A volunteer reports hours outside the shifts; they wait for approval."""
    if not volunteer.is_active:
        raise VolunteerError("Du er ikke længere registreret som frivillig.")
    if not reportable_roles(volunteer).filter(pk=role.pk).exists():
        raise VolunteerError("Du kan kun skrive timer på en opgave, du er godkendt til.")
    hours = Decimal(hours)
    if not MIN_HOURS <= hours <= MAX_HOURS:
        raise VolunteerError("Skriv mellem et kvarter (0,25) og 24 timer.")
    today = timezone.localdate()
    if date > today:
        raise VolunteerError("Du kan ikke skrive timer for en dag, der ikke er kommet endnu.")
    if date < today - datetime.timedelta(days=REPORT_DAYS_BACK):
        raise VolunteerError(
            "Timer, der er mere end et år gamle, aftaler du med din kontaktperson."
        )
    description = (description or "").strip()
    if not description:
        raise VolunteerError("Skriv kort, hvad du lavede.")
    entry = HoursEntry.objects.create(
        volunteer=volunteer,
        role=role,
        date=date,
        hours=hours,
        description=description[:300],
        status=HoursStatus.PENDING,
    )
    audit_record(
        actor=acting_user,
        action="volunteer_hours_reported",
        target=entry,
        changes={"hours": str(hours), "date": date.isoformat(), "role": role.pk},
    )
    return entry


def _lock_pending(entry: HoursEntry, acting_user: User) -> HoursEntry:
    # Lock the entry: two approvers pressing at once must not both decide (and both email).
    entry = (
        HoursEntry.objects.select_for_update(of=("self",))
        .select_related("role__branch", "role__team", "volunteer__user")
        .get(pk=entry.pk)
    )
    if not can_decide_hours(acting_user, entry.role):
        raise PermissionDenied
    if entry.status != HoursStatus.PENDING:
        raise VolunteerError("Timerne er allerede behandlet.")
    return entry


@transaction.atomic
def hours_approve(*, entry: HoursEntry, acting_user: User) -> HoursEntry:
    entry = _lock_pending(entry, acting_user)
    entry.status = HoursStatus.APPROVED
    entry.decided_by = acting_user
    entry.decided_at = timezone.now()
    entry.reject_reason = ""
    entry.save(update_fields=["status", "decided_by", "decided_at", "reject_reason"])
    audit_record(actor=acting_user, action="volunteer_hours_approved", target=entry)
    _email_decision(entry)
    return entry


@transaction.atomic
def hours_reject(*, entry: HoursEntry, acting_user: User, reason: str) -> HoursEntry:
    reason = (reason or "").strip()
    if not reason:
        raise VolunteerError("Skriv en begrundelse til den frivillige.")
    entry = _lock_pending(entry, acting_user)
    entry.status = HoursStatus.REJECTED
    entry.decided_by = acting_user
    entry.decided_at = timezone.now()
    entry.reject_reason = reason[:300]
    entry.save(update_fields=["status", "decided_by", "decided_at", "reject_reason"])
    audit_record(
        actor=acting_user,
        action="volunteer_hours_rejected",
        target=entry,
        changes={"reason": entry.reject_reason},
    )
    _email_decision(entry)
    return entry


def _email_decision(entry: HoursEntry):
    """The volunteer hears the decision (sent by the task backend after commit)."""
    if entry.volunteer is None or not entry.volunteer.user.email:
        return
    approved = entry.status == HoursStatus.APPROVED
    subject = _("Dine timer er godkendt") if approved else _("Dine timer er ikke godkendt")
    body = render_to_string(
        "volunteers/hours/email_decided.txt",
        {
            "entry": entry,
            "approved": approved,
            "library": Library.load(),
            "my_page": settings.SITE_URL + reverse("volunteers:me"),
        },
    )
    send_mail(str(subject), body, None, [entry.volunteer.user.email])


# --- Totals -------------------------------------------------------------------------------------

PERIODS = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}
# Each table: the columns it is grouped by. None as the first column means "no such thing":
# no focus area on the role, or a volunteer whose data was erased.
DIMENSIONS = {
    "volunteer": ("volunteer_id", "volunteer__user__name", "volunteer__user__email"),
    "role": ("role_id", "role__title"),
    "branch": ("role__branch_id", "role__branch__name"),
    "focus_area": ("role__focus_areas__id", "role__focus_areas__name"),
}


def approved_hours(
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    branch=None,
    role=None,
    focus_area=None,
) -> QuerySet:
    entries = HoursEntry.objects.filter(status=HoursStatus.APPROVED)
    if date_from:
        entries = entries.filter(date__gte=date_from)
    if date_to:
        entries = entries.filter(date__lte=date_to)
    if branch:
        entries = entries.filter(role__branch=branch)
    if role:
        entries = entries.filter(role=role)
    if focus_area:
        entries = entries.filter(role__focus_areas=focus_area)
    return entries


_SUM = Coalesce(
    Sum("hours"), Value(Decimal("0")), output_field=DecimalField(max_digits=12, decimal_places=2)
)


def _period_label(day: datetime.date, period: str) -> str:
    if period == "year":
        return str(day.year)
    if period == "quarter":
        return _("%(quarter)s. kvartal %(year)s") % {
            "quarter": (day.month - 1) // 3 + 1,
            "year": day.year,
        }
    from django.utils.dateformat import format as date_format

    return date_format(day, "F Y").capitalize()


def _label(dimension: str, values: tuple) -> str:
    key, *names = values
    if key is None:
        if dimension == "volunteer":
            return _("Tidligere frivillige")
        if dimension == "focus_area":
            return _("Uden indsatsområde")
        return _("Ukendt")
    return next((name for name in names if name), str(key))


def hours_totals(entries: QuerySet, *, period: str = "month") -> dict:
    """Approved hours summed per period, branch, role, focus area and volunteer.

    One aggregate query per table plus one for the grand total (six, however many entries).
    Each row: key, label, hours (Decimal), entries (count), volunteers (distinct, known ones).
    A focus area table counts an entry once under each focus area of its role, so that table's
    sum may exceed the grand total.
    """
    if period not in PERIODS:
        raise ValueError(f"Unknown period {period!r}")
    entries = entries.order_by()
    tables: dict[str, list[dict]] = {}

    per_period = (
        entries.annotate(period_start=PERIODS[period]("date"))
        .values("period_start")
        .annotate(total=_SUM, count=Count("pk"), people=Count("volunteer", distinct=True))
        .order_by("period_start")
    )
    tables["period"] = [
        {
            "key": row["period_start"].isoformat(),
            "label": _period_label(row["period_start"], period),
            "hours": row["total"],
            "entries": row["count"],
            "volunteers": row["people"],
        }
        for row in per_period
    ]
    for dimension, columns in DIMENSIONS.items():
        rows = (
            entries.values(*columns)
            .annotate(
                total=_SUM,
                count=Count("pk", distinct=True),
                people=Count("volunteer", distinct=True),
            )
            .order_by(columns[1], columns[0])
        )
        table = [
            {
                "key": row[columns[0]],
                "label": _label(dimension, tuple(row[c] for c in columns)),
                "hours": row["total"],
                "entries": row["count"],
                "volunteers": row["people"],
            }
            for row in rows
        ]
        # The rows without a name (erased volunteers, roles without a focus area) come last.
        table.sort(key=lambda row: row["key"] is None)
        tables[dimension] = table
    grand = entries.aggregate(
        total=_SUM,
        count=Count("pk", distinct=True),
        people=Count("volunteer", distinct=True),
        anonymous=Coalesce(
            Sum("hours", filter=Q(volunteer__isnull=True)),
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=12, decimal_places=2),
        ),
    )
    tables["total"] = {
        "hours": grand["total"],
        "entries": grand["count"],
        "volunteers": grand["people"],
        "anonymous_hours": grand["anonymous"],
    }
    return tables


def my_hours_summary(volunteer: Volunteer) -> dict:
    """A volunteer's own hours per status, in one query."""
    return HoursEntry.objects.filter(volunteer=volunteer).aggregate(
        approved=Coalesce(Sum("hours", filter=Q(status=HoursStatus.APPROVED)), Value(Decimal(0))),
        pending=Coalesce(Sum("hours", filter=Q(status=HoursStatus.PENDING)), Value(Decimal(0))),
        rejected=Coalesce(Sum("hours", filter=Q(status=HoursStatus.REJECTED)), Value(Decimal(0))),
    )
