"""Børneattest: status and dates only, renewal, reminders to staff, and no shifts with children
until the certificate is in order."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import BranchFactory, StaffFactory, TeamFactory, UserFactory
from tests.html import error_summary
from tests.volunteers.factories import RoleFactory, ShiftFactory, VolunteerFactory, approve
from volunteers.models import CertificateStatus, ChildCertificate, SignupStatus
from volunteers.services import VolunteerError
from volunteers.services.certificates import certificate_set_status
from volunteers.services.shifts import may_work_on, shift_sign_up


def login(user) -> Client:
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


@pytest.fixture
def contact(db):
    return StaffFactory(name="Karen Kontakt", email="karen@example.dk")


@pytest.fixture
def child_role(db, contact, own_branch):
    return RoleFactory(
        title="Højtlæsning for børn",
        involves_children=True,
        contact_person=contact,
        branch=own_branch,
    )


@pytest.fixture
def volunteer(db, child_role):
    volunteer = VolunteerFactory(user=UserFactory(name="Anne Andersen"))
    approve(volunteer, child_role)
    return volunteer


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


# --- Gating shifts ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_shift_with_children_until_the_certificate_is_in_order(
    volunteer, child_role, contact, django_capture_on_commit_callbacks
):
    shift = ShiftFactory(role=child_role)

    assert "børneattest" in may_work_on(volunteer, shift)
    with pytest.raises(VolunteerError, match="børneattest"):
        shift_sign_up(shift=shift, volunteer=volunteer)
    certificate_set_status(
        volunteer=volunteer, status=CertificateStatus.CONSENT_REQUESTED, acting_user=contact
    )
    with pytest.raises(VolunteerError, match="børneattest"):
        shift_sign_up(shift=shift, volunteer=volunteer)

    certificate_set_status(
        volunteer=volunteer,
        status=CertificateStatus.IN_ORDER,
        checked_on=days_ago(10),
        acting_user=contact,
    )
    with django_capture_on_commit_callbacks(execute=True):
        signup = shift_sign_up(shift=shift, volunteer=volunteer)

    assert signup.status == SignupStatus.CONFIRMED


@pytest.mark.django_db
def test_a_lapsed_certificate_stops_shifts_after_the_renewal_date(
    volunteer, child_role, contact, settings
):
    settings.SAMMEN_CHILD_CERTIFICATE_YEARS = 2
    certificate = certificate_set_status(
        volunteer=volunteer,
        status=CertificateStatus.IN_ORDER,
        checked_on=timezone.localdate().replace(year=timezone.localdate().year - 2)
        + datetime.timedelta(days=2),
        acting_user=contact,
    )
    soon = ShiftFactory(role=child_role)  # in 3 days: after the renewal date
    assert certificate.renewal_due < timezone.localtime(soon.ends_at).date()

    assert "børneattest" in may_work_on(volunteer, soon)


@pytest.mark.django_db
def test_a_role_without_children_needs_no_certificate(volunteer, contact):
    role = RoleFactory(involves_children=False)
    approve(volunteer, role)

    assert may_work_on(volunteer, ShiftFactory(role=role)) is None


# --- Status ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_renewal_is_due_after_the_configured_years(volunteer, contact, settings):
    settings.SAMMEN_CHILD_CERTIFICATE_YEARS = 3

    certificate = certificate_set_status(
        volunteer=volunteer,
        status=CertificateStatus.IN_ORDER,
        checked_on=datetime.date(2024, 2, 29),
        acting_user=contact,
    )

    assert certificate.renewal_due == datetime.date(2027, 2, 28)


@pytest.mark.django_db
def test_staff_set_the_status_on_the_volunteers_page(volunteer, contact):
    client = login(contact)
    page = client.get(reverse("volunteers:certificate_detail", args=[volunteer.pk]))
    assert "aldrig et CPR-nummer" in page.text

    response = client.post(
        reverse("volunteers:certificate_update", args=[volunteer.pk]),
        {"status": "in_order", "checked_on": days_ago(1).isoformat()},
    )

    assert response.status_code == 302
    certificate = ChildCertificate.objects.get(volunteer=volunteer)
    assert certificate.status == CertificateStatus.IN_ORDER
    assert certificate.checked_on == days_ago(1)
    assert certificate.updated_by == contact


@pytest.mark.django_db
def test_in_order_needs_the_date(volunteer, contact):
    response = login(contact).post(
        reverse("volunteers:certificate_update", args=[volunteer.pk]), {"status": "in_order"}
    )

    assert response.status_code == 200
    assert any("datoen" in error for error in error_summary(response))
    assert not ChildCertificate.objects.exists()


@pytest.mark.django_db
def test_certificate_update_refuses_get_outsiders_and_read_only_staff(
    volunteer, contact, staff, citizen
):
    url = reverse("volunteers:certificate_update", args=[volunteer.pk])
    data = {"status": "consent_requested"}

    assert login(contact).get(url).status_code == 405
    assert citizen.post(url, data).status_code == 404
    assert login(volunteer.user).post(url, data).status_code == 404
    assert (
        staff.get(reverse("volunteers:certificate_detail", args=[volunteer.pk])).status_code == 200
    )
    assert staff.post(url, data).status_code == 403
    assert not ChildCertificate.objects.exists()


@pytest.mark.django_db
def test_the_koordinator_and_tovholder_of_the_role_may_set_the_status(
    volunteer, child_role, tovholder
):
    koordinator = StaffFactory()
    child_role.team = TeamFactory(koordinator=koordinator)
    child_role.save()
    url = reverse("volunteers:certificate_update", args=[volunteer.pk])

    assert login(koordinator).post(url, {"status": "consent_requested"}).status_code == 302
    assert tovholder.post(url, {"status": "not_in_order"}).status_code == 302
    assert ChildCertificate.objects.get().status == CertificateStatus.NOT_IN_ORDER


# --- Reminders -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_reminders_command_sends_exactly_one_reminder_per_certificate_due(
    volunteer, child_role, contact, tovholder_user, settings, django_capture_on_commit_callbacks
):
    settings.SAMMEN_CHILD_CERTIFICATE_YEARS = 1
    today = timezone.localdate()
    # Due in 20 days: reminded. Due in 40 days: not yet.
    certificate_set_status(
        volunteer=volunteer,
        status=CertificateStatus.IN_ORDER,
        checked_on=today.replace(year=today.year - 1) + datetime.timedelta(days=20),
        acting_user=contact,
    )
    later = VolunteerFactory()
    approve(later, child_role)
    certificate_set_status(
        volunteer=later,
        status=CertificateStatus.IN_ORDER,
        checked_on=today.replace(year=today.year - 1) + datetime.timedelta(days=40),
        acting_user=contact,
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("volunteer_reminders", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("volunteer_reminders", stdout=io.StringIO())

    reminders = [m for m in mail.outbox if "Børneattesten" in m.subject]
    assert len(reminders) == 1
    assert "Anne Andersen" in reminders[0].subject
    assert sorted(reminders[0].to) == sorted(["karen@example.dk", tovholder_user.email])
    assert reverse("volunteers:certificate_detail", args=[volunteer.pk]) in reminders[0].body
    assert ChildCertificate.objects.get(volunteer=volunteer).reminded_at is not None
    assert ChildCertificate.objects.get(volunteer=later).reminded_at is None


@pytest.mark.django_db
def test_a_renewed_certificate_is_reminded_again_next_time(
    volunteer, contact, settings, django_capture_on_commit_callbacks
):
    settings.SAMMEN_CHILD_CERTIFICATE_YEARS = 1
    today = timezone.localdate()
    certificate_set_status(
        volunteer=volunteer,
        status=CertificateStatus.IN_ORDER,
        checked_on=today.replace(year=today.year - 1) + datetime.timedelta(days=5),
        acting_user=contact,
    )
    call_command("volunteer_reminders", stdout=io.StringIO())

    certificate = certificate_set_status(
        volunteer=volunteer,
        status=CertificateStatus.IN_ORDER,
        checked_on=today,
        acting_user=contact,
    )

    assert certificate.reminded_at is None


@pytest.mark.django_db
def test_the_command_lists_lapsed_certificates(volunteer, contact, capsys):
    certificate = certificate_set_status(
        volunteer=volunteer,
        status=CertificateStatus.IN_ORDER,
        checked_on=days_ago(800),
        acting_user=contact,
    )
    assert certificate.renewal_due < timezone.localdate()

    call_command("volunteer_reminders")

    output = capsys.readouterr().out
    assert "1 børneattest(er) have lapsed" in output
    assert "Anne Andersen" in output


# --- The back-office list --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_shows_due_lapsed_and_missing(volunteer, child_role, contact, staff):
    lapsed = VolunteerFactory(user=UserFactory(name="Lars Lapsed"))
    approve(lapsed, child_role)
    certificate_set_status(
        volunteer=lapsed,
        status=CertificateStatus.IN_ORDER,
        checked_on=days_ago(800),
        acting_user=contact,
    )
    fine = VolunteerFactory(user=UserFactory(name="Frida Fin"))
    approve(fine, child_role)
    certificate_set_status(
        volunteer=fine,
        status=CertificateStatus.IN_ORDER,
        checked_on=days_ago(1),
        acting_user=contact,
    )

    response = staff.get(reverse("volunteers:certificate_list"))

    assert "Lars Lapsed" in response.text and "udløbet" in response.text
    assert "Anne Andersen" in response.text  # missing
    assert "Frida Fin" not in response.text


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.django_db
def test_the_certificate_list_query_count_does_not_grow(
    rows, staff, contact, django_assert_max_num_queries
):
    role = RoleFactory(involves_children=True, branch=BranchFactory())
    for _ in range(rows):
        due = VolunteerFactory()
        approve(due, role)
        certificate_set_status(
            volunteer=due,
            status=CertificateStatus.IN_ORDER,
            checked_on=days_ago(800),
            acting_user=contact,
        )
        approve(VolunteerFactory(), role)  # missing
    # 5 queries: the session, the user, the library (context processor), certificates due with
    # their volunteer and user, volunteers missing one with their user and certificate.
    with django_assert_max_num_queries(5):
        response = staff.get(reverse("volunteers:certificate_list"))
    assert (
        len(re.findall(r'href="/personale/frivillige/boerneattester/\d+/"', response.text))
        == 2 * rows
    )
