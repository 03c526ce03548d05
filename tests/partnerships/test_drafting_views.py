"""Drafting in steps in the back office: start a draft, fill in text, responsibility matrix,
period and appendices (each save a version), the live preview from unsaved data (htmx and
without JavaScript), the agreement's page, and who may do what."""

import datetime

import pytest

from partnerships.models import Agreement, AgreementStatus
from tests.activities.factories import ActivityFactory
from tests.conftest import _client_for
from tests.factories import FocusAreaFactory, StaffFactory
from tests.html import error_summary, field_errors, form_values
from tests.partnerships.factories import (
    PDF_BYTES,
    PNG_BYTES,
    PartnerContactFactory,
    PartnerFactory,
    agreement_template,
    make_agreement,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

NEW = "/personale/aftaler/ny/"


def step(agreement, name):
    return f"/personale/aftaler/{agreement.pk}/rediger/{name}/"


def preview(agreement, name):
    return f"/personale/aftaler/{agreement.pk}/forhaandsvisning/{name}/"


@pytest.fixture
def draft(staff_user):
    partner = PartnerFactory(name="Tårnby Læseforening")
    PartnerContactFactory(partner=partner, name="Anne Formand")
    return make_agreement(partner=partner, owner=staff_user, title="Læseklub")


def _text_data(agreement, **changes):
    values = form_values(_client_for(agreement.owner).get(step(agreement, "tekst")))
    values.pop("csrfmiddlewaretoken", None)
    values = {k: ("" if v == [] else v) for k, v in values.items()}
    values.update(changes)
    return values


# --- Step 1 ----------------------------------------------------------------------------------


def test_step_one_creates_the_draft_and_goes_on_to_the_text(staff, staff_user):
    partner = PartnerFactory(name="Kastrup Skole", kind="school")
    response = staff.get(NEW, {"partner": partner.pk, "model": "event"})
    assert response.status_code == 200
    values = form_values(response)
    assert values["partner"] == str(partner.pk)
    assert values["template"] == str(agreement_template("event").pk)
    response = staff.post(
        NEW,
        {
            "partner": partner.pk,
            "template": agreement_template("event").pk,
            "title": "Forfatterbesøg",
        },
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == step(agreement, "tekst")
    assert agreement.kind == "event"
    assert agreement.owner == staff_user
    assert agreement.versions.count() == 1


def test_step_one_keeps_what_was_typed_and_shows_errors(staff):
    response = staff.post(NEW, {"title": "Forfatterbesøg", "partner": "", "template": ""})
    assert response.status_code == 400
    assert form_values(response)["title"] == "Forfatterbesøg"
    errors = field_errors(response)
    assert "partner" in errors and "template" in errors
    assert Agreement.objects.count() == 0


# --- Steps 2-5 -------------------------------------------------------------------------------


def test_the_text_step_saves_a_version_and_goes_to_the_next_step(staff, draft):
    response = staff.get(step(draft, "tekst"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Forhåndsvisning" in html
    assert 'hx-post="' + preview(draft, "tekst") + '"' in html
    assert "Juridisk bindende" in html
    data = _text_data(draft, title="Læseklub for alle", section_baggrund="Vi læser sammen.")
    data["action"] = "next"
    response = staff.post(step(draft, "tekst"), data)
    assert response.status_code == 302
    assert response["Location"] == step(draft, "ansvar")
    draft.refresh_from_db()
    assert draft.title == "Læseklub for alle"
    assert draft.sections.get(key="baggrund").text == "Vi læser sammen."
    assert draft.versions.count() == 2
    # Saving the same again makes no new version.
    data["title"] = "Læseklub for alle"
    staff.post(step(draft, "tekst"), {**data, "action": "save"})
    assert draft.versions.count() == 2


def test_the_text_step_shows_errors_next_to_the_field_and_keeps_the_text(staff, draft):
    data = _text_data(draft, title="", section_baggrund="", section_indhold="Mit nye indhold")
    response = staff.post(step(draft, "tekst"), {**data, "action": "save"})
    assert response.status_code == 400
    errors = field_errors(response)
    assert errors["title"]
    assert errors["section_baggrund"] == "Afsnittet skal med i aftalen. Skriv en tekst."
    assert form_values(response)["section_indhold"] == "Mit nye indhold"
    assert error_summary(response)
    assert draft.versions.count() == 1


def test_the_matrix_step_saves_rows_adds_rows_and_deletes_rows(staff, draft):
    response = staff.get(step(draft, "ansvar"))
    values = form_values(response)
    total = int(values["ansvar-TOTAL_FORMS"])
    rows = draft.responsibilities.count()
    assert total == rows + 3
    data = {
        "ansvar-TOTAL_FORMS": "3",
        "ansvar-INITIAL_FORMS": "0",
        "ansvar-MIN_NUM_FORMS": "0",
        "ansvar-MAX_NUM_FORMS": "1000",
        "ansvar-0-task": "Kaffe og kage",
        "ansvar-0-responsible": "partner",
        "ansvar-0-note": "",
        "ansvar-1-task": "Plakater",
        "ansvar-1-responsible": "library",
        "ansvar-1-DELETE": "on",
        "ansvar-2-task": "",
        "ansvar-2-responsible": "",
    }
    # "Tilføj flere rækker" (no JavaScript) keeps the rows and adds empty ones, saving nothing.
    response = staff.post(step(draft, "ansvar"), {**data, "action": "more"})
    assert response.status_code == 200
    values = form_values(response)
    assert values["ansvar-0-task"] == "Kaffe og kage"
    assert int(values["ansvar-TOTAL_FORMS"]) == 1 + 3  # the ticked row is dropped
    assert draft.versions.count() == 1
    # A task without someone responsible is an error next to the field.
    bad = {**data, "ansvar-2-task": "Oprydning", "action": "save"}
    response = staff.post(step(draft, "ansvar"), bad)
    assert response.status_code == 400
    assert field_errors(response)["ansvar-2-responsible"] == "Vælg, hvem der har ansvaret."
    response = staff.post(step(draft, "ansvar"), {**data, "action": "next"})
    assert response.status_code == 302
    assert response["Location"] == step(draft, "periode")
    assert list(draft.responsibilities.values_list("task", "responsible")) == [
        ("Kaffe og kage", "partner")
    ]
    assert draft.versions.count() == 2


def test_the_period_step_saves_dates_and_links(staff, draft):
    focus = FocusAreaFactory(name="Læselyst")
    activity = ActivityFactory(title="Læseklub i marts")
    response = staff.post(
        step(draft, "periode"),
        {
            "start_date": "2027-01-01",
            "end_date": "2027-12-31",
            "notice_months": "2",
            "evaluation_date": "2027-06-01",
            "focus_areas": [focus.pk],
            "activities": [activity.pk],
            "action": "save",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.end_date == datetime.date(2027, 12, 31)
    assert draft.notice_months == 2
    assert list(draft.focus_areas.all()) == [focus]
    content = draft.latest_version().content
    assert content["links"]["activities"][0]["title"] == "Læseklub i marts"
    response = staff.post(
        step(draft, "periode"),
        {"start_date": "2027-06-01", "end_date": "2027-01-01", "notice_months": "2"},
    )
    assert response.status_code == 400
    assert field_errors(response)["end_date"] == "Slutdatoen skal ligge efter startdatoen."
    assert form_values(response)["start_date"] == "2027-06-01"


def test_appendices_are_pdfs_checked_by_content(staff, draft):
    response = staff.post(
        step(draft, "bilag"),
        {"title": "Logo", "file": pdf_upload("logo.pdf", PNG_BYTES)},
    )
    assert response.status_code == 400
    assert "er ikke en PDF" in field_errors(response)["file"]
    assert form_values(response)["title"] == "Logo"
    assert draft.appendices.count() == 0
    response = staff.post(step(draft, "bilag"), {"title": "Program", "file": pdf_upload()})
    assert response.status_code == 302
    appendix = draft.appendices.get()
    assert draft.versions.count() == 2
    download = staff.get(f"/personale/aftaler/{draft.pk}/bilag/{appendix.pk}/")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF_BYTES
    remove = f"/personale/aftaler/{draft.pk}/rediger/bilag/{appendix.pk}/fjern/"
    assert staff.get(remove).status_code == 405
    assert staff.post(remove).status_code == 302
    assert draft.appendices.count() == 0
    assert draft.versions.count() == 3


# --- Preview ---------------------------------------------------------------------------------


def test_the_htmx_preview_renders_unsaved_text_and_saves_nothing(staff, draft):
    data = _text_data(draft, section_baggrund="Et helt nyt <formål> for {start_date}.")
    response = staff.post(preview(draft, "tekst"), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # only the document
    # Escaped first, then the marker left (an unset start date) highlighted.
    marked = '<mark class="fill-in">[startdato ikke udfyldt]</mark>'
    assert f"Et helt nyt &lt;formål&gt; for {marked}." in html
    assert "§&nbsp;2" in html
    draft.refresh_from_db()
    assert "Et helt nyt" not in draft.sections.get(key="baggrund").text
    assert draft.versions.count() == 1


def test_the_matrix_and_period_previews(staff, draft):
    data = {
        "ansvar-TOTAL_FORMS": "1",
        "ansvar-INITIAL_FORMS": "0",
        "ansvar-0-task": "Kaffe og kage",
        "ansvar-0-responsible": "both",
    }
    html = staff.post(preview(draft, "ansvar"), data, HTTP_HX_REQUEST="true").content.decode()
    assert '<th scope="row">Kaffe og kage</th><td>Begge</td>' in html
    html = staff.post(
        preview(draft, "periode"),
        {"start_date": "2027-03-01", "notice_months": "4"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Aftalen gælder fra 1. marts 2027" in html
    assert "med 4 måneders varsel" in html
    assert draft.versions.count() == 1


def test_without_javascript_the_preview_button_shows_the_unsaved_text_on_the_page(staff, draft):
    data = _text_data(draft, section_baggrund="Forhåndsvist tekst")
    response = staff.post(step(draft, "tekst"), {**data, "action": "preview"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert html.count("Forhåndsvist tekst") == 2  # in the text box and in the preview
    assert draft.versions.count() == 1


def test_the_document_says_whether_it_is_binding(staff, staff_user):
    intent = make_agreement(kind="intent", owner=staff_user)
    html = staff.get(step(intent, "tekst")).content.decode()
    assert "Ikke juridisk bindende" in html
    detail = staff.get(f"/personale/aftaler/{intent.pk}/").content.decode()
    assert "Ikke juridisk bindende" in detail
    standard = make_agreement(owner=staff_user)
    assert "Juridisk bindende" in staff.get(step(standard, "tekst")).content.decode()


# --- The agreement's page --------------------------------------------------------------------


def test_the_agreement_page_shows_versions_history_and_the_document(staff, draft):
    make_change = _text_data(draft, section_baggrund="Ny baggrund")
    staff.post(step(draft, "tekst"), {**make_change, "action": "save"})
    response = staff.get(f"/personale/aftaler/{draft.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert draft.number in html
    assert "Version 2" in html
    assert f"/personale/aftaler/{draft.pk}/sammenlign/?a=1&amp;b=2" in html
    assert "Aftalen er oprettet" in html or "Oprettet ud fra" in html
    assert "Ny baggrund" in html
    assert "Rediger kladden" in html
    version = staff.get(f"/personale/aftaler/{draft.pk}/versioner/1/")
    assert version.status_code == 200
    assert "Ny baggrund" not in version.content.decode()
    assert staff.get(f"/personale/aftaler/{draft.pk}/versioner/9/").status_code == 404


# --- Who may do what -------------------------------------------------------------------------


def _change_urls(agreement):
    return [
        ("get", step(agreement, "tekst")),
        ("get", step(agreement, "ansvar")),
        ("get", step(agreement, "periode")),
        ("get", step(agreement, "bilag")),
        ("post", step(agreement, "tekst")),
        ("post", step(agreement, "ansvar")),
        ("post", step(agreement, "periode")),
        ("post", step(agreement, "bilag")),
        ("post", preview(agreement, "tekst")),
    ]


def test_outsiders(anonymous, citizen, draft):
    urls = [
        *_change_urls(draft),
        ("get", "/personale/aftaler/"),
        ("get", f"/personale/aftaler/{draft.pk}/"),
        ("get", NEW),
        ("post", NEW),
    ]
    for method, url in urls:
        response = getattr(anonymous, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/konto/login/"), url
        assert getattr(citizen, method)(url).status_code == 404, url


def test_staff_who_are_not_owner_tovholder_or_manager_may_read_but_not_change(draft):
    other = _client_for(StaffFactory())
    assert other.get(f"/personale/aftaler/{draft.pk}/").status_code == 200
    assert "Rediger kladden" not in other.get(f"/personale/aftaler/{draft.pk}/").content.decode()
    for method, url in _change_urls(draft):
        assert getattr(other, method)(url, {"title": "x"}).status_code == 403, url
    assert draft.versions.count() == 1


def test_the_tovholder_of_the_branch_and_managers_may_change(tovholder, own_branch, manager):
    agreement = make_agreement(branch=own_branch)
    assert tovholder.get(step(agreement, "tekst")).status_code == 200
    assert manager.get(step(agreement, "tekst")).status_code == 200


def test_post_only_urls_refuse_get(staff, draft):
    assert staff.get(preview(draft, "tekst")).status_code == 405
    assert staff.get(f"/personale/aftaler/{draft.pk}/rediger/bilag/1/fjern/").status_code == 405
    assert staff.post(preview(draft, "ukendt")).status_code == 404


@pytest.mark.parametrize("status", [AgreementStatus.READY_TO_SIGN, AgreementStatus.ACTIVE])
def test_a_locked_agreement_sends_the_editor_back_with_the_reason(staff, draft, status):
    Agreement.objects.filter(pk=draft.pk).update(status=status)
    data = _text_data(draft, title="Ændret")
    for name in ("tekst", "ansvar", "periode", "bilag"):
        response = staff.post(step(draft, name), {**data, "action": "save"}, follow=True)
        assert response.redirect_chain[0][0] == f"/personale/aftaler/{draft.pk}/"
        assert "Aftalen er låst" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Læseklub"
    assert draft.versions.count() == 1
