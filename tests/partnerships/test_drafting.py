"""Drafting through services.drafting: a new agreement gets its number, the model's text with
the partner kind's variant and the parties filled in, and version 1; every save that changes
something makes exactly one version; a locked agreement refuses every change; appendices are
PDFs checked by their content."""

import datetime
import hashlib

import pytest

from organisation.models import Library
from partnerships.models import (
    LOCKED_STATUSES,
    Agreement,
    AgreementStatus,
    AgreementVersion,
    PartnerKind,
)
from partnerships.services import PartnershipError, drafting
from partnerships.services.drafting import (
    agreement_create,
    agreement_snapshot,
    agreement_update,
    appendix_add,
    appendix_remove,
    version_create,
)
from tests.activities.factories import ActivityFactory
from tests.factories import BranchFactory, FocusAreaFactory, StaffFactory
from tests.initiatives.staff_support import make_initiative
from tests.partnerships.factories import (
    PNG_BYTES,
    PartnerContactFactory,
    PartnerFactory,
    agreement_template,
    make_agreement,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    library = Library.load()
    library.name = "Tårnby Kommunebiblioteker"
    library.cvr = "12345674"
    library.address = "Kamillevej 10"
    library.postcode = "2770"
    library.city = "Kastrup"
    library.save()
    return library


def _school():
    partner = PartnerFactory(
        name="Skottegårdsskolen",
        kind=PartnerKind.SCHOOL,
        cvr="12345674",
        address="Skottegårdsvej 1",
        postcode="2770",
        city="Kastrup",
    )
    PartnerContactFactory(partner=partner, name="Lone Skoleleder", role="Skoleleder")
    return partner


def _sections(agreement) -> dict[str, str]:
    return dict(agreement.sections.values_list("key", "text"))


# --- Create ----------------------------------------------------------------------------------


def test_a_new_agreement_gets_a_number_version_1_and_the_models_sections(library):
    owner = StaffFactory(name="Lars Medarbejder", email="lars@bib.dk")
    agreement = agreement_create(
        partner=_school(),
        template=agreement_template("standard"),
        title="Læsebånd i 3. klasse",
        owner=owner,
        branch=None,
        acting_user=owner,
    )
    year = datetime.date.today().year
    assert agreement.number == f"SA-{year}-0001"
    assert agreement.status == AgreementStatus.DRAFT
    assert agreement.binding is True
    keys = list(agreement.sections.values_list("key", flat=True))
    assert keys == [
        "parter",
        "baggrund",
        "maalgruppe",
        "indhold",
        "roller",
        "periode",
        "oekonomi",
        "lokaler",
        "kommunikation",
        "persondata",
        "boerneattest",
        "rettigheder",
        "evaluering",
        "opsigelse",
        "tvister",
        "underskrifter",
    ]
    assert list(agreement.versions.values_list("number", flat=True)) == [1]
    assert agreement.responsibilities.count() > 0
    assert agreement.events.filter(action="created", actor=owner).exists()
    second = make_agreement()
    assert second.number == f"SA-{year}-0002"


def test_the_parties_are_filled_in_and_the_period_placeholders_wait_for_the_period(library):
    owner = StaffFactory(name="Lars Medarbejder", email="lars@bib.dk")
    agreement = agreement_create(
        partner=_school(),
        template=agreement_template("standard"),
        title="Læsebånd",
        owner=owner,
        branch=None,
        acting_user=owner,
    )
    texts = _sections(agreement)
    parties = texts["parter"]
    assert "Tårnby Kommunebiblioteker, CVR-nr. 12345674, Kamillevej 10, 2770 Kastrup" in parties
    assert "Skottegårdsskolen, CVR-nr. 12345674, Skottegårdsvej 1, 2770 Kastrup" in parties
    assert "Lone Skoleleder, Skoleleder" in parties
    assert "Lars Medarbejder (lars@bib.dk)" in parties
    for text in texts.values():
        for name in drafting.IDENTITY_PLACEHOLDERS:
            assert "{" + name + "}" not in text
    # The period is set later: the working text keeps the placeholder ...
    assert "{start_date}" in texts["periode"]
    content = agreement.versions.get().content
    periode = next(s for s in content["sections"] if s["key"] == "periode")
    assert "{start_date}" not in periode["text"]
    assert "[startdato ikke udfyldt]" in periode["text"]
    # ... and the document shows the dates once they are set.
    agreement_update(
        agreement=agreement,
        acting_user=owner,
        start_date=datetime.date(2027, 1, 1),
        end_date=datetime.date(2027, 12, 31),
        notice_months=6,
    )
    content = agreement.latest_version().content
    periode = next(s for s in content["sections"] if s["key"] == "periode")
    assert "Aftalen gælder fra 1. januar 2027 til 31. december 2027." in periode["text"]
    opsigelse = next(s for s in content["sections"] if s["key"] == "opsigelse")
    assert "med 6 måneders varsel" in opsigelse["text"]


@pytest.mark.parametrize(
    "kind, key, expected, default_phrase",
    [
        (PartnerKind.SCHOOL, "boerneattest", "skolens lærere og pædagoger", "efter de gældende"),
        (PartnerKind.DAYCARE, "boerneattest", "dagtilbuddets personale", "efter de gældende"),
        (PartnerKind.COMPANY, "oekonomi", "anbefaler ikke virksomhedens", "Hver part betaler"),
        (PartnerKind.MUNICIPAL, "oekonomi", "sendes ikke fakturaer", "Hver part betaler"),
        (PartnerKind.MUNICIPAL, "tvister", "fælles ledelse i kommunen", "dansk ret"),
    ],
)
def test_the_partner_kind_gets_its_variant_text(kind, key, expected, default_phrase):
    partner = PartnerFactory(kind=kind)
    agreement = make_agreement(partner=partner)
    text = _sections(agreement)[key]
    assert expected in text
    assert default_phrase not in text
    # An association gets the default wording.
    assert expected not in _sections(make_agreement())[key]


def test_a_hensigtserklaering_is_not_binding_and_says_so():
    agreement = make_agreement(kind="intent")
    assert agreement.binding is False
    content = agreement.latest_version().content
    assert content["binding"] is False
    assert "ikke juridisk bindende" in _sections(agreement)["ikke-bindende"]


def test_the_number_is_retried_when_a_concurrent_draft_took_it(monkeypatch):
    first = make_agreement()
    taken = first.number
    real = drafting._next_number
    calls = []

    def stale_then_real(year):
        # The first call returns the number another request inserted a moment ago.
        calls.append(year)
        return taken if len(calls) == 1 else real(year)

    monkeypatch.setattr(drafting, "_next_number", stale_then_real)
    second = make_agreement()
    assert len(calls) == 2
    assert second.number != taken
    assert Agreement.objects.filter(number=taken).count() == 1


def test_a_number_that_keeps_colliding_gives_a_danish_error(monkeypatch):
    taken = make_agreement().number
    monkeypatch.setattr(drafting, "_next_number", lambda year: taken)
    with pytest.raises(PartnershipError, match="nummer"):
        make_agreement()
    assert Agreement.objects.count() == 1


# --- Versions --------------------------------------------------------------------------------


def test_each_save_that_changes_something_makes_exactly_one_version():
    agreement = make_agreement()
    user = agreement.owner
    assert agreement.versions.count() == 1
    agreement_update(
        agreement=agreement,
        acting_user=user,
        title="Ny titel",
        sections={"baggrund": "Vi vil læse sammen."},
        responsibilities=[{"task": "Kaffe", "responsible": "partner", "note": ""}],
        start_date=datetime.date(2027, 1, 1),
    )
    assert agreement.versions.count() == 2
    latest = agreement.latest_version()
    assert latest.number == 2
    assert latest.created_by == user
    assert latest.content["title"] == "Ny titel"
    assert latest.content["responsibilities"] == [
        {"task": "Kaffe", "responsible": "partner", "responsible_label": "Partneren", "note": ""}
    ]


def test_saving_the_same_content_again_makes_no_new_version():
    agreement = make_agreement(title="Læseklub")
    count = agreement.versions.count()
    agreement_update(agreement=agreement, acting_user=agreement.owner, title="Læseklub")
    agreement_update(
        agreement=agreement,
        acting_user=agreement.owner,
        sections=_sections(agreement),
    )
    assert version_create(agreement=agreement, acting_user=agreement.owner) == (
        agreement.latest_version()
    )
    assert agreement.versions.count() == count


def test_the_snapshot_holds_everything_the_document_shows(library):
    partner = _school()
    focus = FocusAreaFactory(name="Læselyst")
    activity = ActivityFactory(title="Højtlæsning")
    initiative = make_initiative(title="Læsevenner")
    agreement = make_agreement(
        partner=partner,
        branch=BranchFactory(name="Vestamager Bibliotek"),
        start_date=datetime.date(2027, 1, 1),
        end_date=datetime.date(2027, 6, 30),
        evaluation_date=datetime.date(2027, 5, 1),
        focus_areas=[focus],
        activities=[activity],
        initiatives=[initiative],
    )
    appendix_add(agreement=agreement, acting_user=agreement.owner, file=pdf_upload())
    content = agreement.latest_version().content
    assert content == agreement_snapshot(agreement)
    assert content["library"]["name"] == "Tårnby Kommunebiblioteker"
    assert content["library"]["cvr"] == "12345674"
    assert content["library"]["branch"] == "Vestamager Bibliotek"
    assert content["partner"]["cvr"] == "12345674"
    assert content["partner"]["address"] == "Skottegårdsvej 1"
    assert content["partner"]["signatory"]["name"] == "Lone Skoleleder"
    assert [c["name"] for c in content["partner"]["may_sign"]] == ["Lone Skoleleder"]
    assert content["period"] == {
        "start_date": "2027-01-01",
        "end_date": "2027-06-30",
        "notice_months": 3,
        "evaluation_date": "2027-05-01",
    }
    assert content["binding"] is True
    assert content["appendices"][0]["sha256"] == hashlib.sha256(pdf_upload().read()).hexdigest()
    assert content["links"]["activities"][0]["title"] == "Højtlæsning"
    assert content["links"]["initiatives"][0]["title"] == "Læsevenner"
    assert content["links"]["focus_areas"][0]["name"] == "Læselyst"


# --- Rules -----------------------------------------------------------------------------------


def test_the_partner_signatory_must_be_a_contact_of_the_partner_who_may_sign():
    agreement = make_agreement()
    may_not = PartnerContactFactory(partner=agreement.partner, may_sign=False, name="Bo Kasserer")
    other = PartnerContactFactory(name="Fremmed")
    with pytest.raises(PartnershipError, match="Bo Kasserer må ikke underskrive"):
        agreement_update(
            agreement=agreement, acting_user=agreement.owner, partner_signatory=may_not
        )
    with pytest.raises(PartnershipError, match="kontaktperson hos partneren"):
        agreement_update(agreement=agreement, acting_user=agreement.owner, partner_signatory=other)
    may = PartnerContactFactory(partner=agreement.partner, may_sign=True, name="Kim Næstformand")
    agreement_update(agreement=agreement, acting_user=agreement.owner, partner_signatory=may)
    assert agreement.latest_version().content["partner"]["signatory"]["name"] == "Kim Næstformand"


def test_a_required_section_cannot_be_emptied_but_an_optional_one_is_left_out():
    agreement = make_agreement()
    with pytest.raises(PartnershipError, match="Baggrund og formål"):
        agreement_update(
            agreement=agreement, acting_user=agreement.owner, sections={"baggrund": " "}
        )
    agreement_update(
        agreement=agreement, acting_user=agreement.owner, sections={"boerneattest": ""}
    )
    keys = [s["key"] for s in agreement.latest_version().content["sections"]]
    assert "boerneattest" not in keys
    assert "baggrund" in keys


def test_the_period_must_make_sense():
    agreement = make_agreement()
    with pytest.raises(PartnershipError, match="Slutdatoen"):
        agreement_update(
            agreement=agreement,
            acting_user=agreement.owner,
            start_date=datetime.date(2027, 6, 1),
            end_date=datetime.date(2027, 1, 1),
        )
    agreement.refresh_from_db()
    assert agreement.start_date is None
    assert agreement.versions.count() == 1


# --- Locked agreements -----------------------------------------------------------------------


@pytest.mark.parametrize("status", sorted(LOCKED_STATUSES))
def test_a_locked_agreement_refuses_every_change_with_the_danish_message(status):
    agreement = make_agreement()
    appendix = appendix_add(agreement=agreement, acting_user=agreement.owner, file=pdf_upload())
    Agreement.objects.filter(pk=agreement.pk).update(status=status)
    agreement.refresh_from_db()
    versions = agreement.versions.count()
    before = agreement_snapshot(agreement)
    user = agreement.owner
    attempts = [
        lambda: agreement_update(agreement=agreement, acting_user=user, title="Ændret"),
        lambda: agreement_update(
            agreement=agreement, acting_user=user, sections={"baggrund": "Ændret"}
        ),
        lambda: agreement_update(
            agreement=agreement,
            acting_user=user,
            responsibilities=[{"task": "Ny", "responsible": "both"}],
        ),
        lambda: agreement_update(
            agreement=agreement, acting_user=user, start_date=datetime.date(2030, 1, 1)
        ),
        lambda: agreement_update(agreement=agreement, acting_user=user, focus_areas=[]),
        lambda: appendix_add(agreement=agreement, acting_user=user, file=pdf_upload("ny.pdf")),
        lambda: appendix_remove(appendix=appendix, acting_user=user),
    ]
    for attempt in attempts:
        with pytest.raises(PartnershipError, match="Aftalen er låst"):
            attempt()
    assert agreement_snapshot(agreement) == before
    assert agreement.versions.count() == versions


def test_the_lock_is_checked_on_the_row_not_on_a_stale_object():
    agreement = make_agreement()
    stale = Agreement.objects.get(pk=agreement.pk)
    Agreement.objects.filter(pk=agreement.pk).update(status=AgreementStatus.SIGNED)
    assert stale.status == AgreementStatus.DRAFT
    with pytest.raises(PartnershipError, match="Aftalen er låst"):
        agreement_update(agreement=stale, acting_user=stale.owner, title="Ændret efter underskrift")
    assert Agreement.objects.get(pk=agreement.pk).title == "Læseklub for seniorer"


# --- Appendices ------------------------------------------------------------------------------


def test_a_pdf_appendix_is_stored_with_its_hash_and_makes_a_version():
    agreement = make_agreement()
    appendix = appendix_add(
        agreement=agreement,
        acting_user=agreement.owner,
        file=pdf_upload("Databehandleraftale.pdf"),
        title="",
    )
    assert appendix.title == "Databehandleraftale"
    assert appendix.sha256 == hashlib.sha256(pdf_upload().read()).hexdigest()
    assert appendix.file.read().startswith(b"%PDF-")
    assert agreement.versions.count() == 2
    appendix_remove(appendix=appendix, acting_user=agreement.owner)
    assert agreement.versions.count() == 3
    assert agreement.latest_version().content["appendices"] == []


def test_an_appendix_is_checked_by_its_content_not_its_name():
    agreement = make_agreement()
    with pytest.raises(PartnershipError, match="ikke en PDF"):
        appendix_add(
            agreement=agreement,
            acting_user=agreement.owner,
            file=pdf_upload("bilag.pdf", PNG_BYTES),
        )
    with pytest.raises(PartnershipError):
        appendix_add(
            agreement=agreement,
            acting_user=agreement.owner,
            file=pdf_upload("bilag.pdf", b"<html><script>alert(1)</script></html>"),
        )
    assert agreement.appendices.count() == 0
    assert agreement.versions.count() == 1


def test_an_appendix_larger_than_the_limit_is_refused(settings):
    settings.SAMMEN_ATTACHMENT_MAX_MB = 1
    agreement = make_agreement()
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024) + b"\n%%EOF\n"
    with pytest.raises(PartnershipError, match="højst fylde 1 MB"):
        appendix_add(
            agreement=agreement, acting_user=agreement.owner, file=pdf_upload("stor.pdf", big)
        )
    assert not AgreementVersion.objects.filter(agreement=agreement, number=2).exists()
