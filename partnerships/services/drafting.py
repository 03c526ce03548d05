"""Drafting an agreement: create it from a model, edit fields, sections, the responsibility
matrix, period, links and appendices. Every save ends in ``version_create``, which stores an
``AgreementVersion`` with the full snapshot (``agreement_snapshot``) unless nothing changed.

Invariant: a locked agreement (models.LOCKED_STATUSES: ready to sign, signed and after) cannot
be edited. Every service here locks the agreement row and checks that first, so no view, API
call or command can change what is about to be, or has been, signed; a change then means a new
agreement ("Lav ny version", services.workflow).

Placeholders in a model's clause text (shown to managers on the model pages, PLACEHOLDERS):

- filled when the agreement is created (they name the parties, which do not change):
  {library}, {library_full} (name, CVR-nr., address), {partner}, {partner_full} (name, CVR-nr.
  and address when known), {partner_signatory} (name and role), {owner} (the library's
  contact), {title};
- filled every time the document is shown (preview, versions, PDF), so a changed period shows
  up in the text: {start_date}, {end_date}, {notice_months}, {evaluation_date}. They stay in
  the working text of the sections; a period not set yet shows as "[… ikke udfyldt]".

Text in [square brackets] is a fill-in marker (FILL_IN_MARKER): the drafter replaces it, and
``unfilled_fields`` lists what is left; the workflow refuses "ready to sign" until none is.
"""

import datetime
import difflib
import hashlib
import os
import re
from html import escape
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from organisation.models import Branch, Library

from ..models import (
    Agreement,
    AgreementAppendix,
    AgreementEvent,
    AgreementKind,
    AgreementSection,
    AgreementStatus,
    AgreementTemplate,
    AgreementVersion,
    Partner,
    PartnerContact,
    ResponsibilityItem,
    Responsible,
)
from . import PartnershipError

PLACEHOLDERS = {
    "library": gettext_lazy("bibliotekets navn"),
    "library_full": gettext_lazy("bibliotekets navn, CVR-nummer og adresse"),
    "partner": gettext_lazy("partnerens navn"),
    "partner_full": gettext_lazy("partnerens navn, CVR-nummer og adresse"),
    "partner_signatory": gettext_lazy("underskriveren hos partneren (navn og rolle)"),
    "owner": gettext_lazy("bibliotekets kontaktperson"),
    "title": gettext_lazy("aftalens titel"),
    "start_date": gettext_lazy("startdato"),
    "end_date": gettext_lazy("slutdato"),
    "notice_months": gettext_lazy("opsigelsesvarsel i måneder"),
    "evaluation_date": gettext_lazy("evalueringsdato"),
}
IDENTITY_PLACEHOLDERS = (
    "library",
    "library_full",
    "partner",
    "partner_full",
    "partner_signatory",
    "owner",
    "title",
)
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

NUMBER_PREFIX = "SA"
NUMBER_ATTEMPTS = 5

# The document is written in Danish whatever language the person drafting uses.
_MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]
RESPONSIBLE_LABELS = {
    Responsible.LIBRARY: "Biblioteket",
    Responsible.PARTNER: "Partneren",
    Responsible.BOTH: "Begge",
}

# Rows the responsibility matrix starts with, per model; the drafter changes them freely.
DEFAULT_RESPONSIBILITIES = {
    AgreementKind.INTENT: [
        ("Holde kontakten og indkalde til møder", Responsible.LIBRARY),
        ("Komme med idéer til aktiviteter", Responsible.BOTH),
    ],
    AgreementKind.STANDARD: [
        ("Planlægning af indholdet", Responsible.BOTH),
        ("Lokaler og udstyr", Responsible.LIBRARY),
        ("Afvikling af aktiviteterne", Responsible.PARTNER),
        ("Markedsføring og tekst til bibliotekets kalender", Responsible.BOTH),
        ("Tilmelding af deltagere", Responsible.LIBRARY),
        ("Evaluering", Responsible.BOTH),
    ],
    AgreementKind.EVENT: [
        ("Program og indhold", Responsible.PARTNER),
        ("Lokale, opstilling og teknik", Responsible.LIBRARY),
        ("Markedsføring", Responsible.BOTH),
        ("Oprydning", Responsible.LIBRARY),
    ],
    AgreementKind.ROOMS: [
        ("Booking af tider", Responsible.PARTNER),
        ("Adgangskort og alarm", Responsible.PARTNER),
        ("Oprydning efter brug", Responsible.PARTNER),
        ("Vedligehold af lokale og udstyr", Responsible.LIBRARY),
    ],
}


# --- Text helpers ---------------------------------------------------------------------------


def danish_date(day: datetime.date | str | None) -> str:
    if not day:
        return ""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return f"{day.day}. {_MONTHS[day.month - 1]} {day.year}"


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Replace the known {placeholders} that have a value; anything else stays as written."""

    def replace(match):
        name = match.group(1)
        return values[name] if name in values else match.group(0)

    return _PLACEHOLDER.sub(replace, text)


def _org_full(name: str, cvr: str, address: str, postcode: str, city: str) -> str:
    parts = [name]
    if cvr:
        parts.append(f"CVR-nr. {cvr}")
    place = " ".join(p for p in (postcode, city) if p)
    parts.extend(p for p in (address, place) if p)
    return ", ".join(parts)


def _contact_label(contact: PartnerContact | None) -> str:
    if contact is None:
        return "[underskriver ikke valgt]"
    return f"{contact.name}, {contact.role}" if contact.role else contact.name


def _owner_label(owner: User | None) -> str:
    if owner is None:
        return "[ikke valgt]"
    name = owner.name or owner.email
    return f"{name} ({owner.email})" if owner.name and owner.email else name


def identity_values(
    *,
    library: Library,
    partner: Partner,
    signatory: PartnerContact | None,
    owner: User | None,
    title: str,
) -> dict[str, str]:
    return {
        "library": library.name,
        "library_full": _org_full(
            library.name, library.cvr, library.address, library.postcode, library.city
        ),
        "partner": partner.name,
        "partner_full": _org_full(
            partner.name, partner.cvr, partner.address, partner.postcode, partner.city
        ),
        "partner_signatory": _contact_label(signatory),
        "owner": _owner_label(owner),
        "title": title,
    }


def period_values(period: dict) -> dict[str, str]:
    """Values for the period placeholders from a snapshot's ``period``."""
    return {
        "start_date": danish_date(period.get("start_date")) or "[startdato ikke udfyldt]",
        "end_date": danish_date(period.get("end_date")) or "[slutdato ikke udfyldt]",
        "notice_months": str(period.get("notice_months") or "[ikke udfyldt]"),
        "evaluation_date": danish_date(period.get("evaluation_date"))
        or "[evalueringsdato ikke udfyldt]",
    }


def _period(agreement: Agreement) -> dict:
    """The agreement's period as a snapshot stores it (ISO dates)."""
    return {
        "start_date": agreement.start_date.isoformat() if agreement.start_date else None,
        "end_date": agreement.end_date.isoformat() if agreement.end_date else None,
        "notice_months": agreement.notice_months,
        "evaluation_date": (
            agreement.evaluation_date.isoformat() if agreement.evaluation_date else None
        ),
    }


# --- Fill-in markers --------------------------------------------------------------------------

# The one rule for a fill-in marker: "[" and "]" on one line with 1-120 characters between them
# and no bracket inside, e.g. "[beløb]" or "[lokale, fx mødelokale 1 på Tårnby Hovedbibliotek]".
# The models' clause text uses them as prompts for the drafter, and the document shows an unset
# period or signatory the same way ("[startdato ikke udfyldt]"). An agreement with one left
# cannot become ready to sign (services.workflow). A prompt with a marker inside it ("[Beskriv
# ..., fx [beløb] kr. ...]") shows the inner one first and the outer one once that is filled.
FILL_IN_MARKER = re.compile(r"\[[^\[\]\r\n]{1,120}\]")


class UnfilledField(NamedTuple):
    """One fill-in marker left in the document: the section as the document numbers it
    ("§ 7 Økonomi"), the marker as written ("[beløb]") and the section's key."""

    section: str
    marker: str
    key: str


def fill_in_markers(text: str) -> list[str]:
    return FILL_IN_MARKER.findall(text or "")


def content_unfilled_fields(content: dict) -> list[UnfilledField]:
    """The markers left in a version's (or a preview's) content, in document order. The
    sections are numbered as _document.html numbers them."""
    return [
        UnfilledField(f"§ {number} {section['title']}", marker, section["key"])
        for number, section in enumerate(content.get("sections") or [], start=1)
        for marker in fill_in_markers(section.get("text", ""))
    ]


def unfilled_fields(agreement: Agreement) -> list[UnfilledField]:
    """The markers left in the agreement's current section texts, as the document shows them
    (period placeholders filled in)."""
    fill = period_values(_period(agreement))
    sections = [
        {"key": s.key, "title": s.title, "text": fill_placeholders(s.text, fill)}
        for s in agreement.sections.all()
        if s.text.strip()
    ]
    return content_unfilled_fields({"sections": sections})


def unfilled_by_section(fields: list[UnfilledField]) -> list[tuple[str, list[str]]]:
    """[("§ 7 Økonomi", ["[beløb]", "[pr. år / i alt]"]), ...]: each marker once per section."""
    grouped: dict[str, list[str]] = {}
    for field in fields:
        markers = grouped.setdefault(field.section, [])
        if field.marker not in markers:
            markers.append(field.marker)
    return list(grouped.items())


def unfilled_message(fields: list[UnfilledField]) -> str:
    listed = "; ".join(
        f"{section} ({', '.join(markers)})" for section, markers in unfilled_by_section(fields)
    )
    return _(
        "Aftalen kan ikke underskrives, før alle felter i [firkantede parenteser] er udfyldt: "
        "%(fields)s."
    ) % {"fields": listed}


# --- Locking ----------------------------------------------------------------------------------


def locked_message(agreement: Agreement) -> str:
    return _(
        "Aftalen er låst, fordi den er %(status)s. En underskrevet eller klar-til-underskrift "
        "aftale kan ikke ændres – lav en ny version af aftalen i stedet."
    ) % {"status": agreement.get_status_display().lower()}


def _lock_for_edit(agreement: Agreement) -> Agreement:
    """Lock the agreement row and refuse if it is locked. Called inside a transaction: the
    row lock keeps a status change (P3's workflow locks the same row) from slipping in between
    this check and the save, so a signed agreement can never be edited."""
    fresh = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if fresh.is_locked:
        raise PartnershipError(locked_message(fresh))
    return fresh


def _check_editable(agreement: Agreement) -> None:
    if agreement.is_locked:
        raise PartnershipError(locked_message(agreement))


# --- Snapshot and versions --------------------------------------------------------------------


def agreement_snapshot(agreement: Agreement) -> dict:
    """Everything the document shows, as JSON-native values (see AgreementVersion.content)."""
    agreement = (
        Agreement.objects.select_related(
            "partner", "branch", "owner", "partner_signatory", "template_version__template"
        )
        .prefetch_related("activities", "initiatives", "focus_areas")
        .get(pk=agreement.pk)
    )
    library = Library.load()
    partner = agreement.partner
    signatory = agreement.partner_signatory
    period = _period(agreement)
    fill = period_values(period)
    template_version = agreement.template_version
    return {
        "number": agreement.number,
        "title": agreement.title,
        "kind": agreement.kind,
        "kind_name": template_version.template.name,
        "binding": agreement.binding,
        "template": {
            "name": template_version.template.name,
            "version": template_version.number,
        },
        "library": {
            "name": library.name,
            "cvr": library.cvr,
            "address": library.address,
            "postcode": library.postcode,
            "city": library.city,
            "email": library.email,
            "phone": library.phone,
            "branch": agreement.branch.name if agreement.branch else "",
            "contact": {
                "name": (agreement.owner.name or agreement.owner.email) if agreement.owner else "",
                "email": agreement.owner.email if agreement.owner else "",
            },
        },
        "partner": {
            "name": partner.name,
            "kind": partner.kind,
            "kind_name": partner.get_kind_display(),
            "cvr": partner.cvr,
            "address": partner.address,
            "postcode": partner.postcode,
            "city": partner.city,
            "signatory": (
                {
                    "name": signatory.name,
                    "role": signatory.role,
                    "email": signatory.email,
                }
                if signatory
                else None
            ),
            "may_sign": [
                {"name": c.name, "role": c.role, "email": c.email}
                for c in partner.contacts.filter(may_sign=True).order_by("name", "pk")
            ],
        },
        "period": period,
        "sections": [
            {"key": s.key, "title": s.title, "text": fill_placeholders(s.text, fill)}
            for s in agreement.sections.all()
            if s.text.strip()
        ],
        "responsibilities": [
            {
                "task": r.task,
                "responsible": r.responsible,
                "responsible_label": RESPONSIBLE_LABELS.get(r.responsible, r.responsible),
                "note": r.note,
            }
            for r in agreement.responsibilities.all()
        ],
        "appendices": [
            {"title": a.title, "sha256": a.sha256, "size": a.size}
            for a in agreement.appendices.all()
        ],
        "links": {
            "activities": [
                {
                    "id": a.pk,
                    "title": a.title,
                    "starts_at": timezone.localtime(a.starts_at).date().isoformat(),
                }
                for a in sorted(agreement.activities.all(), key=lambda a: (a.starts_at, a.pk))
            ],
            "initiatives": [
                {"id": i.pk, "title": i.title}
                for i in sorted(agreement.initiatives.all(), key=lambda i: i.pk)
            ],
            "focus_areas": [
                {"id": f.pk, "name": f.name}
                for f in sorted(agreement.focus_areas.all(), key=lambda f: f.name)
            ],
        },
    }


def preview_snapshot(agreement: Agreement, *, changes: dict) -> dict:
    """The snapshot as it would be after ``changes`` (the keys agreement_update takes), without
    saving anything: the live preview while drafting. Values are not validated here."""
    content = agreement_snapshot(agreement)
    if changes.get("title"):
        content["title"] = changes["title"]
    if "partner_signatory" in changes:
        contact = changes["partner_signatory"]
        content["partner"]["signatory"] = (
            {"name": contact.name, "role": contact.role, "email": contact.email}
            if contact
            else None
        )
    period = content["period"]
    for name in ("start_date", "end_date", "evaluation_date"):
        if name in changes:
            value = changes[name]
            period[name] = value.isoformat() if value else None
    if changes.get("notice_months") is not None:
        period["notice_months"] = changes["notice_months"]
    fill = period_values(period)
    texts = changes.get("sections") or {}
    content["sections"] = [
        {"key": s.key, "title": s.title, "text": fill_placeholders(text, fill)}
        for s in agreement.sections.all()
        if (text := (texts.get(s.key, s.text) or "").replace("\r\n", "\n").strip())
    ]
    if "responsibilities" in changes:
        content["responsibilities"] = [
            {
                "task": row["task"],
                "responsible": row["responsible"],
                "responsible_label": RESPONSIBLE_LABELS.get(row["responsible"], ""),
                "note": row.get("note", ""),
            }
            for row in changes["responsibilities"]
            if row.get("task")
        ]
    links = content["links"]
    if changes.get("activities") is not None:
        links["activities"] = [
            {
                "id": a.pk,
                "title": a.title,
                "starts_at": timezone.localtime(a.starts_at).date().isoformat(),
            }
            for a in sorted(changes["activities"], key=lambda a: (a.starts_at, a.pk))
        ]
    if changes.get("initiatives") is not None:
        links["initiatives"] = [
            {"id": i.pk, "title": i.title}
            for i in sorted(changes["initiatives"], key=lambda i: i.pk)
        ]
    if changes.get("focus_areas") is not None:
        links["focus_areas"] = [
            {"id": f.pk, "name": f.name}
            for f in sorted(changes["focus_areas"], key=lambda f: f.name)
        ]
    return content


def version_create(
    *,
    agreement: Agreement,
    acting_user: User | None = None,
    contact: PartnerContact | None = None,
    note: str = "",
) -> AgreementVersion:
    """Store the agreement's current content as a new version, unless it equals the latest
    version's content: then the latest version is returned and nothing is stored."""
    with transaction.atomic():
        # Lock the agreement row: two saves at once must not both take the same number, and
        # the content must not change while it is being copied.
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        content = agreement_snapshot(agreement)
        latest = agreement.versions.order_by("-number").first()
        if latest is not None and latest.content == content:
            return latest
        # A locked agreement's content is frozen: a new version could only come from an edit
        # that slipped past the services, so refuse it here too.
        _check_editable(agreement)
        return AgreementVersion.objects.create(
            agreement=agreement,
            number=(latest.number if latest else 0) + 1,
            content=content,
            note=note[:300],
            created_by=acting_user,
            created_by_contact=contact,
        )


# --- Create -----------------------------------------------------------------------------------


def _next_number(year: int) -> str:
    prefix = f"{NUMBER_PREFIX}-{year}-"
    last = (
        Agreement.objects.filter(number__startswith=prefix)
        .order_by(Length("number").desc(), "-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


def agreement_insert_numbered(**fields) -> Agreement:
    """Insert an agreement with the next number, "SA-<year>-<sequence>". Two agreements created
    at the same moment can both compute the same next number; the unique constraint on
    Agreement.number makes the later insert fail, and it retries (inside a savepoint, so the
    outer transaction survives) with the number after the one that won. No counter table is
    needed for that."""
    year = timezone.localdate().year
    for _attempt in range(NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                return Agreement.objects.create(number=_next_number(year), **fields)
        except IntegrityError:
            continue
    raise PartnershipError(_("Aftalen kunne ikke få et nummer. Prøv igen om lidt."))


def _default_signatory(partner: Partner) -> PartnerContact | None:
    return partner.contacts.filter(may_sign=True).order_by("-is_primary", "name", "pk").first()


def _check_signatory(partner: Partner, signatory: PartnerContact | None) -> None:
    if signatory is None:
        return
    if signatory.partner_id != partner.pk:
        raise PartnershipError(_("Underskriveren skal være en kontaktperson hos partneren."))
    if not signatory.may_sign:
        raise PartnershipError(
            _(
                "%(name)s må ikke underskrive på %(partner)s' vegne. Vælg en kontaktperson, der "
                "må underskrive, eller ret kontaktpersonen i partnerregistret."
            )
            % {"name": signatory.name, "partner": partner.name}
        )


@transaction.atomic
def agreement_create(
    *,
    partner: Partner,
    template: AgreementTemplate,
    title: str,
    owner: User | None,
    branch: Branch | None,
    acting_user: User,
    formalisation_answers: dict | None = None,
    partner_signatory: PartnerContact | None = None,
) -> Agreement:
    """A new draft from the model's current version: its sections (the variant for the
    partner's kind where there is one) with the parties filled in, a responsibility matrix to
    start from, and version 1."""
    if not title.strip():
        raise PartnershipError(_("Giv aftalen en titel."))
    if not partner.is_active:
        raise PartnershipError(_("Partneren er ikke aktiv. Aktivér partneren først."))
    if not template.is_active:
        raise PartnershipError(_("Aftalemodellen kan ikke vælges lige nu."))
    version = template.current_version()
    if version is None:
        raise PartnershipError(_("Aftalemodellen har ingen udgivet version endnu."))
    signatory = partner_signatory or _default_signatory(partner)
    _check_signatory(partner, signatory)

    fields = {
        "title": title.strip(),
        "partner": partner,
        "template_version": version,
        "kind": template.kind,
        "binding": template.binding,
        "status": AgreementStatus.DRAFT,
        "branch": branch,
        "owner": owner,
        "partner_signatory": signatory,
        "formalisation_answers": formalisation_answers or {},
        "created_by": acting_user,
    }
    agreement = agreement_insert_numbered(**fields)

    values = identity_values(
        library=Library.load(),
        partner=partner,
        signatory=signatory,
        owner=owner,
        title=agreement.title,
    )
    AgreementSection.objects.bulk_create(
        AgreementSection(
            agreement=agreement,
            template_section=section,
            key=section.key,
            order=section.order,
            title=section.title,
            text=fill_placeholders(section.text_for(partner.kind), values),
        )
        for section in version.sections.prefetch_related("variants")
    )
    ResponsibilityItem.objects.bulk_create(
        ResponsibilityItem(agreement=agreement, order=order, task=task, responsible=who)
        for order, (task, who) in enumerate(DEFAULT_RESPONSIBILITIES.get(template.kind, []))
    )
    AgreementEvent.objects.create(
        agreement=agreement,
        actor=acting_user,
        action="created",
        to_status=AgreementStatus.DRAFT,
        note=_("Oprettet ud fra %(model)s, version %(n)s.")
        % {"model": template.name, "n": version.number},
    )
    version_create(agreement=agreement, acting_user=acting_user, note=_("Oprettet"))
    return agreement


# --- Update -----------------------------------------------------------------------------------

UPDATABLE_FIELDS = (
    "title",
    "owner",
    "branch",
    "partner_signatory",
    "start_date",
    "end_date",
    "notice_months",
    "evaluation_date",
)
LINK_FIELDS = ("activities", "initiatives", "focus_areas")


def _check_period(agreement: Agreement) -> None:
    if agreement.start_date and agreement.end_date and agreement.end_date < agreement.start_date:
        raise PartnershipError(_("Slutdatoen skal ligge efter startdatoen."))
    if (
        agreement.evaluation_date
        and agreement.start_date
        and agreement.evaluation_date < agreement.start_date
    ):
        raise PartnershipError(_("Evalueringen skal ligge efter startdatoen."))
    if agreement.notice_months is not None and agreement.notice_months > 36:
        raise PartnershipError(_("Opsigelsesvarslet kan højst være 36 måneder."))


def _update_sections(agreement: Agreement, sections: dict[str, str]) -> None:
    by_key = {s.key: s for s in agreement.sections.select_related("template_section")}
    unknown = set(sections) - set(by_key)
    if unknown:
        raise PartnershipError(
            _("Aftalen har ikke afsnittet %(key)s.") % {"key": ", ".join(sorted(unknown))}
        )
    changed = []
    for key, text in sections.items():
        section = by_key[key]
        text = (text or "").replace("\r\n", "\n").strip()
        required = section.template_section is None or section.template_section.required
        if required and not text:
            raise PartnershipError(
                _("Afsnittet “%(title)s” skal med i aftalen. Skriv en tekst.")
                % {"title": section.title}
            )
        if text != section.text:
            section.text = text
            changed.append(section)
    AgreementSection.objects.bulk_update(changed, ["text"])


def _update_responsibilities(agreement: Agreement, rows: list[dict]) -> None:
    clean = []
    for row in rows:
        task = (row.get("task") or "").strip()
        if not task:
            continue
        responsible = row.get("responsible")
        if responsible not in Responsible.values:
            raise PartnershipError(
                _("Vælg, hvem der har ansvaret for “%(task)s”.") % {"task": task}
            )
        clean.append((task[:200], responsible, (row.get("note") or "").strip()[:300]))
    current = [
        (r.task, r.responsible, r.note) for r in agreement.responsibilities.order_by("order", "pk")
    ]
    if current == clean:
        return
    agreement.responsibilities.all().delete()
    ResponsibilityItem.objects.bulk_create(
        ResponsibilityItem(
            agreement=agreement, order=order, task=task, responsible=responsible, note=note
        )
        for order, (task, responsible, note) in enumerate(clean)
    )


def agreement_update(
    *, agreement: Agreement, acting_user: User, note: str = "", **changes
) -> Agreement:
    """Change a draft: any of UPDATABLE_FIELDS, ``sections`` ({key: text}),
    ``responsibilities`` ([{task, responsible, note}], replacing the matrix), and the links
    (``activities``, ``initiatives``, ``focus_areas``: iterables replacing the current ones).
    Ends with a new version if anything changed."""
    unknown = set(changes) - {*UPDATABLE_FIELDS, *LINK_FIELDS, "sections", "responsibilities"}
    if unknown:
        raise TypeError(f"agreement_update got unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        agreement = _lock_for_edit(agreement)
        fields = [name for name in UPDATABLE_FIELDS if name in changes]
        for name in fields:
            value = changes[name]
            if name == "title":
                value = (value or "").strip()
                if not value:
                    raise PartnershipError(_("Giv aftalen en titel."))
            setattr(agreement, name, value)
        if "partner_signatory" in changes:
            _check_signatory(agreement.partner, agreement.partner_signatory)
        _check_period(agreement)
        if fields:
            agreement.save(update_fields=[*fields, "updated_at"])
        if "sections" in changes:
            _update_sections(agreement, changes["sections"])
        if "responsibilities" in changes:
            _update_responsibilities(agreement, changes["responsibilities"])
        for name in LINK_FIELDS:
            if name in changes:
                getattr(agreement, name).set(list(changes[name]))
        version_create(agreement=agreement, acting_user=acting_user, note=note)
    return agreement


# --- Appendices -------------------------------------------------------------------------------


def _sha256(file) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    file.seek(0)
    for chunk in iter(lambda: file.read(64 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return digest.hexdigest(), size


def check_pdf(uploaded_file) -> None:
    """An appendix is a PDF, checked by its content (not its name or the browser's content
    type), no larger than SAMMEN_ATTACHMENT_MAX_MB: the initiatives' upload check, PDF only."""
    from initiatives.uploads import validate_attachment

    name = os.path.basename(getattr(uploaded_file, "name", "") or "") or "fil"
    uploaded_file.seek(0)
    head = uploaded_file.read(5)
    uploaded_file.seek(0)
    if head and not head.startswith(b"%PDF-"):
        raise PartnershipError(
            _("Filen “%(name)s” er ikke en PDF. Bilag skal være PDF-filer.") % {"name": name}
        )
    try:
        validate_attachment(uploaded_file)
    except ValidationError as exc:
        raise PartnershipError(" ".join(exc.messages)) from exc


def appendix_add(
    *, agreement: Agreement, acting_user: User, file, title: str = ""
) -> AgreementAppendix:
    original_name = getattr(file, "name", "") or "bilag.pdf"
    check_pdf(file)
    title = (title or "").strip() or original_name.rsplit(".", 1)[0]
    sha256, size = _sha256(file)
    with transaction.atomic():
        agreement = _lock_for_edit(agreement)
        appendix = AgreementAppendix(
            agreement=agreement,
            title=title[:200],
            sha256=sha256,
            size=size,
            uploaded_by=acting_user,
        )
        appendix.file.save(f"{agreement.number}-{sha256[:12]}.pdf", file, save=False)
        appendix.save()
        AgreementEvent.objects.create(
            agreement=agreement,
            actor=acting_user,
            action="appendix_added",
            note=_("Bilag tilføjet: %(title)s") % {"title": appendix.title},
        )
        version_create(
            agreement=agreement,
            acting_user=acting_user,
            note=_("Bilag tilføjet: %(title)s") % {"title": appendix.title},
        )
    return appendix


def appendix_remove(*, appendix: AgreementAppendix, acting_user: User) -> None:
    with transaction.atomic():
        agreement = _lock_for_edit(appendix.agreement)
        title = appendix.title
        appendix.delete()
        AgreementEvent.objects.create(
            agreement=agreement,
            actor=acting_user,
            action="appendix_removed",
            note=_("Bilag fjernet: %(title)s") % {"title": title},
        )
        version_create(
            agreement=agreement,
            acting_user=acting_user,
            note=_("Bilag fjernet: %(title)s") % {"title": title},
        )
    # The file stays in storage: earlier versions name it by its hash, and a version is never
    # changed.


# --- Diff -------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\s+|[^\s]+")
# Below this share of words in common, a section counts as rewritten and is shown as a whole.
REWRITE_RATIO = 0.3


def text_diff_html(before: str, after: str) -> SafeString:
    """A word-level diff: removed words in <del>, added in <ins>, everything escaped."""
    a, b = _TOKEN.findall(before or ""), _TOKEN.findall(after or "")
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if a and b and matcher.ratio() < REWRITE_RATIO:
        # Rewritten rather than edited: scattered common words would only make it unreadable.
        return mark_safe(f"<del>{escape(before)}</del><ins>{escape(after)}</ins>")  # noqa: S308
    # Segments of (deleted, inserted) text, with unchanged text as (same, same). A space
    # between two changes joins them, so a rewritten phrase reads as one change, not as
    # alternating words.
    segments: list[list] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
        changed = op != "equal"
        if segments and changed and segments[-1][2]:
            segments[-1][0] += old
            segments[-1][1] += new
        elif (
            changed
            and len(segments) >= 2
            and not segments[-1][2]
            and not segments[-1][0].strip()
            and segments[-2][2]
        ):
            space = segments.pop()[0]
            segments[-1][0] += space + old
            segments[-1][1] += space + new
        else:
            segments.append([old, new, changed])
    out = []
    for old, new, changed in segments:
        if not changed:
            out.append(escape(old))
            continue
        if old:
            out.append(f"<del>{escape(old)}</del>")
        if new:
            out.append(f"<ins>{escape(new)}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


def _field_rows(a: dict, b: dict) -> list[tuple[str, str, str]]:
    def period(content, name):
        value = (content.get("period") or {}).get(name)
        return danish_date(value) if name != "notice_months" else str(value or "")

    def signatory(content):
        person = (content.get("partner") or {}).get("signatory") or {}
        return ", ".join(p for p in (person.get("name"), person.get("role")) if p)

    def links(content, name, label="title"):
        return "; ".join(item[label] for item in (content.get("links") or {}).get(name, []))

    def binding(content):
        return _("Juridisk bindende") if content.get("binding") else _("Ikke juridisk bindende")

    rows = [
        (_("Titel"), a.get("title", ""), b.get("title", "")),
        (_("Bindende"), binding(a), binding(b)),
        (
            _("Partner"),
            (a.get("partner") or {}).get("name", ""),
            (b.get("partner") or {}).get("name", ""),
        ),
        (_("Underskriver hos partneren"), signatory(a), signatory(b)),
        (
            _("Bibliotekets kontaktperson"),
            (a.get("library") or {}).get("contact", {}).get("name", ""),
            (b.get("library") or {}).get("contact", {}).get("name", ""),
        ),
        (_("Gælder fra"), period(a, "start_date"), period(b, "start_date")),
        (_("Gælder til"), period(a, "end_date"), period(b, "end_date")),
        (_("Opsigelsesvarsel (måneder)"), period(a, "notice_months"), period(b, "notice_months")),
        (_("Evalueres"), period(a, "evaluation_date"), period(b, "evaluation_date")),
        (_("Aktiviteter"), links(a, "activities"), links(b, "activities")),
        (_("Initiativer"), links(a, "initiatives"), links(b, "initiatives")),
        (_("Indsatsområder"), links(a, "focus_areas", "name"), links(b, "focus_areas", "name")),
    ]
    return rows


def version_diff(version_a: AgreementVersion, version_b: AgreementVersion) -> dict:
    """What changed from version_a to version_b, for the "sammenlign" page and the API:

    {"fields": [{"label", "before", "after"}],
     "sections": [{"key", "title", "change": added|removed|changed, "title_before", "html"}],
     "responsibilities": [{"task", "change", "before", "after"}],
     "appendices": [{"title", "change"}],
     "unchanged": bool}
    Only changes are listed; ``html`` is escaped text with <ins>/<del> marks.
    """
    a, b = version_a.content, version_b.content
    fields = [
        {"label": label, "before": before, "after": after}
        for label, before, after in _field_rows(a, b)
        if before != after
    ]

    sections = []
    before_sections = {s["key"]: s for s in a.get("sections", [])}
    after_keys = set()
    for section in b.get("sections", []):
        after_keys.add(section["key"])
        old = before_sections.get(section["key"])
        if old is None:
            sections.append(
                {
                    "key": section["key"],
                    "title": section["title"],
                    "change": "added",
                    "title_before": "",
                    "html": text_diff_html("", section["text"]),
                }
            )
        elif old["text"] != section["text"] or old["title"] != section["title"]:
            sections.append(
                {
                    "key": section["key"],
                    "title": section["title"],
                    "change": "changed",
                    "title_before": old["title"] if old["title"] != section["title"] else "",
                    "html": text_diff_html(old["text"], section["text"]),
                }
            )
    for key, old in before_sections.items():
        if key not in after_keys:
            sections.append(
                {
                    "key": key,
                    "title": old["title"],
                    "change": "removed",
                    "title_before": "",
                    "html": text_diff_html(old["text"], ""),
                }
            )

    def row_label(row):
        note = f" ({row['note']})" if row.get("note") else ""
        return f"{row.get('responsible_label') or row['responsible']}{note}"

    responsibilities = []
    before_rows = {r["task"].casefold(): r for r in a.get("responsibilities", [])}
    after_tasks = set()
    for row in b.get("responsibilities", []):
        key = row["task"].casefold()
        after_tasks.add(key)
        old = before_rows.get(key)
        if old is None:
            responsibilities.append(
                {"task": row["task"], "change": "added", "before": "", "after": row_label(row)}
            )
        elif row_label(old) != row_label(row):
            responsibilities.append(
                {
                    "task": row["task"],
                    "change": "changed",
                    "before": row_label(old),
                    "after": row_label(row),
                }
            )
    for key, old in before_rows.items():
        if key not in after_tasks:
            responsibilities.append(
                {"task": old["task"], "change": "removed", "before": row_label(old), "after": ""}
            )

    before_files = {f["sha256"]: f for f in a.get("appendices", [])}
    after_files = {f["sha256"]: f for f in b.get("appendices", [])}
    appendices = [
        {"title": f["title"], "change": "added"}
        for sha, f in after_files.items()
        if sha not in before_files
    ] + [
        {"title": f["title"], "change": "removed"}
        for sha, f in before_files.items()
        if sha not in after_files
    ]
    return {
        "fields": fields,
        "sections": sections,
        "responsibilities": responsibilities,
        "appendices": appendices,
        "unchanged": not (fields or sections or responsibilities or appendices),
    }


def agreement_versions(agreement: Agreement):
    return agreement.versions.select_related("created_by", "created_by_contact").order_by("-number")
