"""Onboarding: the role's checklist ticked off by staff or by the volunteer themself, progress
shown to both, and a named contact person/mentor."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import StaffFactory, UserFactory
from tests.volunteers.factories import RoleFactory, VolunteerFactory, approve
from volunteers.models import OnboardingItem, OnboardingStep


def login(user) -> Client:
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


@pytest.fixture
def contact(db):
    return StaffFactory(name="Karen Kontakt")


@pytest.fixture
def role(db, contact, own_branch):
    role = RoleFactory(contact_person=contact, branch=own_branch)
    for order, text in enumerate(["Mød din kontaktperson", "Rundvisning", "Tavshedspligt og GDPR"]):
        OnboardingItem.objects.create(role=role, text=text, order=order)
    return role


@pytest.fixture
def volunteer(db):
    return VolunteerFactory(user=UserFactory(name="Anne Andersen"))


@pytest.fixture
def application(volunteer, role):
    return approve(volunteer, role)


def tick_url(name, application, item):
    return reverse(name, args=[application.pk, item.pk])


@pytest.mark.django_db
def test_the_volunteer_ticks_and_unticks_their_own_items(application, role, volunteer):
    client = login(volunteer.user)
    item = role.onboarding.get(text="Rundvisning")

    response = client.post(
        tick_url("volunteers:my_onboarding_toggle", application, item), {"done": "1"}
    )

    assert response.status_code == 302
    step = OnboardingStep.objects.get()
    assert (step.item, step.done_by) == (item, volunteer.user)
    page = client.get(reverse("volunteers:my_onboarding", args=[application.pk]))
    assert "1 af 3 punkter er klaret" in page.text
    assert "Karen Kontakt" in page.text

    client.post(tick_url("volunteers:my_onboarding_toggle", application, item), {"done": "0"})
    assert not OnboardingStep.objects.exists()


@pytest.mark.django_db
def test_ticking_twice_keeps_one_step(application, role, volunteer):
    client = login(volunteer.user)
    item = role.onboarding.first()

    client.post(tick_url("volunteers:my_onboarding_toggle", application, item), {"done": "1"})
    client.post(tick_url("volunteers:my_onboarding_toggle", application, item), {"done": "1"})

    assert OnboardingStep.objects.count() == 1


@pytest.mark.django_db
def test_staff_tick_and_the_volunteer_sees_the_progress(application, role, contact, volunteer):
    for item in role.onboarding.all()[:2]:
        response = login(contact).post(
            tick_url("volunteers:onboarding_toggle", application, item), {"done": "1"}
        )
        assert response.status_code == 302

    staff_page = login(contact).get(reverse("volunteers:onboarding_detail", args=[application.pk]))
    mine = login(volunteer.user).get(reverse("volunteers:my_onboarding", args=[application.pk]))

    assert "2 af 3 punkter er klaret" in staff_page.text
    assert "2 af 3 punkter er klaret" in mine.text


@pytest.mark.django_db
def test_an_item_of_another_role_is_404(application, contact):
    foreign = OnboardingItem.objects.create(role=RoleFactory(), text="Andet")

    response = login(contact).post(
        tick_url("volunteers:onboarding_toggle", application, foreign), {"done": "1"}
    )

    assert response.status_code == 404
    assert not OnboardingStep.objects.exists()


@pytest.mark.django_db
def test_toggles_refuse_get(application, role, contact, volunteer):
    item = role.onboarding.first()

    assert (
        login(volunteer.user)
        .get(tick_url("volunteers:my_onboarding_toggle", application, item))
        .status_code
        == 405
    )
    assert (
        login(contact).get(tick_url("volunteers:onboarding_toggle", application, item)).status_code
        == 405
    )


@pytest.mark.django_db
def test_volunteer_b_cannot_see_or_tick_as_onboarding(application, role):
    other = login(VolunteerFactory().user)
    item = role.onboarding.first()

    assert other.get(reverse("volunteers:my_onboarding", args=[application.pk])).status_code == 404
    response = other.post(
        tick_url("volunteers:my_onboarding_toggle", application, item), {"done": "1"}
    )
    assert response.status_code == 404
    assert (
        other.post(
            tick_url("volunteers:onboarding_toggle", application, item), {"done": "1"}
        ).status_code
        == 404
    )
    assert not OnboardingStep.objects.exists()


@pytest.mark.django_db
def test_staff_who_do_not_manage_the_volunteer_read_but_get_403(application, role, staff):
    item = role.onboarding.first()

    page = staff.get(reverse("volunteers:onboarding_detail", args=[application.pk]))
    assert page.status_code == 200
    assert "1 af 3" not in page.text and "Markér" not in page.text

    assert (
        staff.post(
            tick_url("volunteers:onboarding_toggle", application, item), {"done": "1"}
        ).status_code
        == 403
    )
    assert not OnboardingStep.objects.exists()


@pytest.mark.django_db
def test_staff_name_a_mentor(application, contact, volunteer):
    mentor = StaffFactory(name="Mads Mentor")

    response = login(contact).post(
        reverse("volunteers:onboarding_mentor", args=[application.pk]), {"mentor": mentor.pk}
    )

    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.mentor == mentor
    mine = login(volunteer.user).get(reverse("volunteers:my_onboarding", args=[application.pk]))
    assert "Mads Mentor" in mine.text


@pytest.mark.django_db
def test_a_citizen_cannot_be_named_mentor(application, contact, citizen_user, volunteer):
    response = login(contact).post(
        reverse("volunteers:onboarding_mentor", args=[application.pk]), {"mentor": citizen_user.pk}
    )

    assert response.status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.mentor is None


@pytest.mark.django_db
def test_mentor_refuses_get_outsiders_and_read_only_staff(
    application, contact, staff, citizen, volunteer
):
    url = reverse("volunteers:onboarding_mentor", args=[application.pk])

    assert login(contact).get(url).status_code == 405
    assert citizen.post(url, {"mentor": contact.pk}).status_code == 404
    assert login(volunteer.user).post(url, {"mentor": contact.pk}).status_code == 404
    assert staff.post(url, {"mentor": contact.pk}).status_code == 403
    volunteer.refresh_from_db()
    assert volunteer.mentor is None
