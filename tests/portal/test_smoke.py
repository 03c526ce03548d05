import pytest


@pytest.mark.django_db
def test_home_page_tells_a_citizen_what_they_can_do(anonymous):
    response = anonymous.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Det kan du her" in content
    assert 'lang="da"' in content
