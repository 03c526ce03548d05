"""Expectation agreements (forventningsafstemning): drafting, versions, acceptance by both
parties, the stored PDF, and who may see and do what."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import AuditEntry
from tests.factories import BranchFactory, StaffFactory, TeamFactory, UserFactory
from tests.html import error_summary
from tests.volunteers.factories import (
    RoleFactory,
    VolunteerFactory,
    VolunteerModelFactory,
    approve,
)
from volunteers.models import Agreement, ApplicationStatus, Talk, TalkKind
from volunteers.pdf import LocalFileFetcher
from volunteers.services import VolunteerError
from volunteers.services.agreements import (
    add_months,
    agreement_accept_by_staff,
    agreement_accept_by_volunteer,
    agreement_draft,
    agreements_require_renewal,
)


def login(user) -> Client:
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def volunteer_model(db):
    return VolunteerModelFactory(
        library_offers="Biblioteket giver dig en fast kontaktperson og dækker dine udgifter.",
    )


@pytest.fixture
def contact(db):
    return StaffFactory(name="Karen Kontakt", email="karen@example.dk")


@pytest.fixture
def role(db, contact, own_branch):
    return RoleFactory(
        title="Lektiecafé-hjælper",
        tasks="Hjælpe skolebørn med matematik og dansk.",
        time_commitment="2 timer om ugen",
        library_offers="Kaffe og kage på vagten.",
        contact_person=contact,
        branch=own_branch,
    )


@pytest.fixture
def volunteer_a(db):
    return VolunteerFactory(user=UserFactory(name="Anne Andersen", email="anne@example.dk"))


@pytest.fixture
def volunteer_b(db):
    return VolunteerFactory(user=UserFactory(name="Bo Bertelsen", email="bo@example.dk"))


@pytest.fixture
def application(volunteer_a, role, volunteer_model):
    application = approve(volunteer_a, role)
    application.decided_at = timezone.now()
    application.save(update_fields=["decided_at"])
    return application


@pytest.fixture
def agreement(application, contact):
    return agreement_draft(application=application, acting_user=contact)


def accept_both(agreement, *, staff, capture):
    with capture(execute=True):
        agreement_accept_by_volunteer(
            agreement=agreement,
            typed_name=agreement.application.volunteer.user.name,
            confirmed=True,
            acting_user=agreement.application.volunteer.user,
        )
        agreement_accept_by_staff(agreement=agreement, acting_user=staff)
    agreement.refresh_from_db()
    return agreement


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# --- Drafting --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_draft_is_built_from_the_model_and_the_role_in_plain_danish(agreement, volunteer_model):
    headings = [section["heading"] for section in agreement.sections]
    text = "\n".join(section["body"] for section in agreement.sections)

    assert agreement.version == 1
    assert agreement.model == volunteer_model
    assert agreement.role_version == 1
    assert headings == [
        "Det laver du",
        "Det forpligter biblioteket sig til",
        "Det forventer biblioteket af dig",
        "Din kontaktperson",
        "Tid og omfang",
        "Udgifter",
        "Forsikring",
        "Tavshedspligt og fortrolighed",
        "Sådan stopper vi samarbejdet",
        "Opfølgning",
    ]
    assert "Hjælpe skolebørn med matematik og dansk." in text
    assert "fast kontaktperson og dækker dine udgifter" in text
    assert "Kaffe og kage på vagten." in text
    assert "Karen Kontakt" in text
    assert "2 timer om ugen" in text
    assert "serviceloven § 18 a" in text
    assert "Børneattest" not in headings


@pytest.mark.django_db
def test_a_role_with_children_adds_the_boerneattest_section(application, role, contact):
    role.involves_children = True
    role.save()

    agreement = agreement_draft(application=application, acting_user=contact)

    assert "Børneattest" in [section["heading"] for section in agreement.sections]


@pytest.mark.django_db
def test_follow_up_is_three_months_after_approval(application, contact):
    application.decided_at = timezone.make_aware(datetime.datetime(2026, 11, 30, 12))
    application.save(update_fields=["decided_at"])

    agreement = agreement_draft(application=application, acting_user=contact)

    assert agreement.follow_up_on == datetime.date(2027, 2, 28)
    assert "28.2.2027" in agreement.sections[-1]["body"]
    assert add_months(datetime.date(2027, 1, 31), 1) == datetime.date(2027, 2, 28)


@pytest.mark.django_db
def test_the_mentor_is_the_contact_person_when_one_is_named(application, volunteer_a, contact):
    mentor = StaffFactory(name="Mads Mentor")
    volunteer_a.mentor = mentor
    volunteer_a.save()

    agreement = agreement_draft(application=application, acting_user=contact)

    assert agreement.contact_person == mentor
    assert "Mads Mentor" in agreement.sections[3]["body"]


@pytest.mark.django_db
def test_drafting_emails_the_volunteer_a_link_to_the_agreement(
    application, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        agreement = agreement_draft(application=application, acting_user=contact)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anne@example.dk"]
    assert "Lektiecafé-hjælper" in mail.outbox[0].subject
    assert reverse("volunteers:my_agreement", args=[agreement.pk]) in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="volunteer_agreement_drafted").exists()


@pytest.mark.django_db
def test_only_an_approved_application_gets_an_agreement(application, contact):
    application.status = ApplicationStatus.ON_HOLD
    application.save()

    with pytest.raises(VolunteerError):
        agreement_draft(application=application, acting_user=contact)


# --- Versions --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_changed_model_yields_a_new_version_to_accept_again_and_the_old_stays_readable(
    agreement, contact, volunteer_a, django_capture_on_commit_callbacks
):
    accept_both(agreement, staff=contact, capture=django_capture_on_commit_callbacks)
    VolunteerModelFactory(library_offers="Nu også et årligt frivilligtræf.")

    with django_capture_on_commit_callbacks(execute=True):
        drafted = agreements_require_renewal(reason="model")

    assert len(drafted) == 1
    new = drafted[0]
    agreement.refresh_from_db()
    assert new.version == 2
    assert not new.volunteer_accepted_at and not new.staff_accepted_at
    assert "årligt frivilligtræf" in new.sections[1]["body"]
    assert agreement.superseded_at is not None
    assert agreement.is_accepted and agreement.pdf
    assert "Din forventningsafstemning" in mail.outbox[-1].subject

    client = login(volunteer_a.user)
    old_page = client.get(reverse("volunteers:my_agreement", args=[agreement.pk]))
    assert old_page.status_code == 200
    assert "afløst af en nyere udgave" in old_page.text
    assert 'name="full_name"' not in old_page.text  # an old version cannot be accepted
    assert (
        client.get(reverse("volunteers:my_agreement_pdf", args=[agreement.pk])).status_code == 200
    )
    new_page = client.get(reverse("volunteers:my_agreement", args=[new.pk]))
    assert 'name="full_name"' in new_page.text

    with pytest.raises(VolunteerError):
        agreement_accept_by_staff(agreement=agreement, acting_user=contact)


@pytest.mark.django_db
def test_a_changed_role_renews_only_that_roles_volunteers(
    agreement, role, volunteer_b, contact, volunteer_model
):
    other_role = RoleFactory()
    other = agreement_draft(application=approve(volunteer_b, other_role), acting_user=contact)
    role.version += 1
    role.save()

    drafted = agreements_require_renewal(reason="role", role=role)

    assert [a.application_id for a in drafted] == [agreement.application_id]
    assert drafted[0].role_version == 2
    assert other.application.agreements.count() == 1


@pytest.mark.django_db
def test_renewal_skips_ended_volunteers_and_does_not_draft_twice(
    agreement, volunteer_a, volunteer_b, role, contact
):
    ended = approve(volunteer_b, role)
    volunteer_b.ended_at = timezone.now()
    volunteer_b.save()
    VolunteerModelFactory()

    first = agreements_require_renewal(reason="model")
    second = agreements_require_renewal(reason="model")

    assert [a.application_id for a in first] == [agreement.application_id]
    assert second == []
    assert not ended.agreements.exists()


# --- Acceptance ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_both_acceptances_store_a_pdf_with_names_role_commitments_and_page_numbers(
    agreement, contact, django_capture_on_commit_callbacks
):
    agreement = accept_both(agreement, staff=contact, capture=django_capture_on_commit_callbacks)

    assert agreement.volunteer_accepted_name == "Anne Andersen"
    assert agreement.staff_accepted_by == contact
    text = pdf_text(agreement.pdf.read())
    assert "Anne Andersen" in text
    assert "Karen Kontakt" in text
    assert "Lektiecafé-hjælper" in text
    assert "fast kontaktperson og dækker dine" in text
    assert "Kaffe og kage på vagten." in text
    assert "side 1 af" in text
    assert "Aftale version 1" in text
    assert "frivillighedsmodel version" in text


@pytest.mark.django_db
def test_acceptance_schedules_the_first_follow_up_talk(
    agreement, contact, django_capture_on_commit_callbacks
):
    accept_both(agreement, staff=contact, capture=django_capture_on_commit_callbacks)

    talk = Talk.objects.get()
    assert talk.kind == TalkKind.FOLLOW_UP
    assert talk.scheduled_for == agreement.follow_up_on
    assert talk.staff == contact


@pytest.mark.django_db
def test_one_acceptance_alone_makes_no_pdf(agreement, contact, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        agreement_accept_by_staff(agreement=agreement, acting_user=contact)
    agreement.refresh_from_db()

    assert not agreement.pdf
    assert not Talk.objects.exists()


@pytest.mark.django_db
def test_the_pdf_renderer_refuses_anything_but_local_files():
    fetcher = LocalFileFetcher()

    for url in [
        "http://example.com/logo.png",
        "https://fonts.example/x.woff2",
        "file:///etc/passwd",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


@pytest.mark.django_db
def test_the_volunteer_accepts_with_their_name_typed_loosely(agreement, volunteer_a):
    client = login(volunteer_a.user)

    response = client.post(
        reverse("volunteers:my_agreement_accept", args=[agreement.pk]),
        {"full_name": "  anne   ANDERSEN ", "confirm": "on"},
    )

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.volunteer_accepted_at is not None
    assert agreement.volunteer_accepted_name == "anne ANDERSEN"


@pytest.mark.django_db
def test_a_name_that_does_not_match_is_refused_in_danish(agreement, volunteer_a):
    client = login(volunteer_a.user)

    response = client.post(
        reverse("volunteers:my_agreement_accept", args=[agreement.pk]),
        {"full_name": "Anders And", "confirm": "on"},
    )

    assert response.status_code == 200
    assert any("Navnet passer ikke" in error for error in error_summary(response))
    agreement.refresh_from_db()
    assert agreement.volunteer_accepted_at is None


@pytest.mark.django_db
def test_the_box_must_be_ticked(agreement, volunteer_a):
    response = login(volunteer_a.user).post(
        reverse("volunteers:my_agreement_accept", args=[agreement.pk]),
        {"full_name": "Anne Andersen"},
    )

    assert any("Sæt kryds" in error for error in error_summary(response))
    agreement.refresh_from_db()
    assert agreement.volunteer_accepted_at is None


@pytest.mark.django_db
def test_volunteer_accept_refuses_get(agreement, volunteer_a):
    response = login(volunteer_a.user).get(
        reverse("volunteers:my_agreement_accept", args=[agreement.pk])
    )
    assert response.status_code == 405


@pytest.mark.django_db
def test_volunteer_a_cannot_see_or_accept_or_download_bs_agreement(
    agreement, volunteer_b, contact, django_capture_on_commit_callbacks
):
    accept_both(agreement, staff=contact, capture=django_capture_on_commit_callbacks)
    client = login(volunteer_b.user)

    assert client.get(reverse("volunteers:my_agreement", args=[agreement.pk])).status_code == 404
    assert (
        client.get(reverse("volunteers:my_agreement_pdf", args=[agreement.pk])).status_code == 404
    )
    response = client.post(
        reverse("volunteers:my_agreement_accept", args=[agreement.pk]),
        {"full_name": "Bo Bertelsen", "confirm": "on"},
    )
    assert response.status_code == 404
    # Nor through the back office.
    assert (
        client.get(reverse("volunteers:agreement_detail", args=[agreement.pk])).status_code == 404
    )
    assert client.get(reverse("volunteers:agreement_pdf", args=[agreement.pk])).status_code == 404


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(agreement, anonymous):
    response = anonymous.get(reverse("volunteers:my_agreement", args=[agreement.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_the_contact_person_accepts_for_the_library(agreement, contact):
    client = login(contact)

    response = client.post(reverse("volunteers:agreement_accept", args=[agreement.pk]))

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.staff_accepted_by == contact


@pytest.mark.parametrize("who", ["tovholder", "koordinator", "manager"])
@pytest.mark.django_db
def test_tovholder_koordinator_and_managers_may_accept(
    agreement, role, who, tovholder_user, manager_user
):
    if who == "tovholder":
        user = tovholder_user  # leads own_branch, the role's branch
    elif who == "koordinator":
        user = StaffFactory()
        role.team = TeamFactory(koordinator=user)
        role.save()
    else:
        user = manager_user

    response = login(user).post(reverse("volunteers:agreement_accept", args=[agreement.pk]))

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.staff_accepted_by == user


@pytest.mark.django_db
def test_other_staff_may_read_but_get_403_accepting(agreement, staff, staff_user):
    assert staff.get(reverse("volunteers:agreement_detail", args=[agreement.pk])).status_code == 200

    response = staff.post(reverse("volunteers:agreement_accept", args=[agreement.pk]))

    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.staff_accepted_at is None


@pytest.mark.django_db
def test_a_tovholder_of_another_branch_gets_403(agreement, role, tovholder):
    role.branch = BranchFactory()
    role.save()

    response = tovholder.post(reverse("volunteers:agreement_accept", args=[agreement.pk]))

    assert response.status_code == 403


@pytest.mark.django_db
def test_staff_accept_refuses_get_and_citizens_get_404(agreement, contact, citizen):
    assert (
        login(contact).get(reverse("volunteers:agreement_accept", args=[agreement.pk])).status_code
        == 405
    )
    assert (
        citizen.post(reverse("volunteers:agreement_accept", args=[agreement.pk])).status_code == 404
    )
    assert (
        citizen.get(reverse("volunteers:agreement_detail", args=[agreement.pk])).status_code == 404
    )


# --- Follow-up date --------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_move_the_follow_up_date_before_anyone_has_accepted(agreement, contact):
    new_date = timezone.localdate() + datetime.timedelta(days=60)

    response = login(contact).post(
        reverse("volunteers:agreement_follow_up", args=[agreement.pk]),
        {"follow_up_on": new_date.isoformat()},
    )

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.follow_up_on == new_date
    assert f"{new_date.day}.{new_date.month}.{new_date.year}" in agreement.sections[-1]["body"]


@pytest.mark.django_db
def test_a_follow_up_date_in_the_past_is_refused(agreement, contact):
    response = login(contact).post(
        reverse("volunteers:agreement_follow_up", args=[agreement.pk]),
        {"follow_up_on": "2020-01-01"},
    )

    assert response.status_code == 200
    assert any("fortiden" in error for error in error_summary(response))


@pytest.mark.django_db
def test_the_follow_up_date_is_frozen_once_accepted(agreement, contact, volunteer_a):
    agreement_accept_by_volunteer(
        agreement=agreement,
        typed_name="Anne Andersen",
        confirmed=True,
        acting_user=volunteer_a.user,
    )
    old = agreement.follow_up_on

    response = login(contact).post(
        reverse("volunteers:agreement_follow_up", args=[agreement.pk]),
        {"follow_up_on": (timezone.localdate() + datetime.timedelta(days=9)).isoformat()},
        follow=True,
    )

    assert "Datoen kan ikke ændres, når aftalen er godkendt." in response.text
    assert 'name="follow_up_on"' not in response.text
    agreement.refresh_from_db()
    assert agreement.follow_up_on == old


@pytest.mark.django_db
def test_follow_up_refuses_get_outsiders_and_read_only_staff(agreement, contact, staff, citizen):
    url = reverse("volunteers:agreement_follow_up", args=[agreement.pk])
    data = {"follow_up_on": (timezone.localdate() + datetime.timedelta(days=9)).isoformat()}

    assert login(contact).get(url).status_code == 405
    assert citizen.post(url, data).status_code == 404
    assert staff.post(url, data).status_code == 403


# --- The PDF ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_stored_pdf_is_served_unchanged_to_both_parties(
    agreement, contact, volunteer_a, staff, django_capture_on_commit_callbacks
):
    agreement = accept_both(agreement, staff=contact, capture=django_capture_on_commit_callbacks)
    stored = agreement.pdf.read()

    first = login(volunteer_a.user).get(reverse("volunteers:my_agreement_pdf", args=[agreement.pk]))
    second = login(volunteer_a.user).get(
        reverse("volunteers:my_agreement_pdf", args=[agreement.pk])
    )
    by_staff = staff.get(reverse("volunteers:agreement_pdf", args=[agreement.pk]))

    assert first["Content-Type"] == "application/pdf"
    assert b"".join(first.streaming_content) == stored
    assert b"".join(second.streaming_content) == stored
    assert b"".join(by_staff.streaming_content) == stored
    agreement.refresh_from_db()
    assert agreement.pdf.read() == stored


@pytest.mark.django_db
def test_there_is_no_pdf_before_both_have_accepted(agreement, volunteer_a):
    response = login(volunteer_a.user).get(
        reverse("volunteers:my_agreement_pdf", args=[agreement.pk])
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_pdf_that_failed_to_render_is_made_on_first_download(
    agreement, contact, volunteer_a, monkeypatch
):
    agreement_accept_by_volunteer(
        agreement=agreement,
        typed_name="Anne Andersen",
        confirmed=True,
        acting_user=volunteer_a.user,
    )
    agreement_accept_by_staff(agreement=agreement, acting_user=contact)  # on_commit not run
    assert not Agreement.objects.get(pk=agreement.pk).pdf

    response = login(volunteer_a.user).get(
        reverse("volunteers:my_agreement_pdf", args=[agreement.pk])
    )

    assert response.status_code == 200
    assert "Anne Andersen" in pdf_text(b"".join(response.streaming_content))
    assert Agreement.objects.get(pk=agreement.pk).pdf


# --- Lists -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_my_agreements_lists_mine_only(agreement, volunteer_a, volunteer_b, contact):
    other = agreement_draft(
        application=approve(volunteer_b, RoleFactory(title="IT-hjælper")), acting_user=contact
    )

    response = login(volunteer_a.user).get(reverse("volunteers:my_agreements"))

    assert reverse("volunteers:my_agreement", args=[agreement.pk]) in response.text
    assert reverse("volunteers:my_agreement", args=[other.pk]) not in response.text


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.django_db
def test_my_agreements_query_count_does_not_grow(
    rows, volunteer_a, volunteer_model, django_assert_max_num_queries
):
    for _ in range(rows):
        agreement_draft(application=approve(volunteer_a, RoleFactory()), acting_user=None)
    client = login(volunteer_a.user)
    # 4 queries: the session, the user, the library (context processor), and the agreements
    # joined with application and role.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("volunteers:my_agreements"))
    assert response.status_code == 200
    assert response.text.count("/frivillig/min-side/aftale/") == rows


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.django_db
def test_the_staff_agreement_list_query_count_does_not_grow(
    rows, staff, volunteer_model, django_assert_max_num_queries
):
    role = RoleFactory()
    for _ in range(rows):
        agreement_draft(application=approve(VolunteerFactory(), role), acting_user=None)
    # 5 queries: the session, the user, the library (context processor), the count and the
    # page of agreements joined with volunteer, role, branch and contact person.
    with django_assert_max_num_queries(5):
        response = staff.get(reverse("volunteers:agreement_list"), {"vis": "alle"})
    assert response.status_code == 200
    assert len(re.findall(r'href="/personale/frivillige/aftaler/\d+/"', response.text)) == min(
        rows, 25
    )


@pytest.mark.django_db
def test_the_contact_person_hears_when_the_volunteer_has_accepted(
    agreement, volunteer_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        agreement_accept_by_volunteer(
            agreement=agreement,
            typed_name="Anne Andersen",
            confirmed=True,
            acting_user=volunteer_a.user,
        )

    assert [m.to for m in mail.outbox] == [["karen@example.dk"]]
    assert "Anne Andersen har godkendt" in mail.outbox[0].subject
    assert reverse("volunteers:agreement_detail", args=[agreement.pk]) in mail.outbox[0].body


@pytest.mark.django_db
def test_the_pdf_carries_the_library_logo_from_local_media(
    agreement, contact, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from PIL import Image

    from organisation.models import Library

    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (200, 30, 30)).save(buffer, "PNG")
    library = Library.load()
    library.name = "Tårnby Kommunebiblioteker"
    library.logo.save("logo.png", ContentFile(buffer.getvalue()))

    agreement = accept_both(agreement, staff=contact, capture=django_capture_on_commit_callbacks)

    reader = PdfReader(io.BytesIO(agreement.pdf.read()))
    assert len(reader.pages[0].images) == 1
    assert "Tårnby Kommunebiblioteker" in reader.pages[0].extract_text()
