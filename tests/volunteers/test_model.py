"""The written volunteer model: shown to everyone, published in versions by managers."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import AuditEntry
from tests.html import field_errors, form_values
from volunteers.models import VolunteerModel
from volunteers.services import VolunteerError
from volunteers.services import agreements as agreements_service
from volunteers.services.model import volunteer_model_publish

from .factories import RoleFactory, VolunteerModelFactory

pytestmark = pytest.mark.django_db

PUBLIC = "/frivillig/om-frivillighed/"
STAFF = "/personale/frivillige/frivillighedsmodel/"
PUBLISH = STAFF + "ny-version/"


@pytest.fixture
def renewals(monkeypatch):
    """Calls to the agreements service's renewal (its effect is tested with the agreements)."""
    calls = []
    monkeypatch.setattr(
        agreements_service, "agreements_require_renewal", lambda **kwargs: calls.append(kwargs)
    )
    return calls


@pytest.fixture
def current():
    return VolunteerModelFactory(
        version=1,
        introduction="Biblioteket er borgernes hus.",
        value_contexts="I lektiecaféen og i bogbussen.",
        supplement_principle="Frivillige supplerer og erstatter aldrig ansatte.",
        library_offers="Kontaktperson, oplæring, dækning af udgifter.",
        library_expects="At du overholder tavshedspligten.",
        insurance_basis="municipal",
        med_agreed_on=datetime.date(2024, 3, 12),
    )


def publish_data(**overrides) -> dict:
    data = {
        "introduction": "Biblioteket er borgernes hus – også for frivillige.",
        "value_contexts": "I lektiecaféen, i bogbussen og i erindringscaféen.",
        "supplement_principle": "Frivillige supplerer og erstatter aldrig ansatte.",
        "library_offers": "Kontaktperson, oplæring, dækning af udgifter.",
        "library_expects": "At du overholder tavshedspligten.",
        "insurance_basis": "municipal",
        "insurance_details": "",
        "med_agreed_on": "2025-01-20",
    }
    data.update(overrides)
    return data


# --- The public page ----------------------------------------------------------------------------


def test_everyone_sees_every_part_of_the_current_model(anonymous, current):
    VolunteerModelFactory(version=2, introduction="Den nyeste udgave.")

    page = anonymous.get(PUBLIC).content.decode()

    assert "Den nyeste udgave." in page
    assert "Biblioteket er borgernes hus." not in page


def test_the_public_page_shows_the_parts_insurance_and_med_date(anonymous, current):
    page = anonymous.get(PUBLIC).content.decode()

    for text in [
        "Biblioteket er borgernes hus.",
        "I lektiecaféen og i bogbussen.",
        "Frivillige supplerer og erstatter aldrig ansatte.",
        "Kontaktperson, oplæring, dækning af udgifter.",
        "At du overholder tavshedspligten.",
        "serviceloven § 18 a",
        "12. marts 2024",
    ]:
        assert text in page, text


def test_other_insurance_is_described(anonymous):
    VolunteerModelFactory(insurance_basis="other", insurance_details="Foreningens egen police.")

    page = anonymous.get(PUBLIC).content.decode()

    assert "Anden forsikring" in page and "Foreningens egen police." in page


def test_the_public_page_says_so_when_there_is_no_model_yet(anonymous):
    response = anonymous.get(PUBLIC)

    assert response.status_code == 200
    assert "ikke beskrevet sin model for frivillighed endnu" in response.content.decode()


def test_the_role_page_and_the_application_link_to_the_model(anonymous, citizen, current):
    role = RoleFactory()

    assert f'href="{PUBLIC}"' in anonymous.get(role.get_absolute_url()).content.decode()
    assert f'href="{PUBLIC}"' in citizen.get(f"/frivillig/{role.slug}/ansoeg/").content.decode()


# --- The back office ----------------------------------------------------------------------------


def test_staff_see_the_versions_and_can_read_an_old_one(staff, current):
    VolunteerModelFactory(version=2, introduction="Version to.")

    listing = staff.get(STAFF).content.decode()
    old = staff.get(f"{STAFF}1/").content.decode()

    assert f'href="{STAFF}1/"' in listing and f'href="{STAFF}2/"' in listing
    assert "Biblioteket er borgernes hus." in old
    assert "tidligere version" in old


def test_the_back_office_pages_are_not_for_citizens(citizen, current):
    assert citizen.get(STAFF).status_code == 404
    assert citizen.get(f"{STAFF}1/").status_code == 404
    assert citizen.get(PUBLISH).status_code == 404


def test_the_publish_form_is_prefilled_from_the_current_version(manager, current):
    values = form_values(manager.get(PUBLISH))

    assert values["introduction"] == "Biblioteket er borgernes hus."
    assert values["insurance_basis"] == "municipal"
    assert values["med_agreed_on"] == "2024-03-12"


def test_a_manager_publishes_version_n_plus_one_and_agreements_are_renewed(
    manager, manager_user, current, renewals
):
    response = manager.post(PUBLISH, publish_data())

    assert response.status_code == 302
    new = VolunteerModel.current()
    assert new.version == 2
    assert new.published_by == manager_user
    assert new.introduction == "Biblioteket er borgernes hus – også for frivillige."
    assert new.med_agreed_on == datetime.date(2025, 1, 20)
    current.refresh_from_db()
    assert current.introduction == "Biblioteket er borgernes hus."  # the old one is kept as it was
    assert renewals == [{"reason": "model", "acting_user": manager_user}]
    assert AuditEntry.objects.filter(action="volunteer_model_published").count() == 1


def test_the_first_version_is_version_one(manager, renewals):
    manager.post(PUBLISH, publish_data())

    assert VolunteerModel.current().version == 1


def test_staff_who_are_not_managers_get_403_on_publishing(staff, current, renewals):
    assert staff.get(PUBLISH).status_code == 403
    assert staff.post(PUBLISH, publish_data()).status_code == 403
    assert VolunteerModel.objects.count() == 1
    assert renewals == []


def test_other_insurance_needs_a_description(manager, renewals):
    response = manager.post(PUBLISH, publish_data(insurance_basis="other"))

    assert "Beskriv forsikringen" in field_errors(response)["insurance_details"]
    assert not VolunteerModel.objects.exists()


def test_the_med_date_cannot_be_in_the_future(manager, renewals):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = manager.post(PUBLISH, publish_data(med_agreed_on=tomorrow.isoformat()))

    assert field_errors(response)["med_agreed_on"] == "Datoen kan ikke ligge i fremtiden."


def test_the_service_refuses_an_empty_part(manager_user, renewals):
    with pytest.raises(VolunteerError):
        volunteer_model_publish(
            acting_user=manager_user, **{**publish_data(), "library_expects": " "}
        )
    assert not VolunteerModel.objects.exists()
