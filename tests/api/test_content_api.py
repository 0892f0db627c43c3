"""The content API on a real client: the reader rule everywhere, cursors that never drift, problem
documents for every error, ETags, 410 Gone, and the changes feed a partner can hold the archive by."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from openapi_spec_validator import validate

from articles.models import Article, Status
from tests.factories import make_article, make_author, make_section, save

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _changes_at_once(settings):
    settings.CHANGES_SETTLE_SECONDS = 0


def get(client, url, **headers):
    response = client.get(url, **headers)
    return response, (json.loads(response.content) if response.content else None)


def test_the_openapi_document_is_valid_openapi_3_1(client):
    response, document = get(client, "/api/v1/openapi.json")
    assert response.status_code == 200 and document["openapi"].startswith("3.1")
    validate(document)
    assert {"/api/v1/articles", "/api/v1/articles/{article_id}", "/api/v1/changes"} <= set(document["paths"])


def test_the_docs_page_needs_no_outside_server(client):
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert "/api/v1/openapi.json" in page


def test_an_article_in_full(client):
    author = make_author("Ana Ruiz")
    article = make_article("Harbour wall to be repaired", authors=[author], tags=["Harbour", "Council"])
    response, found = get(client, f"/api/v1/articles/{article.pk}")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert found["headline"] == "Harbour wall to be repaired"
    assert found["url"] == f"http://testserver{article.get_absolute_url()}"
    assert [topic["name"] for topic in found["topics"]] == ["Harbour", "Council"]
    assert found["bylines"] == [
        {"name": "Ana Ruiz", "slug": author.slug, "url": f"http://testserver{author.get_absolute_url()}"}
    ]
    assert found["body_html"] == article.body_html
    assert found["published_at"].endswith("+00:00")
    _, by_slug = get(client, f"/api/v1/articles/by-slug/{article.slug}")
    assert by_slug == found


def test_lists_leave_the_body_out_and_fields_choose(client):
    make_article()
    _, page = get(client, "/api/v1/articles")
    assert "body_html" not in page["items"][0] and "headline" in page["items"][0]
    _, page = get(client, "/api/v1/articles?fields=id,headline,url")
    assert set(page["items"][0]) == {"id", "headline", "url"}
    response, problem = get(client, "/api/v1/articles?fields=id,secret")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert set(problem) == {"type", "title", "status", "detail"} and "'fields'" in problem["detail"]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("limit=0", "'limit'"),
        ("limit=101", "'limit'"),
        ("limit=many", "'limit'"),
        ("published_after=yesterday", "'published_after'"),
        ("ids=1,x", "'ids'"),
        ("cursor=not-ours", "'cursor'"),
    ],
)
def test_a_bad_parameter_is_a_400_that_names_it(client, query, named):
    response, problem = get(client, f"/api/v1/articles?{query}")
    assert response.status_code == 400 and problem["status"] == 400 and named in problem["detail"]


def test_drafts_reviews_scheduled_and_unpublished_never_show(client):
    public = make_article("Seen")
    hidden = [
        make_article(status=Status.DRAFT),
        make_article(status=Status.REVIEW),
        make_article(published_at=timezone.now() + timedelta(hours=1)),
    ]
    _, page = get(client, "/api/v1/articles")
    assert [item["id"] for item in page["items"]] == [public.pk]
    for article in hidden:
        assert client.get(f"/api/v1/articles/{article.pk}").status_code == 404
        assert client.get(f"/api/v1/articles/by-slug/{article.slug}").status_code == 404
    _, changes = get(client, "/api/v1/changes")
    assert [item["id"] for item in changes["items"]] == [public.pk]


def test_following_next_visits_every_article_once_while_news_is_published_and_updated(client):
    now = timezone.now()
    made = [make_article(f"Story {n}", published_at=now - timedelta(minutes=n)) for n in range(1, 8)]
    same_moment = [make_article(f"Tied {n}", published_at=now - timedelta(minutes=20)) for n in range(3)]
    expected = {article.pk for article in made + same_moment}
    seen, url = [], "/api/v1/articles?limit=3"
    while url:
        _, page = get(client, url)
        seen += [item["id"] for item in page["items"]]
        make_article("Breaking", published_at=timezone.now())  # published between pages
        made[0].headline = f"{made[0].headline}, updated"
        save(made[0])
        url = page["next"]
    assert len(seen) == len(set(seen)) and expected <= set(seen)


def test_filters(client):
    city, sport = make_section("City"), make_section("Sport")
    author = make_author("Jo Bell")
    a = make_article(section=city, authors=[author], tags=["Bridges"])
    b = make_article(section=sport)
    c = make_article(section=city, tags=["Bridges", "Roads"])

    def ids(query):
        return {item["id"] for item in get(client, f"/api/v1/articles?{query}")[1]["items"]}

    assert ids("section=city") == {a.pk, c.pk}
    assert ids("section=city&section=sport") == {a.pk, b.pk, c.pk}
    assert ids("topic=bridges&topic=roads") == {a.pk, c.pk}
    assert ids(f"author={author.slug}") == {a.pk}
    assert ids(f"ids={a.pk},{b.pk}") == {a.pk, b.pk}
    assert ids(
        f"published_after={(b.published_at - timedelta(seconds=1)).isoformat()}".replace("+", "%2B")
    ) >= {b.pk}


def test_etag_and_304(client):
    article = make_article()
    response = client.get(f"/api/v1/articles/{article.pk}")
    etag = response["ETag"]
    assert "max-age" in response["Cache-Control"]
    again = client.get(f"/api/v1/articles/{article.pk}", headers={"If-None-Match": etag})
    assert again.status_code == 304
    article.headline = "A new headline"
    save(article)
    changed = client.get(f"/api/v1/articles/{article.pk}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_an_unpublished_or_deleted_article_is_gone(client):
    article = make_article()
    article.status = Status.DRAFT
    save(article)
    response, problem = get(client, f"/api/v1/articles/{article.pk}")
    assert response.status_code == 410 and problem["title"] == "Gone"
    deleted = make_article()
    pk = deleted.pk
    Article.objects.get(pk=pk).delete()
    assert client.get(f"/api/v1/articles/{pk}").status_code == 410
    assert client.get("/api/v1/articles/987654").status_code == 404


def test_a_partner_following_the_changes_feed_holds_exactly_the_public_archive(client):
    held, url = {}, "/api/v1/changes?limit=2"

    def follow():
        nonlocal url
        while True:
            _, page = get(client, url)
            for item in page["items"]:
                # The article as it is now: null when it has gone since (a later change says how).
                if item["change"] in ("unpublished", "deleted") or item["article"] is None:
                    held.pop(item["id"], None)
                else:
                    held[item["id"]] = item["article"]["headline"]
            url = page["next"]
            if not page["items"]:
                return

    first, second = make_article("First"), make_article("Second")
    follow()
    second.headline = "Second, corrected"
    save(second)
    third = make_article("Third")
    first.status = Status.DRAFT
    save(first)
    Article.objects.get(pk=third.pk).delete()
    make_article("Later", published_at=timezone.now() + timedelta(hours=1))  # not yet: not told
    follow()
    public = {article.pk: article.headline for article in Article.objects.published()}
    assert held == public == {second.pk: "Second, corrected"}


def test_a_gone_article_is_null_in_the_changes_feed(client):
    article = make_article()
    Article.objects.get(pk=article.pk).delete()
    _, page = get(client, "/api/v1/changes")
    assert [(item["change"], item["article"]) for item in page["items"]][-1] == ("deleted", None)


def test_the_list_costs_the_same_queries_whatever_its_length(client, django_assert_max_num_queries):
    for _ in range(3):
        make_article(authors=[make_author()], tags=["One", "Two"])
    with django_assert_max_num_queries(8) as few:
        client.get("/api/v1/articles?limit=100")
    for _ in range(20):
        make_article(authors=[make_author()], tags=["One", "Two"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/v1/articles?limit=100")


def test_no_traceback_reaches_a_caller(client, monkeypatch):
    from articles.api import representation

    monkeypatch.setattr(representation, "shown", lambda *args, **kwargs: 1 / 0)
    make_article()
    response, problem = get(Client(raise_request_exception=False), "/api/v1/articles")
    assert response.status_code == 500 and problem["title"] == "Internal Server Error"
    assert "ZeroDivisionError" not in response.content.decode()


def test_ninjs_by_parameter_or_accept_header_from_the_exporters_one_writer(client):
    from articles.exporters import ninjs

    article = make_article("Ferry timetable revised", tags=["Ferries"])
    response, item = get(client, f"/api/v1/articles/{article.pk}?format=ninjs")
    assert response["Content-Type"] == "application/vnd.iptc.ninjs+json"
    assert item == json.loads(json.dumps(ninjs.item(Article.objects.get(pk=article.pk))))
    assert item["standard"]["version"] == "2.1" and item["headlines"][0]["value"] == "Ferry timetable revised"
    _, by_accept = get(
        client, f"/api/v1/articles/{article.pk}", HTTP_ACCEPT="application/vnd.iptc.ninjs+json"
    )
    assert by_accept == item
    _, page = get(client, "/api/v1/articles?format=ninjs")
    assert page["items"] == [item]
    assert client.get("/api/v1/articles?format=xml").status_code == 400
