"""Expectation agreements (forventningsafstemning): drafting, acceptance by both parties, PDF.

An agreement's text is frozen when it is drafted, from the current volunteer model and the
role's current version. A changed model or role yields a new version that both parties must
accept again; earlier versions are kept (marked superseded) and stay readable.

Callers (applications service):
- ``agreement_draft(application=..., acting_user=...)`` right after an application is approved;
- ``agreements_require_renewal(reason="model")`` after a new VolunteerModel version is saved;
- ``agreements_require_renewal(reason="role", role=role)`` after the role was saved with its
  ``version`` bumped. Volunteers whose latest agreement was already built from the current model
  and role version get no new version, so a repeated call drafts nothing twice.
"""

import calendar
import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from organisation.access import coordinates_team, leads_branch
from organisation.models import Library

from ..models import (
    Agreement,
    Application,
    ApplicationStatus,
    InsuranceBasis,
    Talk,
    TalkKind,
    VolunteerModel,
    VolunteerRole,
)
from . import VolunteerError

logger = logging.getLogger(__name__)

FOLLOW_UP_MONTHS = 3
FOLLOW_UP_KEY = "follow_up"


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _date(day: datetime.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def _person(user: User | None) -> str:
    if user is None:
        return "(ikke udpeget endnu)"
    contact = [str(user)]
    if user.title:
        contact.append(user.title)
    if user.email:
        contact.append(user.email)
    if user.phone:
        contact.append(f"tlf. {user.phone}")
    return ", ".join(contact)


def _follow_up_body(day: datetime.date) -> str:
    return (
        f"Vi holder en opfølgningssamtale senest den {_date(day)}. Her taler vi om, hvordan det "
        "går, om opgaven passer til dig, og om der er noget, vi skal gøre anderledes. "
        "Du og biblioteket kan altid bede om en samtale før."
    )


def agreement_sections(
    *,
    model: VolunteerModel,
    role: VolunteerRole,
    contact_person: User | None,
    follow_up_on: datetime.date,
    library: Library,
) -> list[dict]:
    """The agreement's text in plain Danish, frozen into the agreement when it is drafted."""
    library_name = library.name
    offers = "\n\n".join(
        text.strip() for text in [model.library_offers, role.library_offers] if text.strip()
    )
    if model.insurance_basis == InsuranceBasis.MUNICIPAL:
        insurance = (
            "Når du løser opgaver for biblioteket, er du dækket af kommunens forsikring for "
            "frivillige efter serviceloven § 18 a (ulykke og ansvar)."
        )
    else:
        insurance = "Når du løser opgaver for biblioteket, er du forsikret sådan:"
    if model.insurance_details.strip():
        insurance += "\n\n" + model.insurance_details.strip()
    sections = [
        {
            "key": "tasks",
            "heading": "Det laver du",
            "body": f"Du er frivillig som {role.title}.\n\n{role.purpose.strip()}\n\n"
            f"Dine opgaver:\n{role.tasks.strip()}",
        },
        {
            "key": "library_offers",
            "heading": "Det forpligter biblioteket sig til",
            "body": offers
            + "\n\nDu er et supplement til bibliotekets ansatte, og du skal aldrig løse opgaver, "
            "som ansatte er ansat til at løse.",
        },
        {
            "key": "library_expects",
            "heading": "Det forventer biblioteket af dig",
            "body": model.library_expects.strip(),
        },
        {
            "key": "contact",
            "heading": "Din kontaktperson",
            "body": f"Din kontaktperson er {_person(contact_person)}. "
            "Kontakt din kontaktperson, hvis du har spørgsmål, er forhindret, eller hvis noget "
            "ikke fungerer.",
        },
        {
            "key": "time",
            "heading": "Tid og omfang",
            "body": f"Forventet tid: {role.time_commitment.strip()}.\n\n"
            "Du skriver dig selv op til vagter på portalen og melder afbud i god tid, hvis du "
            "bliver forhindret. Du bestemmer selv, hvor meget du vil give, inden for det aftalte.",
        },
        {
            "key": "expenses",
            "heading": "Udgifter",
            "body": "Som frivillig får du ikke løn. Udgifter, som du har efter aftale med din "
            "kontaktperson, dækkes sådan, som frivillighedsmodellen beskriver under "
            "\u201cdet tilbyder biblioteket\u201d. Aftal altid udgiften med din kontaktperson "
            "på forhånd.\n\n"
            "Frivilligt arbejde for en offentlig institution kan have betydning for dagpenge "
            "eller efterløn. Spørg din a-kasse, før du begynder.",
        },
        {"key": "insurance", "heading": "Forsikring", "body": insurance},
        {
            "key": "confidentiality",
            "heading": "Tavshedspligt og fortrolighed",
            "body": f"{library_name} er en offentlig myndighed. Når du er frivillig, kan du få "
            "kendskab til oplysninger om bibliotekets brugere og om andre frivillige og ansatte. "
            "Dem må du ikke videregive eller bruge til andet end opgaven, heller ikke når du er "
            "stoppet som frivillig. Personoplysninger behandler du efter bibliotekets anvisninger "
            "og databeskyttelsesreglerne, og du kigger ikke i lånernes oplysninger.",
        },
    ]
    if role.involves_children:
        sections.append(
            {
                "key": "child_certificate",
                "heading": "Børneattest",
                "body": "Opgaven indebærer fast kontakt med børn under 15 år. Derfor skal "
                "biblioteket indhente en børneattest med dit samtykke, før du får vagter med "
                "børn, og igen med jævne mellemrum "
                f"(hvert {settings.SAMMEN_CHILD_CERTIFICATE_YEARS}. år). Biblioteket gemmer kun, "
                "om attesten er i orden og hvornår – aldrig attestens indhold eller dit "
                "CPR-nummer.",
            }
        )
    sections += [
        {
            "key": "ending",
            "heading": "Sådan stopper vi samarbejdet",
            "body": "Både du og biblioteket kan stoppe samarbejdet. Sig det til din kontaktperson, "
            "gerne med en måneds varsel, så vi kan finde en afløser til dine vagter. Biblioteket "
            "kan stoppe samarbejdet uden varsel, hvis aftalen eller tavshedspligten ikke holdes. "
            "Når du stopper, tilbyder vi dig en afsluttende samtale, og du kan få dine "
            "personoplysninger slettet på Min side.",
        },
        {"key": FOLLOW_UP_KEY, "heading": "Opfølgning", "body": _follow_up_body(follow_up_on)},
    ]
    return sections


def _notify_volunteer_drafted(agreement: Agreement, *, renewal: bool):
    user = agreement.application.volunteer.user
    if not user.email:
        return
    context = {
        "agreement": agreement,
        "role": agreement.application.role,
        "library": Library.load(),
        "renewal": renewal,
        "url": settings.SITE_URL + reverse("volunteers:my_agreement", args=[agreement.pk]),
    }
    send_mail(
        f"Din forventningsafstemning som {agreement.application.role.title} venter på dig",
        render_to_string("volunteers/agreements/email/drafted.txt", context),
        None,
        [user.email],
    )


def _notify_staff_volunteer_accepted(agreement: Agreement):
    """Tell the contact person that the library's acceptance is what is missing now."""
    role = agreement.application.role
    people = {agreement.contact_person, role.contact_person}
    recipients = sorted({person.email for person in people if person and person.email})
    if not recipients:
        return
    send_mail(
        f"{agreement.application.volunteer.user} har godkendt sin forventningsafstemning",
        render_to_string(
            "volunteers/agreements/email/volunteer_accepted.txt",
            {
                "agreement": agreement,
                "role": role,
                "library": Library.load(),
                "url": settings.SITE_URL
                + reverse("volunteers:agreement_detail", args=[agreement.pk]),
            },
        ),
        None,
        recipients,
    )


@transaction.atomic
def agreement_draft(*, application: Application, acting_user: User | None) -> Agreement:
    """Draft version n+1 of the application's agreement from the current model and role.

    Earlier versions are marked superseded (they stay readable); the volunteer is emailed.
    """
    # Lock the application: two concurrent drafts must not both take version n+1.
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("role__contact_person", "volunteer__user", "volunteer__mentor")
        .get(pk=application.pk)
    )
    if application.status != ApplicationStatus.APPROVED:
        raise VolunteerError(
            "Der kan kun laves en forventningsafstemning for en godkendt ansøgning."
        )
    model = VolunteerModel.current()
    if model is None:
        raise VolunteerError("Biblioteket har ikke skrevet sin frivillighedsmodel endnu.")
    role = application.role
    previous = application.agreements.order_by("-version").first()
    today = timezone.localdate()
    if previous and previous.follow_up_on >= today:
        follow_up_on = previous.follow_up_on
    elif previous:
        follow_up_on = add_months(today, FOLLOW_UP_MONTHS)
    else:
        approved_on = (
            timezone.localdate(application.decided_at) if application.decided_at else today
        )
        follow_up_on = add_months(approved_on, FOLLOW_UP_MONTHS)
    contact_person = application.volunteer.mentor or role.contact_person
    now = timezone.now()
    application.agreements.filter(superseded_at__isnull=True).update(superseded_at=now)
    agreement = Agreement.objects.create(
        application=application,
        version=(previous.version if previous else 0) + 1,
        model=model,
        role_version=role.version,
        sections=agreement_sections(
            model=model,
            role=role,
            contact_person=contact_person,
            follow_up_on=follow_up_on,
            library=Library.load(),
        ),
        contact_person=contact_person,
        follow_up_on=follow_up_on,
    )
    audit_record(
        actor=acting_user,
        action="volunteer_agreement_drafted",
        target=agreement,
        changes={
            "version": agreement.version,
            "model_version": model.version,
            "role_version": role.version,
        },
    )
    _notify_volunteer_drafted(agreement, renewal=previous is not None)
    return agreement


def agreements_require_renewal(
    *, reason: str, role: VolunteerRole | None = None, acting_user: User | None = None
) -> list[Agreement]:
    """A new agreement version, to be accepted again, for every active volunteer affected.

    ``reason="model"``: everyone with an approved application; ``reason="role"``: the role's.
    """
    if reason not in {"model", "role"}:
        raise ValueError(f"Unknown renewal reason: {reason!r}")
    if reason == "role" and role is None:
        raise ValueError("reason='role' needs the role")
    model = VolunteerModel.current()
    if model is None:
        return []
    applications = Application.objects.filter(
        status=ApplicationStatus.APPROVED, volunteer__ended_at__isnull=True
    ).select_related("role")
    if reason == "role":
        applications = applications.filter(role=role)
    drafted = []
    for application in applications.order_by("pk"):
        latest = application.agreements.order_by("-version").first()
        if (
            latest
            and latest.model_id == model.pk
            and latest.role_version == application.role.version
        ):
            continue  # already built from what is current
        # One transaction per volunteer: a failure for one does not undo the others.
        drafted.append(agreement_draft(application=application, acting_user=acting_user))
    return drafted


# --- Acceptance ------------------------------------------------------------------------------


def current_agreement(application: Application) -> Agreement | None:
    return application.agreements.filter(superseded_at__isnull=True).order_by("-version").first()


def may_accept_for_library(user, agreement: Agreement) -> bool:
    """The role's contact person, the agreement's contact person, the tovholder of the role's
    branch, the koordinator of its team, and managers."""
    if not (user.is_authenticated and getattr(user, "is_library_staff", False)):
        return False
    role = agreement.application.role
    return bool(
        user.is_manager
        or role.contact_person_id == user.pk
        or agreement.contact_person_id == user.pk
        or leads_branch(user, role.branch)
        or coordinates_team(user, role.team)
    )


def names_match(typed: str, name: str) -> bool:
    """Loosely: case and whitespace do not matter."""
    return " ".join(typed.split()).casefold() == " ".join(name.split()).casefold() != ""


def _lock(agreement: Agreement) -> Agreement:
    # The lock makes "both have accepted" be seen by exactly one of two concurrent acceptances.
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("application__role", "application__volunteer__user")
        .get(pk=agreement.pk)
    )


def _check_open(agreement: Agreement):
    if agreement.superseded_at:
        raise VolunteerError(
            "Der er kommet en nyere udgave af aftalen. Læs og godkend den i stedet."
        )
    if agreement.application.status != ApplicationStatus.APPROVED:
        raise VolunteerError("Aftalen gælder ikke længere.")


def agreement_accept_by_volunteer(
    *, agreement: Agreement, typed_name: str, confirmed: bool, acting_user: User
) -> Agreement:
    with transaction.atomic():
        agreement = _lock(agreement)
        user = agreement.application.volunteer.user
        if acting_user.pk != user.pk:
            raise VolunteerError("Kun den frivillige selv kan godkende aftalen på sine egne vegne.")
        _check_open(agreement)
        if agreement.volunteer_accepted_at:
            raise VolunteerError("Du har allerede godkendt aftalen.")
        if not confirmed:
            raise VolunteerError("Sæt kryds for at bekræfte, at du har læst og godkender aftalen.")
        if not names_match(typed_name, user.name):
            raise VolunteerError(
                "Skriv dit fulde navn, som det står på din profil"
                + (f" ({user.name})." if user.name else ". Tilføj dit navn på din profil først.")
            )
        agreement.volunteer_accepted_at = timezone.now()
        agreement.volunteer_accepted_name = " ".join(typed_name.split())
        agreement.save(update_fields=["volunteer_accepted_at", "volunteer_accepted_name"])
        audit_record(
            actor=acting_user, action="volunteer_agreement_accepted_by_volunteer", target=agreement
        )
        if not agreement.staff_accepted_at:
            _notify_staff_volunteer_accepted(agreement)
        _after_acceptance(agreement)
    return agreement


def agreement_accept_by_staff(*, agreement: Agreement, acting_user: User) -> Agreement:
    with transaction.atomic():
        agreement = _lock(agreement)
        if not may_accept_for_library(acting_user, agreement):
            raise VolunteerError(
                "Kun kontaktpersonen, tovholderen, koordinatoren eller en chef kan godkende på "
                "bibliotekets vegne."
            )
        _check_open(agreement)
        if agreement.staff_accepted_at:
            raise VolunteerError("Biblioteket har allerede godkendt aftalen.")
        agreement.staff_accepted_at = timezone.now()
        agreement.staff_accepted_by = acting_user
        agreement.save(update_fields=["staff_accepted_at", "staff_accepted_by"])
        audit_record(
            actor=acting_user, action="volunteer_agreement_accepted_by_staff", target=agreement
        )
        _after_acceptance(agreement)
    return agreement


def _after_acceptance(agreement: Agreement):
    """Called inside the acceptance transaction, holding the agreement lock."""
    if not agreement.is_accepted:
        return
    volunteer = agreement.application.volunteer
    has_open_follow_up = Talk.objects.filter(
        volunteer=volunteer, kind=TalkKind.FOLLOW_UP, held_on__isnull=True
    ).exists()
    if not has_open_follow_up:
        Talk.objects.create(
            volunteer=volunteer,
            kind=TalkKind.FOLLOW_UP,
            scheduled_for=agreement.follow_up_on,
            staff=agreement.contact_person,
        )
    # Rendering the PDF is slow: do it after commit, never while the lock is held.
    transaction.on_commit(lambda pk=agreement.pk: _render_pdf_after_commit(pk))


def _render_pdf_after_commit(pk: int):
    """The acceptance is committed whatever happens here; a PDF that failed to render is made
    when it is first downloaded (agreement_render_pdf is idempotent)."""
    try:
        agreement_render_pdf(agreement_pk=pk)
    except Exception:
        logger.exception("Could not render the PDF of volunteer agreement %s", pk)


def agreement_render_pdf(*, agreement_pk: int) -> Agreement | None:
    """Render and store the PDF of a fully accepted agreement, once: stored bytes never change."""
    from ..pdf import agreement_pdf

    agreement = Agreement.objects.select_related(
        "application__role__branch",
        "application__volunteer__user",
        "model",
        "contact_person",
        "staff_accepted_by",
    ).get(pk=agreement_pk)
    if not agreement.is_accepted or agreement.pdf:
        return agreement
    content = agreement_pdf(agreement)  # no lock held while rendering
    with transaction.atomic():
        # Only the first renderer stores its bytes; a concurrent second one is discarded.
        fresh = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if fresh.pdf:
            return fresh
        name = f"forventningsafstemning-{agreement.application_id}-v{agreement.version}.pdf"
        fresh.pdf.save(name, ContentFile(content), save=False)
        fresh.save(update_fields=["pdf"])
    return fresh


def agreement_set_follow_up(
    *, agreement: Agreement, follow_up_on: datetime.date, acting_user: User
) -> Agreement:
    """Staff change the follow-up date while nobody has accepted the agreement yet."""
    with transaction.atomic():
        agreement = _lock(agreement)
        _check_open(agreement)
        if agreement.volunteer_accepted_at or agreement.staff_accepted_at:
            raise VolunteerError(
                "Datoen kan ikke ændres, når aftalen er godkendt. "
                "Flyt i stedet opfølgningssamtalen."
            )
        if follow_up_on < timezone.localdate():
            raise VolunteerError("Opfølgningen kan ikke ligge i fortiden.")
        old = agreement.follow_up_on
        agreement.follow_up_on = follow_up_on
        for section in agreement.sections:
            if section.get("key") == FOLLOW_UP_KEY:
                section["body"] = _follow_up_body(follow_up_on)
        agreement.save(update_fields=["follow_up_on", "sections"])
        audit_record(
            actor=acting_user,
            action="volunteer_agreement_follow_up_changed",
            target=agreement,
            changes={"follow_up_on": [str(old), str(follow_up_on)]},
        )
    return agreement
