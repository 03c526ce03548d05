""" "Skal det formaliseres?": every combination of answers leads to the model the rules name,
with a reason for each thing that points to an agreement, and the page starts the agreement
with the recommended model and remembers the answers."""

import itertools
import json
from urllib.parse import parse_qs, urlparse

import pytest

from partnerships.models import Agreement
from partnerships.services.templates import Duration, recommend_model
from tests.html import field_errors, read_page
from tests.partnerships.factories import PartnerFactory, agreement_template

pytestmark = pytest.mark.django_db

YES_NO = [True, False]
DURATIONS = [Duration.SINGLE_DAY, Duration.MONTHS, Duration.YEAR_PLUS]
COMBINATIONS = [
    dict(
        zip(
            ["money", "personal_data", "children", "rooms", "repeated", "duration"],
            values,
            strict=True,
        )
    )
    for values in itertools.product(YES_NO, YES_NO, YES_NO, YES_NO, YES_NO, DURATIONS)
]


def expected_kind(a: dict) -> str | None:
    """The rules, written out as a table a person can check."""
    one_event = not a["repeated"] and a["duration"] == Duration.SINGLE_DAY
    at_stake = a["money"] or a["personal_data"] or a["children"]
    if at_stake:
        return "event" if one_event else "standard"
    if a["rooms"]:
        return "event" if one_event else "rooms"
    return None if one_event else "intent"


@pytest.mark.parametrize(
    "answers", COMBINATIONS, ids=lambda a: "-".join(str(v) for v in a.values())
)
def test_each_combination_gives_the_right_model_and_reasons(answers):
    recommendation = recommend_model(answers)
    assert recommendation.kind == expected_kind(answers)
    text = " ".join(recommendation.reasons)
    assert recommendation.headline
    assert ("Der er penge involveret" in text) == answers["money"]
    if answers["personal_data"]:
        assert "databehandleraftale" in text
    if answers["children"]:
        assert "børneattest" in text
    if answers["rooms"]:
        assert "lokaler" in text
    if recommendation.kind is None:
        assert "e-mail" in text
        assert "ikke nødvendig" in text
    if recommendation.kind == "intent":
        assert "hensigtserklæring" in text
        assert "bindende" in text
    if recommendation.kind == "standard" and answers["duration"] == Duration.YEAR_PLUS:
        assert "evaluering" in text


def test_nothing_at_stake_and_one_event_needs_no_formal_agreement():
    recommendation = recommend_model(
        {
            "money": False,
            "personal_data": False,
            "children": False,
            "rooms": False,
            "repeated": False,
            "duration": Duration.SINGLE_DAY,
        }
    )
    assert recommendation.needs_agreement is False
    assert recommendation.headline == "Det er ikke nødvendigt at lave en formel aftale."


# --- The page --------------------------------------------------------------------------------

URL = "/personale/aftaler/formaliser/"


def test_the_page_recommends_a_model_and_starts_the_agreement_with_it(staff):
    response = staff.get(URL)
    assert response.status_code == 200
    assert "Er der penge involveret" in response.content.decode()
    response = staff.get(
        URL,
        {
            "money": "ja",
            "personal_data": "nej",
            "children": "ja",
            "rooms": "nej",
            "repeated": "ja",
            "duration": "year_plus",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lav en samarbejdsaftale." in html
    assert "børneattest" in html
    page = read_page(response)
    assert page.values["children"] == ["ja"]  # the answers stay filled in
    start = next(
        line.split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
        for line in html.splitlines()
        if "Start en aftale med denne model" in line
    )
    query = parse_qs(urlparse(start).query)
    assert query["model"] == ["standard"]
    answers = json.loads(query["answers"][0])
    assert answers["money"] is True and answers["children"] is True

    # Step 1 comes with the model chosen and carries the answers to the new agreement.
    response = staff.get(start)
    page = read_page(response)
    assert page.values["template"] == [str(agreement_template("standard").pk)]
    partner = PartnerFactory()
    response = staff.post(
        "/personale/aftaler/ny/",
        {
            "partner": partner.pk,
            "template": agreement_template("standard").pk,
            "title": "Lektiecafé",
            "answers": page.values["answers"][0],
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert agreement.formalisation_answers == {
        "money": True,
        "personal_data": False,
        "children": True,
        "rooms": False,
        "repeated": True,
        "duration": "year_plus",
    }


def test_no_agreement_needed_offers_no_start_button(staff):
    response = staff.get(
        URL,
        {
            "money": "nej",
            "personal_data": "nej",
            "children": "nej",
            "rooms": "nej",
            "repeated": "nej",
            "duration": "day",
        },
    )
    html = response.content.decode()
    assert "Det er ikke nødvendigt at lave en formel aftale." in html
    assert "Start en aftale med denne model" not in html


def test_unanswered_questions_are_shown_next_to_the_field(staff):
    response = staff.get(URL, {"money": "ja"})
    assert response.status_code == 400
    errors = field_errors(response)
    assert errors["children"] == "Svar ja eller nej."
    assert errors["duration"] == "Vælg, hvor længe det varer."
    assert read_page(response).values["money"] == ["ja"]


def test_the_questionnaire_is_for_staff(anonymous, citizen):
    assert anonymous.get(URL)["Location"].startswith("/konto/login/")
    assert citizen.get(URL).status_code == 404
