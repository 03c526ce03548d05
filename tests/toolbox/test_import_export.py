"""Sharing cards: malformed files are refused with a clear Danish message and change nothing;
a good file is previewed, then written on confirmation; export then import round-trips."""

import json
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.toolbox.factories import MethodFactory, as_bytes, card, document
from toolbox.models import Method, MethodStatus
from toolbox.services.exchange import export_bytes, import_apply, import_check

pytestmark = pytest.mark.django_db

IMPORT = "/personale/vaerktoejskasse/import/"
CONFIRM = "/personale/vaerktoejskasse/import/bekraeft/"


def upload(content: bytes, name="metoder.json"):
    return SimpleUploadedFile(name, content, content_type="application/json")


def snapshot():
    return json.loads(export_bytes(Method.objects.all()))["methods"]


@pytest.fixture
def existing():
    return MethodFactory(slug="dot-voting", title="Prikafstemning")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not json {", "Filen er ikke en JSON-fil."),
        (b"\xff\xfe\x00garbage", "Filen er ikke en JSON-fil."),
        (b"[1, 2, 3]", "Filen skal indeholde ét JSON-objekt med metoderne."),
        (
            as_bytes(document(card("world-cafe"), format="trello")),
            "Filen har ikke formatet 'sammen-toolbox'",
        ),
        (as_bytes(document(card("world-cafe"), version=2)), "Værktøjskassen kan læse version 1"),
        (as_bytes(document()), "Filen skal have en liste 'methods' med mindst én metode."),
        (
            as_bytes(document({k: v for k, v in card("world-cafe").items() if k != "title"})),
            "Metode 1 (world-cafe): feltet 'title' mangler",
        ),
        (
            as_bytes(document(card("world-cafe", category="fun"))),
            "Metode 1 (world-cafe): 'fun' er ikke en gyldig værdi for 'category'",
        ),
        (
            as_bytes(document(card("world-cafe", phases=["later"]))),
            "Metode 1 (world-cafe): 'phases' skal være en liste",
        ),
        (
            as_bytes(document(card("world-cafe", duration_min="60"))),
            "Metode 1 (world-cafe): feltet 'duration_min' skal være et helt tal over 0",
        ),
        (
            as_bytes(document(card("world-cafe", steps=[{"title": "A", "minutes": 0}]))),
            "Metode 1 (world-cafe): trin 1: 'minutes' skal være et helt tal på mindst 1",
        ),
        (
            as_bytes(document(card("World Café"))),
            "'slug' må kun have små bogstaver a-z, tal og bindestreger",
        ),
        (
            as_bytes(document(card("world-cafe", related=["open-space"]))),
            "Metode 1 (world-cafe): den relaterede metode 'open-space' findes hverken i filen "
            "eller i værktøjskassen.",
        ),
        (
            as_bytes(document(card("world-cafe", competence_areas=["magic"]))),
            "Metode 1 (world-cafe): kompetenceområdet 'magic' findes ikke.",
        ),
        (as_bytes(document(card("a"), card("a"))), "Metoden 'a' står flere gange i filen."),
    ],
)
def test_malformed_files_are_refused_with_a_clear_message_and_nothing_changes(
    manager, existing, content, message
):
    before = snapshot()
    response = manager.post(IMPORT, {"file": upload(content)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Filen kan ikke importeres" in html
    assert "Intet er ændret." in html
    assert message in unescape(html)
    assert 'name="token"' not in html  # no way to confirm
    assert snapshot() == before


def test_every_problem_is_listed_at_once(manager):
    bad = document(card("a", category="x"), card("b", setting="moon", duration_max=1))
    problems = import_check(as_bytes(bad)).problems
    assert len(problems) == 3
    assert problems[0].startswith("Metode 1 (a)")
    assert problems[1].startswith("Metode 2 (b)")


def test_a_file_over_the_size_limit_is_refused(manager):
    response = manager.post(IMPORT, {"file": upload(b" " * (1024 * 1024 + 1))})
    assert "Filen er for stor. Den må højst fylde 1 MB." in response.content.decode()


def test_a_good_file_is_previewed_then_written_on_confirmation(manager, existing, manager_user):
    changed = card("dot-voting", title="Prikafstemning 2.0", related=["world-cafe"])
    content = as_bytes(document(card("world-cafe"), changed, card("open-space", status="draft")))
    response = manager.post(IMPORT, {"file": upload(content)})
    html = response.content.decode()
    assert "2 nye metoder: World Cafe, Open Space" in html
    assert "1 metode opdateres: Prikafstemning 2.0" in html
    assert Method.objects.count() == 1  # the preview changes nothing
    token = html.split('name="token" value="')[1].split('"')[0]

    response = manager.post(CONFIRM, {"token": token})
    assert response.status_code == 302
    cafe = Method.objects.get(slug="world-cafe")
    assert cafe.status == MethodStatus.PUBLISHED
    assert [s.minutes for s in cafe.steps.all()] == [10, 45]
    assert Method.objects.get(slug="open-space").status == MethodStatus.DRAFT
    dot = Method.objects.get(slug="dot-voting")
    assert dot.title == "Prikafstemning 2.0"
    # "Combine with" links both ways.
    assert list(cafe.related.all()) == [dot]


def test_a_tampered_token_is_refused(manager):
    response = manager.post(CONFIRM, {"token": "abc:def"}, follow=True)
    assert "Forhåndsvisningen er udløbet" in response.content.decode()
    assert not Method.objects.exists()


def test_staff_may_export_but_not_import(staff):
    assert staff.get(IMPORT).status_code == 403
    assert staff.post(CONFIRM, {"token": "x"}).status_code == 403
    assert staff.get("/personale/vaerktoejskasse/eksport/").status_code == 200


def test_export_then_import_round_trips_to_identical_data(manager, manager_user):
    a = MethodFactory(slug="a", title="Æblemetoden", areas=["vaertskab"], materials=["Æbler"])
    b = MethodFactory(slug="b", title="B", phases=["understand", "evaluate"], steps=[("Et", 5)])
    a.related.add(b)
    MethodFactory(slug="draft", status=MethodStatus.DRAFT)
    response = manager.get("/personale/vaerktoejskasse/eksport/", {"hent": "1"})
    assert response["Content-Disposition"].startswith('attachment; filename="metoder-')
    exported = response.content
    data = json.loads(exported)
    assert [m["slug"] for m in data["methods"]] == ["a", "b"]  # published cards only
    before = snapshot()

    # Into the same toolbox: every card unchanged.
    check = import_check(exported)
    assert (check.create, check.update, len(check.unchanged)) == ([], [], 2)

    # Into an empty toolbox: the same cards again.
    Method.objects.all().delete()
    import_apply(exported, acting_user=manager_user)
    after = snapshot()
    assert after == [m for m in before if m["slug"] != "draft"]


def test_export_of_the_browsers_selection(staff):
    MethodFactory(slug="x", category="volunteers")
    MethodFactory(slug="y", category="partners")
    response = staff.get(
        "/personale/vaerktoejskasse/eksport/", {"category": "partners", "hent": "1"}
    )
    assert [m["slug"] for m in json.loads(response.content)["methods"]] == ["y"]


def test_the_demo_file_passes_the_import_check():
    from toolbox.demo import methods_document

    check = import_check(methods_document())
    assert check.ok, check.problems
    assert len(check.create) >= 30
