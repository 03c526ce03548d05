"""The volunteer's shift page /frivillig/vagter/: the shifts they may take, sign-up, waitlist,
offers, cancelling (and what the cut-off means), børneattest gating, and access between
volunteers."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from tests.volunteers.factories import (
    RoleFactory,
    ShiftFactory,
    SignupFactory,
    approve,
    approved_volunteer,
)
from volunteers.models import CertificateStatus, ChildCertificate, Signup, SignupStatus
from volunteers.services import shifts as services

pytestmark = pytest.mark.django_db

PAGE = "/frivillig/vagter/"


def sign_up_url(shift) -> str:
    return f"{PAGE}{shift.pk}/tilmeld/"


def cancel_url(signup) -> str:
    return f"{PAGE}tilmelding/{signup.pk}/afmeld/"


def accept_url(signup) -> str:
    return f"{PAGE}tilmelding/{signup.pk}/ja/"


def decline_url(signup) -> str:
    return f"{PAGE}tilmelding/{signup.pk}/nej/"


def in_hours(hours: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=hours)


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def login(volunteer) -> Client:
    client = Client()
    client.force_login(volunteer.user)
    return client


@pytest.fixture
def role():
    return RoleFactory(title="Lektiecafé")


@pytest.fixture
def volunteer_a(role):
    return approved_volunteer(role, name="Anna Frivillig", email="anna@example.dk")


@pytest.fixture
def volunteer_b(role):
    return approved_volunteer(role, name="Bo Frivillig", email="bo@example.dk")


@pytest.fixture
def a(volunteer_a):
    return login(volunteer_a)


@pytest.fixture
def b(volunteer_b):
    return login(volunteer_b)


# --- Access -------------------------------------------------------------------------------------


def test_anonymous_people_are_sent_to_the_login_page(anonymous):
    response = anonymous.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=")


def test_people_without_a_volunteer_profile_see_where_to_apply_not_a_404(citizen, staff):
    """The same friendly page as "Min side" shows them, pointing to /frivillig/."""
    for client in (citizen, staff):
        response = client.get(PAGE)
        assert response.status_code == 200
        assert "volunteers/me/no_profile.html" in [t.name for t in response.templates]
        assert "Du er ikke frivillig på biblioteket endnu" in response.text
        assert 'href="/frivillig/"' in response.text
        assert "Vagter du kan tage" not in response.text
        assert "<h1>Min side som frivillig</h1>" in response.text


@pytest.mark.parametrize("make_url", [sign_up_url])
def test_sign_up_is_post_only(a, role, make_url):
    shift = ShiftFactory(role=role)
    assert a.get(make_url(shift)).status_code == 405
    assert not Signup.objects.exists()


@pytest.mark.parametrize("make_url", [accept_url, decline_url])
def test_answering_an_offer_is_post_only(a, volunteer_a, role, make_url):
    signup = SignupFactory(shift=ShiftFactory(role=role), volunteer=volunteer_a, status="offered")
    assert a.get(make_url(signup)).status_code == 405


def test_new_calendar_link_is_post_only(a):
    assert a.get("/frivillig/kalender/nyt-link/").status_code == 405


@pytest.mark.parametrize("make_url", [cancel_url, accept_url, decline_url])
def test_volunteer_a_cannot_touch_bs_sign_up(a, volunteer_b, role, make_url):
    signup = SignupFactory(
        shift=ShiftFactory(role=role),
        volunteer=volunteer_b,
        status="offered",
        offer_expires_at=in_hours(10),
    )

    assert a.post(make_url(signup)).status_code == 404
    assert a.get(cancel_url(signup)).status_code == 404
    signup.refresh_from_db()
    assert signup.status == SignupStatus.OFFERED


def test_staff_cannot_act_on_a_volunteers_sign_up_through_the_volunteer_pages(
    staff, volunteer_a, role
):
    signup = SignupFactory(shift=ShiftFactory(role=role), volunteer=volunteer_a)
    assert staff.post(cancel_url(signup)).status_code == 404


def test_a_shift_of_a_role_the_volunteer_is_not_approved_for_is_404(a):
    foreign = ShiftFactory(role=RoleFactory())
    assert a.post(sign_up_url(foreign)).status_code == 404
    assert not Signup.objects.exists()


# --- The list -----------------------------------------------------------------------------------


def shown(response) -> list[int]:
    return [
        int(pk) for pk in re.findall(r'action="/frivillig/vagter/(\d+)/tilmeld/"', response.text)
    ]


def test_the_page_lists_coming_shifts_of_the_volunteers_roles_only(a, role, volunteer_b):
    mine = ShiftFactory(role=role, capacity=3)
    ShiftFactory(role=RoleFactory())  # not approved for it
    ShiftFactory(role=role, starts_at=in_hours(-5), ends_at=in_hours(-3))  # past
    ShiftFactory(role=role, cancelled_at=timezone.now())
    SignupFactory(shift=mine, volunteer=volunteer_b)

    response = a.get(PAGE)

    assert shown(response) == [mine.pk]
    assert "2 ledige pladser af 3" in response.text
    assert "Tilmeld mig" in response.text


def test_a_full_shift_offers_the_waitlist(a, role, volunteer_b):
    full = ShiftFactory(role=role, capacity=1)
    SignupFactory(shift=full, volunteer=volunteer_b)
    SignupFactory(shift=full, volunteer=approved_volunteer(role), status="waitlisted")

    response = a.get(PAGE)

    assert "Fuld – 1 på venteliste" in response.text
    assert "Skriv mig på ventelisten" in response.text


def test_a_role_with_children_needs_a_valid_børneattest(a, volunteer_a):
    children = RoleFactory(title="Højtlæsning for børn", involves_children=True)
    approve(volunteer_a, children)
    shift = ShiftFactory(role=children)

    response = a.get(PAGE)

    assert shift.pk not in shown(response)
    assert "kræver en gyldig børneattest" in response.text
    # And the rule holds if someone posts anyway:
    response = a.post(sign_up_url(shift))
    assert any("børneattest" in m for m in flash(response))
    assert not Signup.objects.exists()

    ChildCertificate.objects.create(
        volunteer=volunteer_a,
        status=CertificateStatus.IN_ORDER,
        checked_on=timezone.localdate(),
        renewal_due=timezone.localdate() + datetime.timedelta(days=700),
    )
    assert shown(a.get(PAGE)) == [shift.pk]


def test_my_sign_ups_and_offers_are_shown_with_the_deadline(a, volunteer_a, role):
    confirmed = SignupFactory(shift=ShiftFactory(role=role), volunteer=volunteer_a)
    offered = SignupFactory(
        shift=ShiftFactory(role=role, starts_at=in_hours(100), ends_at=in_hours(102)),
        volunteer=volunteer_a,
        status="offered",
        offer_expires_at=in_hours(20),
    )

    text = a.get(PAGE).text

    assert cancel_url(confirmed) in text
    assert accept_url(offered) in text
    assert decline_url(offered) in text
    assert "Svar senest" in text


@pytest.mark.parametrize("rows", [1, 50])
def test_the_page_query_count_does_not_grow_with_rows(
    a, volunteer_a, role, rows, django_assert_max_num_queries
):
    for n in range(rows):
        shift = ShiftFactory(
            role=role, starts_at=in_hours(30 + 3 * n), ends_at=in_hours(31 + 3 * n)
        )
        if n % 3 == 0:
            SignupFactory(shift=shift, volunteer=volunteer_a)
    # 8 queries, whatever the number of rows: the session and the user; the volunteer profile;
    # my live sign-ups (shift, role and branch joined); my børneattest; the count and the page
    # of shifts (counts and my own sign-up annotated, the approved roles a subquery); the
    # library (context processor).
    with django_assert_max_num_queries(8):
        response = a.get(PAGE)
    assert response.status_code == 200
    assert response.text.count('class="activity-item"') >= min(rows, 25)


# --- Sign up, cancel, offers ----------------------------------------------------------------


def test_sign_up_confirms_and_emails_the_shift_as_ics(
    a, volunteer_a, role, django_capture_on_commit_callbacks
):
    shift = ShiftFactory(role=role)

    with django_capture_on_commit_callbacks(execute=True):
        response = a.post(sign_up_url(shift))

    assert response["Location"] == PAGE + "#mine-vagter"
    assert Signup.objects.get().status == SignupStatus.CONFIRMED
    assert [m.to for m in mail.outbox] == [["anna@example.dk"]]
    filename, content, mimetype = mail.outbox[0].attachments[0]
    assert (filename, mimetype) == ("vagt.ics", "text/calendar")
    assert "BEGIN:VEVENT" in (content.decode() if isinstance(content, bytes) else content)


def test_signing_up_twice_shows_a_message_not_an_error_page(a, role):
    shift = ShiftFactory(role=role)
    a.post(sign_up_url(shift))

    response = a.post(sign_up_url(shift), follow=True)

    assert response.status_code == 200
    assert "Du er allerede tilmeldt denne vagt." in response.text
    assert Signup.objects.count() == 1


def test_an_overlapping_shift_shows_a_message(a, role):
    first = ShiftFactory(role=role)
    a.post(sign_up_url(first))
    clash = ShiftFactory(role=role, starts_at=first.starts_at + datetime.timedelta(hours=1))

    response = a.post(sign_up_url(clash), follow=True)

    assert "Du har allerede en vagt på det tidspunkt" in response.text


def test_a_full_shift_puts_the_volunteer_on_the_waitlist(a, role, volunteer_b):
    shift = ShiftFactory(role=role, capacity=1)
    SignupFactory(shift=shift, volunteer=volunteer_b)

    response = a.post(sign_up_url(shift))

    assert Signup.objects.get(volunteer__user__email="anna@example.dk").status == "waitlisted"
    assert any("ventelisten" in m for m in flash(response))


def test_the_cancel_page_before_the_cut_off_says_it_is_quiet(a, volunteer_a, role, settings):
    settings.SAMMEN_SHIFT_CANCEL_CUTOFF_HOURS = 24
    signup = SignupFactory(
        shift=ShiftFactory(role=role, starts_at=in_hours(48), ends_at=in_hours(50)),
        volunteer=volunteer_a,
    )

    text = a.get(cancel_url(signup)).text

    assert "før fristen" in text
    assert "kontaktperson" not in text.split("<main", 1)[1].split("</main>")[0]


def test_the_cancel_page_after_the_cut_off_says_the_contact_person_is_told(
    a, volunteer_a, role, settings
):
    settings.SAMMEN_SHIFT_CANCEL_CUTOFF_HOURS = 24
    signup = SignupFactory(
        shift=ShiftFactory(role=role, starts_at=in_hours(5), ends_at=in_hours(7)),
        volunteer=volunteer_a,
    )

    text = a.get(cancel_url(signup)).text

    assert "Fristen for afbud er overskredet" in text
    assert role.contact_person.get_full_name() in text


def test_cancelling_after_the_cut_off_emails_the_contact_person(
    a, volunteer_a, role, settings, django_capture_on_commit_callbacks
):
    settings.SAMMEN_SHIFT_CANCEL_CUTOFF_HOURS = 24
    signup = SignupFactory(
        shift=ShiftFactory(role=role, starts_at=in_hours(5), ends_at=in_hours(7)),
        volunteer=volunteer_a,
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = a.post(cancel_url(signup))

    assert response["Location"] == PAGE + "#mine-vagter"
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CANCELLED
    assert [m.to for m in mail.outbox] == [[role.contact_person.email]]


def test_cancelling_before_the_cut_off_emails_nobody(
    a, volunteer_a, role, django_capture_on_commit_callbacks
):
    signup = SignupFactory(
        shift=ShiftFactory(role=role, starts_at=in_hours(72), ends_at=in_hours(74)),
        volunteer=volunteer_a,
    )
    with django_capture_on_commit_callbacks(execute=True):
        a.post(cancel_url(signup))
    assert mail.outbox == []


def test_accept_an_offer(a, b, volunteer_a, volunteer_b, role, django_capture_on_commit_callbacks):
    shift = ShiftFactory(role=role, capacity=1, starts_at=in_hours(72), ends_at=in_hours(74))
    b.post(sign_up_url(shift))
    a.post(sign_up_url(shift))  # waitlisted
    b.post(cancel_url(Signup.objects.get(volunteer=volunteer_b)))
    offer = Signup.objects.get(volunteer=volunteer_a)
    assert offer.status == SignupStatus.OFFERED

    with django_capture_on_commit_callbacks(execute=True):
        response = a.post(accept_url(offer))

    offer.refresh_from_db()
    assert offer.status == SignupStatus.CONFIRMED
    assert "Pladsen er din. Vi har sendt dig en bekræftelse." in flash(response)


def test_decline_an_offer_passes_it_on(a, volunteer_a, role):
    shift = ShiftFactory(role=role, capacity=1)
    offer = SignupFactory(
        shift=shift, volunteer=volunteer_a, status="offered", offer_expires_at=in_hours(10)
    )
    nxt = SignupFactory(shift=shift, volunteer=approved_volunteer(role), status="waitlisted")

    a.post(decline_url(offer))

    offer.refresh_from_db()
    nxt.refresh_from_db()
    assert (offer.status, nxt.status) == (SignupStatus.CANCELLED, SignupStatus.OFFERED)


def test_accepting_an_expired_offer_shows_a_message(a, volunteer_a, role):
    offer = SignupFactory(
        shift=ShiftFactory(role=role),
        volunteer=volunteer_a,
        status="offered",
        offer_expires_at=in_hours(-1),
    )
    response = a.post(accept_url(offer), follow=True)
    assert "Tilbuddet er udløbet" in response.text
    offer.refresh_from_db()
    assert offer.status == SignupStatus.OFFERED


def test_the_offer_email_links_to_the_page_where_it_is_accepted(
    volunteer_a, role, django_capture_on_commit_callbacks
):
    shift = ShiftFactory(role=role, capacity=1)
    taken = services.shift_sign_up(shift=shift, volunteer=approved_volunteer(role))
    services.shift_sign_up(shift=shift, volunteer=volunteer_a)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=taken)

    (offer,) = mail.outbox
    assert offer.to == ["anna@example.dk"]
    assert settings.SITE_URL + "/frivillig/vagter/#tilbud" in offer.body
    expires = Signup.objects.get(volunteer=volunteer_a).offer_expires_at
    deadline = date_format(timezone.localtime(expires), "DATETIME_FORMAT")
    assert f"sig ja senest {deadline}" in offer.body
