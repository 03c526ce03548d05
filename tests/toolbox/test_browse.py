"""The method browser: faceted filters and search return exactly the right cards, and the
count next to each facet value is what ticking it would give (its own facet left out)."""

import re
from html import unescape

import pytest

from tests.toolbox.factories import LogFactory, MethodFactory
from toolbox.models import MethodStatus, Setting

pytestmark = pytest.mark.django_db

URL = "/personale/vaerktoejskasse/"


@pytest.fixture
def cards():
    return {
        "A": MethodFactory(
            title="World Café",
            category="cocreation_citizens",
            phases=["understand", "ideas"],
            participation_level="consult",
            duration_min=60,
            duration_max=120,
            group_min=12,
            group_max=60,
            areas=["process_facilitation", "vaertskab"],
            steps=[("Velkomst", 10), ("Caférunder", 60)],
        ),
        "B": MethodFactory(
            title="Walk and talk",
            category="dialogue_hosting",
            phases=["understand"],
            participation_level="involve",
            duration_min=30,
            duration_max=45,
            group_min=2,
            group_max=2,
            areas=["relational"],
            steps=[("Gå en tur langs stranden", 30)],
        ),
        "C": MethodFactory(
            title="Online retrospektiv",
            category="internal_development",
            phases=["evaluate"],
            participation_level="internal",
            duration_min=20,
            duration_max=30,
            group_min=3,
            group_max=10,
            setting=Setting.ONLINE,
            areas=["process_facilitation"],
            summary="Holdet ser tilbage på et forløb.",
        ),
        "D": MethodFactory(
            title="Onboarding af frivillig",
            category="volunteers",
            phases=["carry_out"],
            participation_level="involve",
            duration_min=45,
            duration_max=60,
            group_min=1,
            group_max=4,
            setting=Setting.BOTH,
            areas=["relational", "vaertskab"],
        ),
        "E": MethodFactory(
            title="Hackathon",
            category="cocreation_citizens",
            phases=["ideas", "try_out"],
            participation_level="cocreate",
            duration_min=240,
            duration_max=480,
            group_min=20,
            group_max=80,
            areas=["cocreation", "project_management"],
        ),
        "F": MethodFactory(title="Kladde-metode", status=MethodStatus.DRAFT),
        "G": MethodFactory(
            title="Ønskebrønden",
            category="partners",
            phases=[],
            duration_min=90,
            duration_max=90,
            group_min=50,
            group_max=50,
            summary="ØNSKER fra alle.",
        ),
    }


def titles(response) -> list[str]:
    assert response.status_code == 200
    html = response.content.decode()
    return [
        unescape(t) for t in re.findall(r'<h2 class="h3 mt-0"><a href="[^"]+">([^<]+)</a>', html)
    ]


def counts(response, facet: str) -> dict[str, int]:
    html = response.content.decode()
    return {
        value: int(n)
        for value, n in re.findall(rf'id="count-{facet}-([\w-]+)"[^>]*>\((\d+)\)', html)
    }


def test_without_filters_staff_see_every_card_drafts_too(staff, cards):
    response = staff.get(URL)
    assert sorted(titles(response)) == sorted(c.title for c in cards.values())
    assert "7 metoder" in response.content.decode()
    assert counts(response, "category") == {
        "cocreation_citizens": 3,
        "volunteers": 1,
        "partners": 1,
        "dialogue_hosting": 1,
        "evaluation_learning": 0,
        "internal_development": 1,
    }


def test_one_value_narrows_and_the_facets_own_counts_stay(staff, cards):
    response = staff.get(URL, {"category": "cocreation_citizens"})
    assert sorted(titles(response)) == ["Hackathon", "Kladde-metode", "World Café"]
    # The facet's own counts ignore its own choice, so the siblings still say what they hold.
    assert counts(response, "category")["volunteers"] == 1
    assert counts(response, "category")["cocreation_citizens"] == 3
    # Other facets count within the choice.
    assert counts(response, "phase") == {
        "understand": 1,
        "ideas": 3,
        "try_out": 1,
        "carry_out": 0,
        "evaluate": 0,
    }


def test_values_of_one_facet_widen_and_facets_narrow(staff, cards):
    wide = staff.get(URL, {"category": ["cocreation_citizens", "volunteers"]})
    assert sorted(titles(wide)) == [
        "Hackathon",
        "Kladde-metode",
        "Onboarding af frivillig",
        "World Café",
    ]
    narrow = staff.get(URL, {"category": "cocreation_citizens", "phase": "try_out"})
    assert titles(narrow) == ["Hackathon"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"setting": "online"}, ["Online retrospektiv", "Onboarding af frivillig"]),
        (
            {"setting": "physical"},
            [
                "Hackathon",
                "Kladde-metode",
                "Onboarding af frivillig",
                "Walk and talk",
                "World Café",
                "Ønskebrønden",
            ],
        ),
        ({"duration": "op-til-30"}, ["Kladde-metode", "Online retrospektiv", "Walk and talk"]),
        ({"duration": "over-2-timer"}, ["Hackathon"]),
        ({"group": "1-5"}, ["Onboarding af frivillig", "Online retrospektiv", "Walk and talk"]),
        ({"level": "involve"}, ["Onboarding af frivillig", "Walk and talk"]),
        ({"area": "vaertskab"}, ["Onboarding af frivillig", "World Café"]),
        ({"area": "vaertskab", "level": "consult"}, ["World Café"]),
        ({"q": "stranden"}, ["Walk and talk"]),  # in a step's title
        ({"q": "CAFÉRUNDER"}, ["World Café"]),  # any case, also beyond ASCII (É/é)
        ({"q": "ser tilbage"}, ["Online retrospektiv"]),  # in the summary
        ({"q": "hackathon"}, ["Hackathon"]),  # in the title, any case
        ({"q": "hack", "area": "relational"}, []),
        ({"q": "ønsker"}, ["Ønskebrønden"]),
    ],
)
def test_each_filter_returns_exactly_the_right_cards(staff, cards, params, expected):
    assert sorted(titles(staff.get(URL, params))) == sorted(expected)


def test_counts_under_another_facets_choice(staff, cards):
    response = staff.get(URL, {"area": "vaertskab"})
    assert counts(response, "category") == {
        "cocreation_citizens": 1,
        "volunteers": 1,
        "partners": 0,
        "dialogue_hosting": 0,
        "evaluation_learning": 0,
        "internal_development": 0,
    }
    assert counts(response, "setting") == {"physical": 2, "online": 1}
    # Its own facet: every area counted under no other choice.
    assert counts(response, "area")["relational"] == 2


def test_unknown_filter_values_are_ignored_not_an_error(staff, cards):
    response = staff.get(URL, {"category": "nonsense", "duration": "x", "sort": "evil"})
    assert len(titles(response)) == 7


def test_sorting(staff, cards):
    LogFactory.create_batch(2, method=cards["D"], rating=3)
    LogFactory(method=cards["B"], rating=5)
    assert titles(staff.get(URL, {"sort": "duration"}))[:2] == [
        "Online retrospektiv",
        "Walk and talk",
    ]
    assert titles(staff.get(URL, {"sort": "most_used"}))[:2] == [
        "Onboarding af frivillig",
        "Walk and talk",
    ]
    assert titles(staff.get(URL, {"sort": "best_rated"}))[:2] == [
        "Walk and talk",
        "Onboarding af frivillig",
    ]
    assert titles(staff.get(URL))[0] == "Hackathon"


def test_htmx_request_gets_the_results_and_fresh_counts_only(staff, cards):
    response = staff.get(URL, {"area": "vaertskab"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert sorted(titles(response)) == ["Onboarding af frivillig", "World Café"]
    assert 'id="count-category-volunteers" hx-swap-oob="true">(1)' in html


def test_pagination_keeps_every_filter(staff):
    for n in range(25):
        MethodFactory(title=f"Kort {n:02d}", category="partners")
    response = staff.get(URL, {"category": "partners", "phase": "ideas"})
    html = unescape(response.content.decode())
    assert "?category=partners&phase=ideas&side=2" in html
    page_two = staff.get(URL, {"category": "partners", "phase": "ideas", "side": 2})
    assert len(titles(page_two)) == 5
