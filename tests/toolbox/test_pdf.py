"""The card, deck and agenda PDFs, read back with pypdf: titles, steps, both sides, page size,
and the agenda's clock times."""

import datetime
import io

import pytest
from pypdf import PdfReader

from tests.toolbox.factories import ItemFactory, MethodFactory, PlanFactory
from toolbox.models import ItemKind, MethodStatus

pytestmark = pytest.mark.django_db

MM_PER_POINT = 25.4 / 72


def read(response) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def page_mm(page) -> tuple[int, int]:
    box = page.mediabox
    return round(float(box.width) * MM_PER_POINT), round(float(box.height) * MM_PER_POINT)


def text(page) -> str:
    return " ".join(page.extract_text().split())


@pytest.fixture
def world_cafe():
    return MethodFactory(
        slug="world-cafe",
        title="World Café",
        summary="Samtaler i små grupper ved caféborde.",
        purpose="Mange stemmer bliver hørt.",
        when_to_use="Når mange skal dele idéer.",
        when_not_to_use="Når en beslutning allerede er truffet.",
        steps=[("Velkomst og spørgsmål", 10), ("Tre caférunder", 60), ("Fælles høst", 20)],
        materials=["Papirduge", "Tusser"],
        tips="Bordværten bliver ved bordet.",
    )


@pytest.mark.parametrize(("size", "mm"), [("a5", (148, 210)), ("a6", (105, 148))])
def test_card_has_a_front_and_a_back_in_the_chosen_size(staff, world_cafe, size, mm):
    pdf = read(staff.get(f"/personale/vaerktoejskasse/metoder/world-cafe/kort.pdf?format={size}"))
    assert len(pdf.pages) == 2
    assert all(page_mm(page) == mm for page in pdf.pages)
    front, back = text(pdf.pages[0]), text(pdf.pages[1])
    assert "World Café" in front
    assert "Samtaler i små grupper ved caféborde." in front
    assert "Mange stemmer bliver hørt." in front
    assert "Når en beslutning allerede er truffet." in front
    assert "Tre caférunder" not in front
    assert "Velkomst og spørgsmål (10 min)" in back
    assert "Tre caférunder (60 min)" in back
    assert "Fælles høst (20 min)" in back
    assert "Papirduge, Tusser" in back
    assert "Bordværten bliver ved bordet." in back
    assert pdf.metadata.title == "World Café"


def test_an_unknown_size_falls_back_to_a5(staff, world_cafe):
    pdf = read(staff.get("/personale/vaerktoejskasse/metoder/world-cafe/kort.pdf?format=a0"))
    assert page_mm(pdf.pages[0]) == (148, 210)


def test_deck_holds_the_filtered_selection_two_sides_each(staff, world_cafe):
    MethodFactory(title="Walk and talk", category="dialogue_hosting", steps=[("Gå", 30)])
    MethodFactory(title="Hackathon", category="cocreation_citizens", steps=[("Kod", 240)])
    MethodFactory(title="Kladden", category="cocreation_citizens", status=MethodStatus.DRAFT)
    pdf = read(
        staff.get(
            "/personale/vaerktoejskasse/kortsaet.pdf",
            {"category": "cocreation_citizens", "format": "a6", "q": "a"},
        )
    )
    pages = [text(page) for page in pdf.pages]
    # Hackathon, Kladden and World Café match (title order); Walk and talk does not.
    assert len(pages) == 6
    assert pages[0].startswith("Hackathon")
    assert "Kod (240 min)" in pages[1]
    assert pages[2].startswith("Kladden")
    assert pages[4].startswith("World Café")
    assert "Tre caférunder (60 min)" in pages[5]
    assert not any("Walk and talk" in page for page in pages)


def test_agenda_shows_clock_times_total_and_materials(staff, staff_user, world_cafe):
    plan = PlanFactory(
        owner=staff_user,
        title="Borgermøde om biblioteket",
        date=datetime.date(2026, 12, 3),
        start_time=datetime.time(17, 0),
        audience="Borgere fra Kastrup",
    )
    ItemFactory(plan=plan, order=0, kind=ItemKind.OTHER, method=None, title="Velkomst", minutes=15)
    ItemFactory(plan=plan, order=1, method=world_cafe, title="World Café", minutes=90)
    ItemFactory(plan=plan, order=2, kind=ItemKind.BREAK, method=None, title="Pause", minutes=15)
    ItemFactory(plan=plan, order=3, kind=ItemKind.OTHER, method=None, title="Tak", minutes=10)
    pdf = read(staff.get(f"/personale/vaerktoejskasse/planer/{plan.pk}/dagsorden.pdf"))
    content = " ".join(text(page) for page in pdf.pages)
    assert "Borgermøde om biblioteket" in content
    assert "torsdag 3. december 2026 kl. 17:00–19:10" in content
    assert "I alt 2 t 10 min" in content
    for line in [
        "17:00–17:15 Velkomst",
        "17:15–18:45 World Café",
        "18:45–19:00 Pause",
        "19:00–19:10 Tak",
    ]:
        assert line in content
    assert "Papirduge (World Café)" in content
    assert pdf.metadata.title == "Dagsorden – Borgermøde om biblioteket"


def test_pdfs_are_staff_only(citizen, anonymous, world_cafe):
    url = "/personale/vaerktoejskasse/metoder/world-cafe/kort.pdf"
    assert citizen.get(url).status_code == 404
    assert anonymous.get(url).status_code == 302


@pytest.mark.parametrize("size", ["a5", "a6"])
def test_every_shipped_card_prints_on_one_sheet_front_and_back(staff, manager_user, size):
    """Printed double-sided, a card is one sheet: the 34 cards we ship fit two pages each in
    both sizes, so fronts and backs never swap in a deck."""
    from toolbox.demo import methods_document
    from toolbox.services.exchange import import_apply

    import_apply(methods_document(), acting_user=manager_user)

    pdf = read(staff.get("/personale/vaerktoejskasse/kortsaet.pdf", {"format": size}))

    assert len(pdf.pages) == 2 * 34
    for number, page in enumerate(pdf.pages, start=1):
        assert text(page).endswith("forside" if number % 2 else "bagside"), number
