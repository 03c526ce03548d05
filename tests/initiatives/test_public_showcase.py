"""The public showcase "Det har vi skabt sammen", and the way there from the home page."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from initiatives.models import Initiative, Status
from organisation.models import TargetGroup
from tests.factories import BranchFactory, FocusAreaFactory

pytestmark = pytest.mark.django_db

URL = reverse("initiatives:showcase")


def text(response) -> str:
    return html.unescape(response.content.decode())


def realised(title, *, status=Status.HELD, summary="Det blev en succes.", **fields):
    return Initiative.objects.create(
        title=title,
        description="Intern beskrivelse, som ikke skal vises",
        status=status,
        public_summary=summary,
        contact_name=fields.pop("contact_name", "Inger Hansen"),
        contact_email="inger@example.dk",
        **fields,
    )


def activity(title, *, branch, public=True, days=-7):
    start = timezone.now() + datetime.timedelta(days=days)
    return Activity.objects.create(
        title=title,
        description="Beskrivelse",
        branch=branch,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        is_public=public,
    )


def test_the_showcase_shows_only_realised_ideas_with_a_public_text(anonymous):
    realised("Rock-café på hovedbiblioteket", status=Status.HELD)
    realised("Erindringscafé", status=Status.EVALUATED)
    realised("Uden tekst", summary="")
    realised("Stadig under planlægning", status=Status.PLANNING)
    realised("Afvist idé", status=Status.DECLINED)

    content = text(anonymous.get(URL))

    assert "Rock-café på hovedbiblioteket" in content
    assert "Erindringscafé" in content
    assert "Det blev en succes." in content
    for hidden in ["Uden tekst", "Stadig under planlægning", "Afvist idé", "Intern beskrivelse"]:
        assert hidden not in content
    assert "inger@example.dk" not in content


def test_the_citizens_name_is_shown_only_with_their_consent(anonymous):
    realised("Scenen er din", contact_name="Karen Navnløs", name_may_be_shown=False)
    realised("Sy-café", contact_name="Ole Synlig", name_may_be_shown=True)

    content = text(anonymous.get(URL))

    assert "Idé fra Ole Synlig" in content
    assert "Karen Navnløs" not in content


def test_target_groups_focus_areas_and_only_public_activities_are_shown(anonymous):
    branch = BranchFactory(name="Vestamager Bibliotek")
    idea = realised("Læsekreds for unge")
    idea.target_groups.set([TargetGroup.objects.get(kind="young-15-24")])
    idea.focus_areas.set([FocusAreaFactory(name="Læselyst")])
    shown = activity("Første læsekredsmøde", branch=branch)
    idea.activities.add(shown, activity("Internt planlægningsmøde", branch=branch, public=False))

    content = text(anonymous.get(URL))

    assert "Unge 15-24 år" in content
    assert "Læselyst" in content
    assert "Første læsekredsmøde" in content
    assert reverse("activities:detail", args=[shown.pk]) in content
    assert "Internt planlægningsmøde" not in content


def test_the_showcase_has_an_empty_state_that_invites_ideas(anonymous):
    content = text(anonymous.get(URL))
    assert "Der er ingen endnu" in content
    assert reverse("initiatives:propose") in content


def _make_realised(numbers, branch, groups, areas):
    for i in numbers:
        idea = realised(f"Idé nummer {i}", name_may_be_shown=bool(i % 2))
        idea.target_groups.set(groups)
        idea.focus_areas.set(areas)
        idea.activities.add(activity(f"Aktivitet {i}", branch=branch))


def _query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_showcase_costs_the_same_queries_for_1_and_50_ideas_and_pages(anonymous):
    branch = BranchFactory()
    groups = list(TargetGroup.objects.all()[:2])
    areas = [FocusAreaFactory(), FocusAreaFactory()]
    _make_realised([0], branch, groups, areas)
    with_one = _query_count(anonymous, URL)
    _make_realised(range(1, 50), branch, groups, areas)
    with_fifty = _query_count(anonymous, URL)
    # library (context processor), count, page, target groups, focus areas, activities+branch,
    # public partners (with the partner joined)
    assert with_one == with_fifty <= 7

    assert "Idé nummer 49" in text(anonymous.get(URL))
    second = text(anonymous.get(URL + "?side=2"))
    assert "Side 2 af 5" in second
    assert "Idé nummer 39" in second


def test_the_home_page_invites_ideas_and_links_to_calendar_and_showcase(anonymous):
    content = text(anonymous.get(reverse("home")))
    assert "Foreslå et initiativ" in content
    for name in ["initiatives:propose", "activities:calendar", "initiatives:showcase"]:
        assert f'href="{reverse(name)}"' in content


def test_the_home_page_links_a_logged_in_citizen_to_their_ideas(citizen):
    assert f'href="{reverse("initiatives:mine")}"' in text(citizen.get(reverse("home")))


def test_the_showcase_names_the_public_partners_the_idea_was_made_with(anonymous):
    from partnerships.models import InitiativePartner
    from tests.partnerships.factories import PartnerFactory

    idea = realised("Sprogcafé")
    shown = PartnerFactory(name="Røde Kors Tårnby", slug="roede-kors", is_public=True)
    hidden = PartnerFactory(name="Hemmelig Forening", slug="hemmelig", is_public=False)
    for partner in (shown, hidden):
        InitiativePartner.objects.create(initiative=idea, partner=partner)

    content = text(anonymous.get(URL))

    assert (
        'Sammen med</dt><dd class="col-12 col-md-9">'
        '<a href="/samarbejdspartnere/roede-kors/">Røde Kors Tårnby</a></dd>' in content
    )
    assert "Hemmelig Forening" not in content
