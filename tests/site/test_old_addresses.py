"""Old addresses: the redirect readers get, and the desk's list of them."""

import pytest

from articles.models import OldAddress, Status
from tests.factories import make_article
from tests.staff import make_editor, make_reporter

pytestmark = pytest.mark.django_db

LIST = "/admin/articles/oldaddress/"


def test_an_old_address_of_a_published_article_redirects_for_good(client):
    article = make_article(slug="new-home")
    OldAddress.objects.create(path="/2019/01/01/old-home/", article=article)
    for asked in ("/2019/01/01/old-home/", "/2019/01/01/old-home"):
        response = client.get(asked, follow=False)
        assert response.status_code in (301, 308), asked
    response = client.get("/2019/01/01/old-home/")
    assert response.status_code == 301 and response["Location"] == "/articles/new-home/"
    assert client.head("/2019/01/01/old-home/").status_code == 301


def test_an_unpublished_article_or_an_unknown_path_stays_a_404(client):
    draft = make_article(slug="draft", status=Status.DRAFT)
    OldAddress.objects.create(path="/secret/", article=draft)
    assert client.get("/secret/").status_code == 404
    assert client.get("/never-was/").status_code == 404
    assert client.post("/secret/").status_code in (403, 404, 405)


def test_an_editor_adds_one_by_hand_and_the_path_is_tidied(client):
    article = make_article(slug="campaign")
    client.force_login(make_editor())
    response = client.post(
        f"{LIST}add/", {"path": "https://old.example.org/vote?utm=x", "article": article.pk}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert OldAddress.objects.get().path == "/vote/"
    assert client.get("/vote/").status_code == 301
    page = client.get(LIST).content.decode()
    assert "/vote/" in page and "Published" in page


def test_the_desk_refuses_the_home_page_and_a_path_taken(client):
    article = make_article(slug="campaign")
    OldAddress.objects.create(path="/taken/", article=make_article(slug="other"))
    client.force_login(make_editor())
    for path, message in (
        ("/", "The home page cannot be an old address."),
        ("taken", "already leads to another article"),
    ):
        response = client.post(f"{LIST}add/", {"path": path, "article": article.pk})
        assert response.status_code == 200 and message in response.content.decode()
    assert OldAddress.objects.count() == 1


def test_reporters_do_not_manage_old_addresses(client):
    client.force_login(make_reporter())
    assert client.get(LIST).status_code == 403
