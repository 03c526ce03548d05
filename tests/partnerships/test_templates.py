"""Agreement models: the four models the migration puts in place, and versioning — a manager's
edit is a new draft version, publishing makes it current, a published version never changes,
and agreements keep the version they were drafted from. Only managers change models."""

import pytest

from partnerships.models import AgreementTemplate, AgreementTemplateVersion, PartnerKind
from partnerships.services import PartnershipError
from partnerships.services.templates import (
    template_draft_version,
    template_publish,
    template_section_add,
    template_section_remove,
    template_section_update,
)
from tests.factories import ManagerFactory, StaffFactory
from tests.partnerships.factories import PartnerFactory, agreement_template, make_agreement

pytestmark = pytest.mark.django_db


def _edit(section, user, **changes):
    values = {
        "title": section.title,
        "guidance": section.guidance,
        "default_text": section.default_text,
        "required": section.required,
        "variants": {},
        **changes,
    }
    return template_section_update(section=section, acting_user=user, **values)


def test_the_four_models_each_have_a_published_first_version():
    templates = {t.kind: t for t in AgreementTemplate.objects.all()}
    assert set(templates) == {"intent", "standard", "event", "rooms"}
    assert templates["intent"].binding is False
    assert all(templates[k].binding for k in ("standard", "event", "rooms"))
    for template in templates.values():
        version = template.current_version()
        assert version.number == 1
        assert version.published_at is not None
        assert version.sections.filter(key="parter").exists()
    standard = templates["standard"].current_version().sections
    assert standard.count() == 16
    # The lighter models have fewer sections.
    assert templates["intent"].current_version().sections.count() < 16
    assert templates["event"].current_version().sections.count() < 16
    assert templates["rooms"].current_version().sections.count() < 16
    boerneattest = standard.get(key="boerneattest")
    assert boerneattest.required is False
    assert {v.partner_kind for v in boerneattest.variants.all()} == {"school", "daycare"}
    assert "databehandleraftale" in standard.get(key="persondata").default_text


def test_a_manager_drafts_edits_and_publishes_a_new_version():
    manager = ManagerFactory()
    template = agreement_template("standard")
    v1 = template.current_version()
    draft = template_draft_version(template=template, acting_user=manager)
    assert draft.number == 2
    assert draft.published_at is None
    # A second click gives the same draft, not a third version.
    assert template_draft_version(template=template, acting_user=manager) == draft
    assert draft.sections.count() == v1.sections.count()
    assert draft.sections.get(key="boerneattest").variants.count() == 2
    # The draft is not in use until it is published.
    assert template.current_version() == v1

    section = draft.sections.get(key="baggrund")
    _edit(
        section,
        manager,
        default_text="Ny tekst om {partner}.",
        variants={PartnerKind.COMPANY: "Virksomhedstekst om {partner}.", PartnerKind.SCHOOL: ""},
    )
    assert v1.sections.get(key="baggrund").default_text.startswith("{library} og {partner}")
    added = template_section_add(version=draft, acting_user=manager, key="klima", title="Klima")
    template_section_remove(section=draft.sections.get(key="tvister"), acting_user=manager)

    with pytest.raises(PartnershipError, match="hvad der er ændret"):
        template_publish(version=draft, acting_user=manager, change_note=" ")
    template_publish(version=draft, acting_user=manager, change_note="Ny baggrundstekst")
    template.refresh_from_db()
    assert template.current_version() == draft
    keys = list(draft.sections.values_list("key", flat=True))
    assert "klima" in keys and "tvister" not in keys
    assert added.order > section.order


def test_old_agreements_keep_their_version_and_new_ones_use_the_new_one():
    manager = ManagerFactory()
    old = make_agreement()
    old_text = old.sections.get(key="baggrund").text
    template = agreement_template("standard")
    draft = template_draft_version(template=template, acting_user=manager)
    _edit(draft.sections.get(key="baggrund"), manager, default_text="Helt ny tekst om {partner}.")
    template_publish(version=draft, acting_user=manager, change_note="Ny tekst")

    old.refresh_from_db()
    assert old.template_version.number == 1
    assert old.sections.get(key="baggrund").text == old_text
    new = make_agreement(partner=PartnerFactory(name="Kastrup Skakklub"))
    assert new.template_version == draft
    assert new.sections.get(key="baggrund").text == "Helt ny tekst om Kastrup Skakklub."
    assert new.latest_version().content["template"] == {"name": "Samarbejdsaftale", "version": 2}


def test_a_published_version_is_never_changed():
    manager = ManagerFactory()
    v1 = agreement_template("event").current_version()
    section = v1.sections.first()
    with pytest.raises(PartnershipError, match="udgivet"):
        _edit(section, manager, default_text="Ændret")
    with pytest.raises(PartnershipError, match="udgivet"):
        template_section_add(version=v1, acting_user=manager, key="ny", title="Ny")
    with pytest.raises(PartnershipError, match="udgivet"):
        template_section_remove(section=section, acting_user=manager)
    with pytest.raises(PartnershipError, match="udgivet"):
        template_publish(version=v1, acting_user=manager, change_note="igen")
    section.refresh_from_db()
    assert section.default_text != "Ændret"


def test_only_managers_change_models():
    staff = StaffFactory()
    template = agreement_template("rooms")
    with pytest.raises(PartnershipError, match="Kun ledere"):
        template_draft_version(template=template, acting_user=staff)
    draft = template_draft_version(template=template, acting_user=ManagerFactory())
    with pytest.raises(PartnershipError, match="Kun ledere"):
        _edit(draft.sections.first(), staff, default_text="x")
    with pytest.raises(PartnershipError, match="Kun ledere"):
        template_publish(version=draft, acting_user=staff, change_note="x")


# --- Pages -----------------------------------------------------------------------------------


def test_every_staff_member_reads_the_models(staff):
    template = agreement_template("standard")
    response = staff.get("/personale/aftalemodeller/")
    assert response.status_code == 200
    assert "Hensigtserklæring" in response.content.decode()
    response = staff.get(f"/personale/aftalemodeller/{template.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Børneattest" in html
    assert "Ret modellen" not in html  # staff may not change it
    assert "{partner_signatory}" in html  # the placeholders are documented


def test_a_manager_changes_a_model_through_the_pages(manager):
    template = agreement_template("intent")
    response = manager.post(f"/personale/aftalemodeller/{template.pk}/ny-version/")
    assert response.status_code == 302
    draft = template.versions.get(number=2)
    assert response["Location"] == f"/personale/aftalemodeller/{template.pk}/versioner/2/"
    section = draft.sections.get(key="hensigt")
    url = f"/personale/aftalemodeller/{template.pk}/versioner/2/afsnit/{section.pk}/"
    assert manager.get(url).status_code == 200
    data = {
        "title": "Det vil vi",
        "guidance": "",
        "default_text": "",
        "variant_company": "Virksomhed",
    }
    response = manager.post(url, data)
    assert response.status_code == 400  # the default text is required; what was typed stays
    assert "Det vil vi" in response.content.decode()
    data["default_text"] = "Vi vil {title}."
    assert manager.post(url, data).status_code == 302
    section.refresh_from_db()
    assert section.title == "Det vil vi"
    assert section.variants.get().text == "Virksomhed"
    publish = f"/personale/aftalemodeller/{template.pk}/versioner/2/udgiv/"
    assert manager.post(publish, {"change_note": ""}).status_code == 400
    assert manager.post(publish, {"change_note": "Kortere"}).status_code == 302
    assert AgreementTemplate.objects.get(pk=template.pk).current_version().number == 2
    # Published: the edit page sends the manager back.
    response = manager.post(url, data)
    assert response.status_code == 302
    assert AgreementTemplateVersion.objects.get(pk=draft.pk).change_note == "Kortere"


def test_outsiders_on_the_model_pages(anonymous, citizen, staff):
    template = agreement_template("standard")
    version = template.current_version()
    section = version.sections.first()
    base = f"/personale/aftalemodeller/{template.pk}"
    reads = ["/personale/aftalemodeller/", f"{base}/", f"{base}/versioner/1/"]
    changes = [
        f"{base}/ny-version/",
        f"{base}/versioner/1/udgiv/",
        f"{base}/versioner/1/afsnit/ny/",
        f"{base}/versioner/1/afsnit/{section.pk}/fjern/",
    ]
    for url in reads + changes:
        assert anonymous.get(url)["Location"].startswith("/konto/login/"), url
        assert citizen.get(url).status_code == 404, url
    for url in changes:
        assert staff.post(url, {"title": "x", "change_note": "x"}).status_code == 403, url
        assert staff.get(url).status_code == 405, url
    assert staff.get(f"{base}/versioner/1/afsnit/{section.pk}/").status_code == 403
    assert template.versions.count() == 1


# Queries: session and user; the models with their counts (one annotated query); their
# published versions (one prefetch); the library for the layout. The number of models is fixed
# (one per kind), so one bound covers the page.
MODEL_LIST_QUERIES = 5


def test_the_model_list_uses_a_fixed_number_of_queries(staff, django_assert_max_num_queries):
    make_agreement()
    with django_assert_max_num_queries(MODEL_LIST_QUERIES):
        assert staff.get("/personale/aftalemodeller/").status_code == 200
