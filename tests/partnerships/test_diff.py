"""Comparing two versions: sections added, removed and changed (a word diff with <ins>/<del>,
everything else escaped), changed fields and responsibility matrix rows, and the page."""

import datetime

import pytest

from partnerships.services.drafting import agreement_update, text_diff_html, version_diff
from tests.partnerships.factories import make_agreement

pytestmark = pytest.mark.django_db


def _versions(agreement, a, b):
    return agreement.versions.get(number=a), agreement.versions.get(number=b)


def test_a_word_diff_marks_what_was_removed_and_added():
    html = text_diff_html("Vi mødes hver tirsdag kl. 17.", "Vi mødes hver onsdag kl. 17.")
    assert html == "Vi mødes hver <del>tirsdag</del><ins>onsdag</ins> kl. 17."


def test_the_diff_escapes_the_text_itself():
    html = text_diff_html("Før <b>fed</b>", 'Efter <script>alert("x")</script> & co')
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&amp; co" in html
    assert "<del>" in html and "<ins>" in html


def test_changed_added_and_removed_sections_are_listed():
    agreement = make_agreement()
    user = agreement.owner
    agreement_update(
        agreement=agreement,
        acting_user=user,
        sections={"baggrund": "Vi vil læse sammen hver uge.", "boerneattest": ""},
    )
    agreement_update(
        agreement=agreement,
        acting_user=user,
        sections={"baggrund": "Vi vil læse sammen hver måned.", "boerneattest": "Ingen børn."},
    )
    v1, v2 = _versions(agreement, 1, 2)
    diff = version_diff(v1, v2)
    by_key = {s["key"]: s for s in diff["sections"]}
    assert set(by_key) == {"baggrund", "boerneattest"}
    assert by_key["baggrund"]["change"] == "changed"
    assert "<ins>Vi vil læse sammen hver uge.</ins>" in by_key["baggrund"]["html"]
    assert by_key["boerneattest"]["change"] == "removed"
    assert by_key["boerneattest"]["html"].startswith("<del>")

    v3 = agreement.versions.get(number=3)
    diff = version_diff(v2, v3)
    by_key = {s["key"]: s for s in diff["sections"]}
    assert by_key["boerneattest"]["change"] == "added"
    assert by_key["boerneattest"]["html"] == "<ins>Ingen børn.</ins>"
    assert "<del>uge.</del><ins>måned.</ins>" in by_key["baggrund"]["html"]
    # Comparing backwards shows the opposite.
    assert {s["key"]: s["change"] for s in version_diff(v3, v2)["sections"]}["boerneattest"] == (
        "removed"
    )


def test_changed_fields_and_matrix_rows_are_listed():
    agreement = make_agreement(
        responsibilities=[
            {"task": "Kaffe", "responsible": "library", "note": ""},
            {"task": "Oprydning", "responsible": "partner", "note": ""},
        ]
    )
    agreement_update(
        agreement=agreement,
        acting_user=agreement.owner,
        start_date=datetime.date(2027, 1, 1),
        notice_months=6,
        responsibilities=[
            {"task": "Kaffe", "responsible": "both", "note": "på skift"},
            {"task": "Plakater", "responsible": "library", "note": ""},
        ],
    )
    before, after = _versions(agreement, 2, 3)
    diff = version_diff(before, after)
    fields = {row["label"]: (row["before"], row["after"]) for row in diff["fields"]}
    assert fields["Gælder fra"] == ("", "1. januar 2027")
    assert fields["Opsigelsesvarsel (måneder)"] == ("3", "6")
    assert "Titel" not in fields
    rows = {row["task"]: row for row in diff["responsibilities"]}
    assert rows["Kaffe"]["change"] == "changed"
    assert rows["Kaffe"]["before"] == "Biblioteket"
    assert rows["Kaffe"]["after"] == "Begge (på skift)"
    assert rows["Plakater"]["change"] == "added"
    assert rows["Oprydning"]["change"] == "removed"
    # The period and notice placeholders are filled in, so those sections changed too.
    assert {s["key"] for s in diff["sections"]} == {"periode", "opsigelse"}
    assert diff["unchanged"] is False


def test_two_equal_versions_are_unchanged():
    agreement = make_agreement()
    version = agreement.latest_version()
    assert version_diff(version, version)["unchanged"] is True


def test_the_compare_page_shows_the_diff_escaped(staff):
    agreement = make_agreement()
    agreement_update(
        agreement=agreement,
        acting_user=agreement.owner,
        sections={"baggrund": "Vi <script>alert(1)</script> læser."},
    )
    response = staff.get(f"/personale/aftaler/{agreement.pk}/sammenlign/?a=1&b=2")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<ins>" in html and "<del>" in html


def test_the_compare_page_refuses_versions_that_do_not_exist(staff):
    agreement = make_agreement()
    response = staff.get(f"/personale/aftaler/{agreement.pk}/sammenlign/?a=1&b=9")
    assert response.status_code == 400
    assert "ingen version 9" in response.content.decode()
    response = staff.get(f"/personale/aftaler/{agreement.pk}/sammenlign/?a=x&b=1")
    assert response.status_code == 400


def test_the_compare_page_is_for_staff_only(anonymous, citizen):
    agreement = make_agreement()
    url = f"/personale/aftaler/{agreement.pk}/sammenlign/?a=1&b=1"
    assert anonymous.get(url)["Location"].startswith("/konto/login/")
    assert citizen.get(url).status_code == 404


def test_a_rewritten_phrase_reads_as_one_change():
    html = text_diff_html(
        "Gælder fra [startdato ikke udfyldt]. Vi mødes.", "Gælder fra 1. januar 2027. Vi mødes."
    )
    assert html == (
        "Gælder fra <del>[startdato ikke udfyldt].</del><ins>1. januar 2027.</ins> Vi mødes."
    )
