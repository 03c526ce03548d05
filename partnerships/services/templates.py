"""Agreement models (templates): managers change a model by drafting a new version and publishing
it; and "Skal det formaliseres?", which recommends a model from a few answers.

Invariant (models.AgreementTemplateVersion): a published version never changes. Agreements point
at the version they were drafted from, so a manager's edit is always a new draft version (a copy
of the current one, sections and variants included) that becomes current when published.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import is_manager
from accounts.models import User

from ..models import (
    AgreementKind,
    AgreementTemplate,
    AgreementTemplateVersion,
    SectionVariant,
    TemplateSection,
)
from . import PartnershipError


def _require_manager(user: User) -> None:
    if not is_manager(user):
        raise PartnershipError(_("Kun ledere kan ændre aftalemodellerne."))


def _require_draft(version: AgreementTemplateVersion) -> None:
    if version.published_at is not None:
        raise PartnershipError(
            _(
                "Versionen er udgivet og kan ikke ændres, fordi aftaler bygger på den. "
                "Lav en ny version i stedet."
            )
        )


def template_draft_version(
    *, template: AgreementTemplate, acting_user: User
) -> AgreementTemplateVersion:
    """The model's open draft version, or a new one copied from the current version."""
    _require_manager(acting_user)
    with transaction.atomic():
        # Lock the model so two managers clicking "Ny version" at once get the same draft.
        template = AgreementTemplate.objects.select_for_update().get(pk=template.pk)
        draft = template.versions.filter(published_at__isnull=True).first()
        if draft is not None:
            return draft
        source = template.current_version()
        number = (template.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        draft = AgreementTemplateVersion.objects.create(
            template=template, number=number, created_by=acting_user
        )
        if source is not None:
            for section in source.sections.prefetch_related("variants"):
                copy = TemplateSection.objects.create(
                    version=draft,
                    order=section.order,
                    key=section.key,
                    title=section.title,
                    guidance=section.guidance,
                    default_text=section.default_text,
                    required=section.required,
                )
                SectionVariant.objects.bulk_create(
                    SectionVariant(section=copy, partner_kind=v.partner_kind, text=v.text)
                    for v in section.variants.all()
                )
        return draft


def template_section_update(
    *,
    section: TemplateSection,
    acting_user: User,
    title: str,
    guidance: str,
    default_text: str,
    required: bool,
    variants: dict[str, str],
) -> TemplateSection:
    """Change one section of a draft version; ``variants`` maps partner kind -> text (an empty
    text removes that kind's variant)."""
    _require_manager(acting_user)
    _require_draft(section.version)
    section.title, section.guidance = title.strip(), guidance.strip()
    section.default_text, section.required = default_text.strip(), required
    with transaction.atomic():
        section.save(update_fields=["title", "guidance", "default_text", "required"])
        for kind, text in variants.items():
            if text.strip():
                SectionVariant.objects.update_or_create(
                    section=section, partner_kind=kind, defaults={"text": text.strip()}
                )
            else:
                section.variants.filter(partner_kind=kind).delete()
    return section


def template_section_add(
    *, version: AgreementTemplateVersion, acting_user: User, key: str, title: str
) -> TemplateSection:
    _require_manager(acting_user)
    _require_draft(version)
    if version.sections.filter(key=key).exists():
        raise PartnershipError(_("Der er allerede et afsnit med den nøgle i modellen."))
    order = (version.sections.aggregate(n=Max("order"))["n"] or 0) + 1
    return TemplateSection.objects.create(
        version=version, key=key, title=title.strip(), order=order, required=False
    )


def template_section_remove(*, section: TemplateSection, acting_user: User) -> None:
    _require_manager(acting_user)
    _require_draft(section.version)
    section.delete()


def template_publish(
    *, version: AgreementTemplateVersion, acting_user: User, change_note: str
) -> AgreementTemplateVersion:
    """Make the draft the model's current version. Earlier versions stay as they were, and
    agreements already drafted keep the version they were drafted from."""
    _require_manager(acting_user)
    _require_draft(version)
    if not version.sections.exists():
        raise PartnershipError(_("En model skal have mindst ét afsnit, før den kan udgives."))
    if not change_note.strip():
        raise PartnershipError(_("Skriv kort, hvad der er ændret i denne version."))
    version.published_at = timezone.now()
    version.change_note = change_note.strip()
    version.save(update_fields=["published_at", "change_note"])
    return version


# --- "Skal det formaliseres?" ---------------------------------------------------------------

QUESTIONS = {
    "money": gettext_lazy(
        "Er der penge involveret – honorar, sponsorat, betaling eller fælles udgifter?"
    ),
    "personal_data": gettext_lazy("Skal partneren behandle personoplysninger, fx tilmeldinger?"),
    "children": gettext_lazy("Har partnerens folk direkte kontakt med børn under 15 år?"),
    "rooms": gettext_lazy("Skal partneren låne eller leje bibliotekets lokaler eller udstyr fast?"),
    "repeated": gettext_lazy("Er der tale om mere end ét arrangement?"),
}


class Duration:
    SINGLE_DAY = "day"
    MONTHS = "months"
    YEAR_PLUS = "year_plus"
    CHOICES = [
        (SINGLE_DAY, gettext_lazy("Én dag eller et enkelt arrangement")),
        (MONTHS, gettext_lazy("Nogle uger eller måneder")),
        (YEAR_PLUS, gettext_lazy("Et år eller mere")),
    ]


@dataclass
class Recommendation:
    """What the questionnaire recommends. ``kind`` is None when no formal agreement is needed."""

    kind: str | None
    reasons: list[str] = field(default_factory=list)
    headline: str = ""

    @property
    def needs_agreement(self) -> bool:
        return self.kind is not None

    @property
    def kind_label(self) -> str:
        return str(AgreementKind(self.kind).label) if self.kind else ""


def recommend_model(answers: dict) -> Recommendation:
    """Recommend an agreement model from the questionnaire's answers.

    ``answers``: money, personal_data, children, rooms, repeated (bool) and duration
    (Duration.*). The rules, most binding first:
    - money, personal data or children → a binding samarbejdsaftale, unless it is one event
      (then an arrangementsaftale, which has the same clauses for that);
    - only rooms/equipment used regularly → a lokaleaftale;
    - one event with nothing of the above → an arrangementsaftale is enough;
    - repeated or long-running, nothing else → a hensigtserklæring (not binding);
    - nothing points to an agreement → none needed; an email confirming what was agreed is fine.
    """
    money = bool(answers.get("money"))
    personal_data = bool(answers.get("personal_data"))
    children = bool(answers.get("children"))
    rooms = bool(answers.get("rooms"))
    repeated = bool(answers.get("repeated"))
    duration = answers.get("duration") or Duration.SINGLE_DAY
    long_running = duration in {Duration.MONTHS, Duration.YEAR_PLUS}
    single_event = not repeated and not long_running

    reasons = []
    if money:
        reasons.append(
            _(
                "Der er penge involveret. Skriv ned, hvem der betaler hvad og hvornår, så ingen "
                "bliver overrasket – og så biblioteket kan dokumentere udgiften."
            )
        )
    if personal_data:
        reasons.append(
            _(
                "Partneren skal behandle personoplysninger. Behandler partneren dem på "
                "bibliotekets vegne, skal der også laves en databehandleraftale som bilag."
            )
        )
    if children:
        reasons.append(
            _(
                "Partnerens folk har kontakt med børn under 15 år. Aftalen skal sige, at der "
                "indhentes børneattest, og hvem der har ansvaret for børnene."
            )
        )
    if rooms:
        reasons.append(
            _(
                "Partneren skal bruge bibliotekets lokaler eller udstyr. Skriv ned, hvornår, "
                "hvordan, og hvem der betaler for skader."
            )
        )

    if money or personal_data or children:
        if single_event:
            return Recommendation(
                kind=AgreementKind.EVENT,
                reasons=[
                    *reasons,
                    _(
                        "Det er ét arrangement, så en arrangementsaftale er nok: den har afsnit "
                        "om honorar, tilmeldinger og børneattest."
                    ),
                ],
                headline=_("Lav en arrangementsaftale."),
            )
        if duration == Duration.YEAR_PLUS:
            reasons.append(
                _(
                    "Samarbejdet varer et år eller mere. Aftal periode, opsigelse og en "
                    "evaluering undervejs."
                )
            )
        return Recommendation(
            kind=AgreementKind.STANDARD,
            reasons=[
                *reasons,
                _(
                    "Det er et samarbejde over tid, hvor der står noget på spil. En bindende "
                    "samarbejdsaftale giver begge parter klare forventninger."
                ),
            ],
            headline=_("Lav en samarbejdsaftale."),
        )
    if rooms:
        if single_event:
            return Recommendation(
                kind=AgreementKind.EVENT,
                reasons=[
                    *reasons,
                    _(
                        "Det er ét arrangement, så lokaler og udstyr kan aftales i en "
                        "arrangementsaftale."
                    ),
                ],
                headline=_("Lav en arrangementsaftale."),
            )
        return Recommendation(
            kind=AgreementKind.ROOMS,
            reasons=[
                *reasons,
                _(
                    "Partneren bruger lokalerne fast. En lokaleaftale beskriver tider, adgang, "
                    "regler og hvem der betaler for skader."
                ),
            ],
            headline=_("Lav en lokaleaftale."),
        )
    if single_event:
        return Recommendation(
            kind=None,
            reasons=[
                _(
                    "Der er hverken penge, personoplysninger, børn eller faste lokaler "
                    "involveret, og det er ét arrangement."
                ),
                _(
                    "En formel aftale er ikke nødvendig. Send en e-mail til partneren, der "
                    "bekræfter, hvad I har aftalt: tid, sted og hvem der gør hvad."
                ),
                _(
                    "Bliver det til mere, så lav en hensigtserklæring eller en "
                    "arrangementsaftale senere."
                ),
            ],
            headline=_("Det er ikke nødvendigt at lave en formel aftale."),
        )
    reasons = [
        _(
            "Der er hverken penge, personoplysninger, børn eller faste lokaler involveret, så "
            "der er ikke brug for en bindende aftale."
        ),
        _(
            "Men samarbejdet strækker sig over flere gange eller længere tid. En "
            "hensigtserklæring skriver jeres fælles forventninger ned uden at binde nogen."
        ),
    ]
    return Recommendation(
        kind=AgreementKind.INTENT,
        reasons=reasons,
        headline=_("Lav en hensigtserklæring – eller nøjes med en e-mail."),
    )
