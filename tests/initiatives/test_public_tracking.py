"""A citizen follows their own idea: the private tracking link and "Mine initiativer"."""

import datetime
import html
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from activities.models import Activity
from initiatives import services
from initiatives.models import Attachment, Initiative, Message, MessageKind, Status
from initiatives.uploads import validate_attachment
from tests.factories import BranchFactory, UserFactory
from tests.html import field_errors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def text(response) -> str:
    return html.unescape(response.content.decode())


def png_upload(name="plakat.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (6, 6), (10, 120, 10)).save(buffer, "PNG")
    return validate_attachment(SimpleUploadedFile(name, buffer.getvalue(), "image/png"))


def submit(*, title="Strikkecafé for begyndere", citizen=None, files=(), **data):
    return services.initiative_submit(
        data={
            "title": title,
            "description": "Vi strikker sammen hver torsdag.",
            "contact_name": "Inger Hansen",
            "contact_email": "inger@example.dk",
            **data,
        },
        attachments=list(files),
        citizen=citizen,
    )


@pytest.fixture
def initiative(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = submit(files=[png_upload("min-skitse.png")])
    mail.outbox.clear()
    return created


@pytest.fixture
def track_url(initiative):
    return reverse("initiatives:track", args=[services.tracking_token(initiative)])


@pytest.fixture
def own_initiative(citizen_user):
    return submit(title="Mettes læsekreds", citizen=citizen_user, files=[png_upload("mettes.png")])


def _with_internal_note_and_reply(initiative, staff_user):
    services.initiative_post(
        initiative=initiative,
        acting_user=staff_user,
        body="INTERN: borgeren virker usikker, ring til hende",
        internal=True,
        attachments=[png_upload("intern-vurdering.png")],
    )
    services.initiative_post(
        initiative=initiative,
        acting_user=staff_user,
        body="Hvor spændende! Hvilke dage passer dig?",
        internal=False,
        attachments=[png_upload("lokale-plan.png")],
    )


# --- The tracking link -------------------------------------------------------------------------


def test_the_tracking_page_shows_status_explanation_thread_and_the_idea(
    anonymous, initiative, track_url, staff_user
):
    _with_internal_note_and_reply(initiative, staff_user)

    response = anonymous.get(track_url)

    assert response.status_code == 200
    content = text(response)
    assert "Strikkecafé for begyndere" in content
    assert "Status: Modtaget" in content
    assert "svarer dig senest" not in content  # staff have answered (the public reply)
    assert "Hvor spændende! Hvilke dage passer dig?" in content
    assert "min-skitse.png" in content and "lokale-plan.png" in content


def test_the_received_status_tells_when_the_first_answer_is_due(anonymous, initiative, track_url):
    content = text(anonymous.get(track_url))
    assert "svarer dig senest" in content
    assert f"{initiative.first_response_due.day}." in content


def test_internal_notes_and_their_files_are_never_shown_to_the_citizen(
    anonymous, citizen, citizen_user, own_initiative, initiative, track_url, staff_user
):
    _with_internal_note_and_reply(initiative, staff_user)
    _with_internal_note_and_reply(own_initiative, staff_user)
    mine_url = reverse("initiatives:mine_detail", args=[own_initiative.pk])

    for client, url, target in [
        (anonymous, track_url, initiative),
        (citizen, mine_url, own_initiative),
    ]:
        content = text(client.get(url))
        assert "Hvor spændende!" in content
        assert "INTERN" not in content
        assert "intern-vurdering.png" not in content
        note_file = Attachment.objects.get(initiative=target, original_name="intern-vurdering.png")
        file_url = f"{url}fil/{note_file.pk}/"
        assert client.get(file_url).status_code == 404


def test_a_merge_note_on_the_original_is_not_part_of_the_citizens_history(
    anonymous, initiative, track_url, staff_user
):
    other = submit(title="Anden persons hemmelige titel")
    services.initiative_change_status(
        initiative=other,
        to_status=Status.DUPLICATE,
        acting_user=staff_user,
        duplicate_of=initiative,
    )
    content = text(anonymous.get(track_url))
    assert "Anden persons hemmelige titel" not in content
    assert "lagt sammen" not in content


def test_a_status_change_and_its_message_show_in_the_history(
    anonymous, initiative, track_url, staff_user
):
    services.initiative_change_status(
        initiative=initiative,
        to_status=Status.DECLINED,
        acting_user=staff_user,
        message="Vi har ikke plads i foråret, men prøv igen til efteråret.",
    )
    content = text(anonymous.get(track_url))
    assert "Status: Afvist / ikke nu" in content
    assert "Vi har ikke plads i foråret" in content


def test_a_tracking_link_opens_only_its_own_initiative(anonymous, initiative, track_url):
    other = submit(title="Naboens idé", files=[png_upload("naboens.png")])
    content = text(anonymous.get(track_url))
    assert "Strikkecafé for begyndere" in content
    assert "Naboens idé" not in content

    neighbours_file = other.attachments.get()
    assert anonymous.get(f"{track_url}fil/{neighbours_file.pk}/").status_code == 404


@pytest.mark.parametrize("how", ["tampered", "other_id", "revoked", "nonsense"])
def test_a_tampered_or_revoked_link_is_a_danish_404(anonymous, initiative, how):
    token = services.tracking_token(initiative)
    if how == "tampered":
        token = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    elif how == "other_id":
        other = submit(title="Naboens idé")
        token = token.replace(f"{initiative.pk}.", f"{other.pk}.", 1)
    elif how == "revoked":
        services.tracking_revoke(initiative=initiative)
    else:
        token = "ikke-et-link"

    for suffix in ["", "traek-tilbage/", "slet-mine-oplysninger/"]:
        response = anonymous.get(reverse("initiatives:track", args=[token]) + suffix)
        assert response.status_code == 404
        assert "Linket virker ikke" in text(response)
        assert "Strikkecafé" not in text(response)
    response = anonymous.post(reverse("initiatives:track", args=[token]), {"body": "Hej"})
    assert response.status_code == 404
    assert not Message.objects.exists()


def test_private_pages_are_not_indexed_cached_or_passed_on_as_referer(
    anonymous, initiative, track_url
):
    response = anonymous.get(track_url)
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    # strict-origin: never the path with the token; no-referrer would make browsers send
    # "Origin: null" with the page's own forms, which Django's CSRF check refuses.
    assert response["Referrer-Policy"] == "strict-origin"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_staff_pages_are_not_reachable_with_the_tracking_link(
    anonymous, citizen, initiative, track_url
):
    token = services.tracking_token(initiative)
    for client in (anonymous, citizen):
        assert client.get(track_url).status_code == 200  # the link works for whoever has it
        for url in [
            reverse("initiatives:staff_detail", args=[initiative.pk]),
            reverse("initiatives:staff_list"),
            f"/personale/initiativer/{token}/",
            f"{track_url}../../../personale/initiativer/{initiative.pk}/",
        ]:
            response = client.get(url)
            assert response.status_code in {302, 404}, url
            if response.status_code == 302:
                assert response.url.startswith(reverse("account_login"))


# --- Writing to the library --------------------------------------------------------------------


def test_the_citizen_answers_with_a_file_and_it_shows_in_the_thread(
    anonymous, initiative, track_url, staff_user, django_capture_on_commit_callbacks
):
    services.initiative_assign(initiative=initiative, owner=staff_user, acting_user=staff_user)
    buffer = io.BytesIO()
    Image.new("RGB", (6, 6)).save(buffer, "PNG")

    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(
            track_url,
            {
                "body": "Torsdage passer mig fint.",
                "attachments": SimpleUploadedFile("torsdag.png", buffer.getvalue()),
            },
        )

    assert response.status_code == 302
    assert response.url == track_url + "#beskeder"
    message = Message.objects.get(kind=MessageKind.CITIZEN)
    assert message.body == "Torsdage passer mig fint."
    assert message.attachments.get().original_name == "torsdag.png"
    assert [m.to for m in mail.outbox] == [[staff_user.email]]  # the owner hears about it
    content = text(anonymous.get(track_url))
    assert "Torsdage passer mig fint." in content and "torsdag.png" in content


def test_a_file_alone_is_a_message(anonymous, initiative, track_url):
    buffer = io.BytesIO()
    Image.new("RGB", (6, 6)).save(buffer, "PNG")
    response = anonymous.post(
        track_url, {"attachments": SimpleUploadedFile("kort.png", buffer.getvalue())}
    )
    assert response.status_code == 302
    message = Message.objects.get(kind=MessageKind.CITIZEN)
    assert (message.body, message.attachments.get().original_name) == ("", "kort.png")


def test_an_empty_message_or_a_disguised_file_is_refused_and_the_text_kept(
    anonymous, initiative, track_url
):
    response = anonymous.post(track_url, {"body": "  "})
    assert "Skriv en besked eller vedhæft en fil." in field_errors(response)["body"]

    response = anonymous.post(
        track_url,
        {
            "body": "Her er programmet.",
            "attachments": SimpleUploadedFile("program.png", b"<html>nej</html>"),
        },
    )
    assert response.status_code == 200
    assert "hverken et billede" in field_errors(response)["attachments"]
    assert "Her er programmet." in text(response)
    assert not Message.objects.exists()


# --- Withdrawal --------------------------------------------------------------------------------


def test_withdrawal_asks_first_then_withdraws_and_confirms_by_email(
    anonymous, initiative, track_url, django_capture_on_commit_callbacks
):
    withdraw_url = track_url + "traek-tilbage/"
    assert withdraw_url in text(anonymous.get(track_url))

    confirm = anonymous.get(withdraw_url)
    assert confirm.status_code == 200
    assert "Træk din idé tilbage?" in text(confirm)
    initiative.refresh_from_db()
    assert initiative.status == Status.RECEIVED  # looking changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(withdraw_url, {"reason": "Jeg er flyttet."})

    assert response.status_code == 302 and response.url == track_url
    initiative.refresh_from_db()
    assert initiative.status == Status.WITHDRAWN
    change = initiative.history.last()
    assert (change.to_status, change.actor, change.message) == (
        Status.WITHDRAWN,
        None,
        "Jeg er flyttet.",
    )
    assert [m.to for m in mail.outbox] == [["inger@example.dk"]]
    page = text(anonymous.get(track_url))
    assert "Status: Trukket tilbage" in page
    assert withdraw_url not in page

    again = anonymous.post(withdraw_url)
    assert again.status_code == 302
    assert initiative.history.count() == 2


def test_withdrawal_through_the_account_needs_no_reason(citizen, own_initiative):
    url = reverse("initiatives:mine_withdraw", args=[own_initiative.pk])
    response = citizen.post(url)
    assert response.url == reverse("initiatives:mine_detail", args=[own_initiative.pk])
    own_initiative.refresh_from_db()
    assert own_initiative.status == Status.WITHDRAWN


def test_a_held_initiative_cannot_be_withdrawn(anonymous, initiative, track_url):
    Initiative.objects.filter(pk=initiative.pk).update(status=Status.HELD)
    response = anonymous.post(track_url + "traek-tilbage/", {"reason": ""})
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == Status.HELD


# --- Deletion of contact data ------------------------------------------------------------------


def test_deletion_explains_first_then_clears_contact_data_and_kills_the_link(
    anonymous, initiative, track_url, _media, django_capture_on_commit_callbacks
):
    delete_url = track_url + "slet-mine-oplysninger/"
    stored = initiative.attachments.get().file.path

    confirm = anonymous.get(delete_url)
    assert "Linket til denne side holder op med at virke" in text(confirm)
    initiative.refresh_from_db()
    assert initiative.contact_email == "inger@example.dk"  # looking changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(delete_url)

    assert response.status_code == 302
    assert response.url == reverse("initiatives:deleted")
    assert "Dine oplysninger er slettet" in text(anonymous.get(response.url))
    initiative.refresh_from_db()
    assert (initiative.contact_name, initiative.contact_email, initiative.contact_phone) == (
        "",
        "",
        "",
    )
    assert initiative.anonymised_at is not None
    assert not initiative.attachments.exists()
    assert not (_media / stored).exists()
    assert [m.to for m in mail.outbox] == [["inger@example.dk"]]
    assert anonymous.get(track_url).status_code == 404


def test_deletion_through_the_account_removes_it_from_mine_initiativer(
    citizen, own_initiative, django_capture_on_commit_callbacks
):
    detail = reverse("initiatives:mine_detail", args=[own_initiative.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = citizen.post(detail + "slet-mine-oplysninger/")
    assert response.url == reverse("initiatives:deleted")
    assert citizen.get(detail).status_code == 404
    assert "Mettes læsekreds" not in text(citizen.get(reverse("initiatives:mine")))


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_the_action_pages_only_answer_get_and_post(anonymous, track_url, method):
    for suffix in ["", "traek-tilbage/", "slet-mine-oplysninger/"]:
        assert getattr(anonymous, method)(track_url + suffix).status_code == 405
    assert Initiative.objects.get().status == Status.RECEIVED


# --- Attachments -------------------------------------------------------------------------------


def test_an_attachment_downloads_as_a_file_with_its_checked_type(anonymous, initiative, track_url):
    attachment = initiative.attachments.get()

    response = anonymous.get(f"{track_url}fil/{attachment.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "min-skitse.png" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_others_and_anonymous_get_404_on_another_citizens_page_and_files(
    anonymous, citizen, own_initiative, staff_user
):
    attachment = own_initiative.attachments.get()
    neighbour = UserFactory(email="nabo@example.dk")
    neighbour_client = Client()
    neighbour_client.force_login(neighbour)
    detail = reverse("initiatives:mine_detail", args=[own_initiative.pk])
    file_url = reverse("initiatives:mine_file", args=[own_initiative.pk, attachment.pk])

    assert citizen.get(detail).status_code == 200
    assert citizen.get(file_url).status_code == 200
    for outsider in (anonymous, neighbour_client):
        for url in [detail, file_url, detail + "traek-tilbage/", detail + "slet-mine-oplysninger/"]:
            assert outsider.get(url).status_code == 404, url
        assert outsider.post(detail, {"body": "Hej"}).status_code == 404
        assert outsider.post(detail + "slet-mine-oplysninger/").status_code == 404
    own_initiative.refresh_from_db()
    assert own_initiative.contact_email == "inger@example.dk"
    assert not Message.objects.exists()


def test_a_file_from_another_initiative_is_404_under_ones_own_page(citizen, own_initiative):
    other = submit(title="Naboens idé", files=[png_upload("naboens.png")])
    url = reverse("initiatives:mine_file", args=[own_initiative.pk, other.attachments.get().pk])
    assert citizen.get(url).status_code == 404


def test_a_file_of_another_initiative_is_404_under_a_tracking_link_even_for_staff(
    staff, initiative, track_url
):
    other = submit(title="Naboens idé", files=[png_upload("naboens.png")])
    assert staff.get(f"{track_url}fil/{initiative.attachments.get().pk}/").status_code == 200
    assert staff.get(f"{track_url}fil/{other.attachments.get().pk}/").status_code == 404


# --- Activities and "Mine initiativer" ---------------------------------------------------------


def test_public_activities_made_from_the_idea_are_linked_and_internal_ones_are_not(
    anonymous, initiative, track_url
):
    start = timezone.now() + datetime.timedelta(days=7)
    branch = BranchFactory()
    public = Activity.objects.create(
        title="Strikkecafé i salen",
        description="Alle er velkomne",
        branch=branch,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    internal = Activity.objects.create(
        title="Planlægningsmøde",
        description="Internt",
        branch=branch,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        is_public=False,
    )
    initiative.activities.add(public, internal)

    content = text(anonymous.get(track_url))
    assert reverse("activities:detail", args=[public.pk]) in content
    assert "Strikkecafé i salen" in content
    assert "Planlægningsmøde" not in content


def test_mine_initiativer_lists_only_the_citizens_own_ideas(citizen, own_initiative):
    submit(title="En andens idé")
    response = citizen.get(reverse("initiatives:mine"))
    content = text(response)
    assert "Mettes læsekreds" in content
    assert reverse("initiatives:mine_detail", args=[own_initiative.pk]) in content
    assert "En andens idé" not in content


def test_mine_initiativer_asks_an_anonymous_visitor_to_log_in(anonymous):
    response = anonymous.get(reverse("initiatives:mine"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_mine_detail_shows_the_same_page_as_the_tracking_link(citizen, own_initiative, staff_user):
    _with_internal_note_and_reply(own_initiative, staff_user)
    response = citizen.get(reverse("initiatives:mine_detail", args=[own_initiative.pk]))
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "initiatives/public/detail.html"
    assert "Hvor spændende!" in text(response)
    assert response["Referrer-Policy"] == "strict-origin"


def _query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_mine_initiativer_costs_the_same_queries_for_1_and_50_ideas(citizen, citizen_user):
    branch = BranchFactory()
    url = reverse("initiatives:mine")
    submit(citizen=citizen_user, preferred_branch=branch)
    with_one = _query_count(citizen, url)
    for n in range(49):
        submit(title=f"Idé {n}", citizen=citizen_user, preferred_branch=branch)
    with_fifty = _query_count(citizen, url)
    # session, user, count, library (context processor), the page (branch joined)
    assert with_one == with_fifty <= 5
