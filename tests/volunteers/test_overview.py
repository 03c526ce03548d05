"""The volunteers' back-office front page shows what is waiting, at a fixed cost."""

import pytest

from tests.volunteers.factories import ApplicationFactory

URL = "/personale/frivillige/"


@pytest.mark.django_db
def test_outsiders_do_not_see_the_volunteer_back_office(anonymous, citizen):
    assert anonymous.get(URL).status_code == 302
    assert citizen.get(URL).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("waiting", [1, 50])
def test_staff_see_how_many_applications_wait(staff, waiting, django_assert_max_num_queries):
    ApplicationFactory.create_batch(waiting)
    # session, user, library, then one count per box (6)
    with django_assert_max_num_queries(9):
        response = staff.get(URL)
    assert response.status_code == 200
    assert f'<span class="stat">{waiting}</span> venter på en afgørelse' in response.content.decode()
