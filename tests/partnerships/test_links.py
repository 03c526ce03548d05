"""Partners on initiatives ("Sammen med hvem?") and as co-hosts of activities."""

import html

import pytest
from django.urls import reverse

from activities.models import ActivityCoHost, CoHostKind
from activities.services import activity_update
from partnerships.models import ActivityPartner, InitiativePartner
from partnerships.services.partners import activity_link_partner, partner_update
from tests.activities.factories import ActivityFactory
from tests.initiatives.staff_support import make_initiative
from tests.partnerships.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def link_initiative(initiative):
    return reverse("partnerships:initiative_partner_link", args=[initiative.pk])


def link_activity(activity):
    return reverse("partnerships:activity_partner_link", args=[activity.pk])


# --- Initiatives ---------------------------------------------------------------------------------


def test_staff_link_a_partner_to_an_initiative_and_unlink_it_again(staff):
    initiative = make_initiative(together_with="Måske den lokalhistoriske forening")
    partner = PartnerFactory(name="Tårnby Lokalhistoriske Forening")
    page = reverse("initiatives:staff_detail", args=[initiative.pk])
    assert "Sammen med hvem? – samarbejdspartnere" in text(staff.get(page))

    response = staff.post(
        link_initiative(initiative),
        {"partnerlink-partner": partner.pk, "partnerlink-note": "Billeder fra arkivet"},
    )

    assert response.status_code == 302
    assert response.url == page + "#samarbejdspartnere"
    link = InitiativePartner.objects.get()
    assert (link.initiative, link.partner, link.note) == (
        initiative,
        partner,
        "Billeder fra arkivet",
    )
    content = text(staff.get(page))
    assert "Tårnby Lokalhistoriske Forening" in content and "Billeder fra arkivet" in content
    assert "Måske den lokalhistoriske forening" in content  # the citizen's own words stay
    partner_page = text(staff.get(reverse("partnerships:staff_partner_detail", args=[partner.pk])))
    assert initiative.title in partner_page

    staff.post(reverse("partnerships:initiative_partner_unlink", args=[link.pk]))
    assert not InitiativePartner.objects.exists()


def test_linking_twice_or_without_a_partner_says_why_and_changes_nothing(staff):
    initiative = make_initiative()
    partner = PartnerFactory(name="Skakklubben")
    staff.post(link_initiative(initiative), {"partnerlink-partner": partner.pk})

    twice = staff.post(
        link_initiative(initiative), {"partnerlink-partner": partner.pk}, follow=True
    )
    empty = staff.post(link_initiative(initiative), {"partnerlink-partner": ""}, follow=True)

    assert InitiativePartner.objects.count() == 1
    assert "Vælg en samarbejdspartner." in text(empty)
    assert twice.status_code == 200


def test_an_archived_partner_cannot_be_linked(staff):
    initiative = make_initiative()
    partner = PartnerFactory(is_active=False)

    staff.post(link_initiative(initiative), {"partnerlink-partner": partner.pk})

    assert not InitiativePartner.objects.exists()


# --- Activities ----------------------------------------------------------------------------------


def test_a_public_partner_linked_as_co_host_shows_in_the_public_calendar(staff, anonymous):
    activity = ActivityFactory(title="Skakcafé")
    partner = PartnerFactory(name="Tårnby Skakklub", is_public=True)

    response = staff.post(link_activity(activity), {"partnerlink-partner": partner.pk})

    assert response.url == (
        reverse("activities:staff_detail", args=[activity.pk]) + "#samarbejdspartnere"
    )
    link = ActivityPartner.objects.get()
    assert link.cohost.kind == CoHostKind.PARTNER
    assert (link.cohost.name, link.cohost.show_publicly) == ("Tårnby Skakklub", True)
    assert "Sammen med Tårnby Skakklub" in text(anonymous.get(reverse("activities:calendar")))
    assert "Tårnby Skakklub" in text(
        anonymous.get(reverse("activities:detail", args=[activity.pk]))
    )
    api = anonymous.get(f"/api/activities/{activity.pk}/").json()
    assert {"kind": "partner", "name": "Tårnby Skakklub"} in api["cohosts"]


def test_a_partner_that_is_not_public_co_hosts_without_being_named_publicly(staff, anonymous):
    activity = ActivityFactory(title="Skakcafé")
    partner = PartnerFactory(name="Hemmelig Klub", is_public=False)

    staff.post(link_activity(activity), {"partnerlink-partner": partner.pk})

    assert ActivityPartner.objects.get().cohost.show_publicly is False
    assert "Hemmelig Klub" not in text(anonymous.get(reverse("activities:calendar")))
    assert "Hemmelig Klub" in text(
        staff.get(reverse("activities:staff_detail", args=[activity.pk]))
    )


def test_making_a_partner_public_or_renaming_it_updates_its_co_host_rows(staff_user, anonymous):
    activity = ActivityFactory()
    partner = PartnerFactory(name="Gammel Klub", is_public=False)
    activity_link_partner(activity=activity, partner=partner, acting_user=staff_user)

    partner_update(partner=partner, acting_user=staff_user, name="Ny Klub", is_public=True)

    cohost = ActivityCoHost.objects.get()
    assert (cohost.name, cohost.show_publicly) == ("Ny Klub", True)
    assert "Sammen med Ny Klub" in text(anonymous.get(reverse("activities:calendar")))


def test_unlinking_removes_the_co_host_even_after_the_activity_form_rewrote_the_rows(
    staff, staff_user
):
    activity = ActivityFactory()
    partner = PartnerFactory(name="Tårnby Skakklub")
    activity_link_partner(activity=activity, partner=partner, acting_user=staff_user)
    # The activity's edit form sends every co-host row again; the service recreates them.
    activity_update(
        activity=activity,
        acting_user=staff_user,
        cohosts=[
            {"kind": "partner", "name": "Tårnby Skakklub", "show_publicly": True},
            {"kind": "citizen", "name": "Inger Hansen"},
        ],
    )
    link = ActivityPartner.objects.get()
    assert link.cohost is None

    staff.post(reverse("partnerships:activity_partner_unlink", args=[link.pk]))

    assert not ActivityPartner.objects.exists()
    assert list(activity.cohosts.values_list("name", flat=True)) == ["Inger Hansen"]


def test_the_activity_page_offers_only_partners_not_yet_co_hosting(staff, staff_user):
    activity = ActivityFactory()
    linked = PartnerFactory(name="Allerede Med")
    PartnerFactory(name="Kan Vælges")
    activity_link_partner(activity=activity, partner=linked, acting_user=staff_user)

    content = text(staff.get(reverse("activities:staff_detail", args=[activity.pk])))

    assert "Samarbejdspartnere som medarrangører" in content
    select = content.split('name="partnerlink-partner"')[1].split("</select>")[0]
    assert "Kan Vælges" in select and "Allerede Med" not in select


# --- Access --------------------------------------------------------------------------------------


def test_outsiders_cannot_link_or_unlink(anonymous, citizen, staff, staff_user):
    initiative = make_initiative()
    activity = ActivityFactory()
    partner = PartnerFactory()
    initiative_link = InitiativePartner.objects.create(initiative=initiative, partner=partner)
    activity_link = activity_link_partner(
        activity=activity, partner=partner, acting_user=staff_user
    )
    urls = [
        link_initiative(initiative),
        link_activity(activity),
        reverse("partnerships:initiative_partner_unlink", args=[initiative_link.pk]),
        reverse("partnerships:activity_partner_unlink", args=[activity_link.pk]),
    ]
    for url in urls:
        response = anonymous.post(url, {"partnerlink-partner": partner.pk})
        assert response.status_code == 302 and "/konto/" in response.url, url
        assert citizen.post(url, {"partnerlink-partner": partner.pk}).status_code == 404, url
        assert staff.get(url).status_code == 405, url
    assert InitiativePartner.objects.count() == 1
    assert ActivityPartner.objects.count() == 1
    unknown = reverse("partnerships:activity_partner_link", args=[99999])
    assert staff.post(unknown, {"partnerlink-partner": partner.pk}).status_code == 404
