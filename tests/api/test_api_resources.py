"""Sections, topics, authors, the front page, live stories and search in the API, as readers see them."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.desk import live
from articles.models import BreakingNews, FrontPageSlot, Status
from tests.factories import make_article, make_author, make_section
from tests.staff import make_editor

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    return response.status_code, json.loads(response.content)


def test_sections_topics_and_authors_are_those_on_public_articles(client):
    city, _empty = make_section("City"), make_section("Empty")
    seen, unseen = make_author("Ana Ruiz"), make_author("Draft Writer")
    make_article(section=city, authors=[seen], tags=["Bridges"])
    make_article(section=make_section("Drafts"), authors=[unseen], tags=["Secret"], status=Status.DRAFT)
    status, sections = get(client, "/api/v1/sections")
    assert status == 200 and [item["slug"] for item in sections["items"]] == ["city"]
    assert [item["name"] for item in get(client, "/api/v1/topics")[1]["items"]] == ["Bridges"]
    authors = get(client, "/api/v1/authors")[1]["items"]
    assert [item["name"] for item in authors] == ["Ana Ruiz"]
    assert get(client, f"/api/v1/authors/{seen.slug}")[1]["url"].endswith(seen.get_absolute_url())
    assert get(client, f"/api/v1/authors/{unseen.slug}")[0] == 404
    assert get(client, "/api/v1/sections/empty")[0] == 404


def test_a_long_list_pages_by_cursor(client):
    for n in range(5):
        make_article(tags=[f"Topic {n}"])
    names, url = [], "/api/v1/topics?limit=2"
    while url:
        page = get(client, url)[1]
        names += [item["name"] for item in page["items"]]
        url = page["next"]
    assert names == [f"Topic {n}" for n in range(5)]


def test_the_front_page_in_the_editors_order_with_the_breaking_strip(client):
    old = make_article("Pinned lead", published_at=timezone.now() - timedelta(days=2))
    newest = make_article("Newest")
    FrontPageSlot.objects.create(position=0, article=old)
    BreakingNews.objects.create(text="Storm warning for the coast", link="")
    status, front = get(client, "/api/v1/front")
    assert status == 200
    assert front["lead"]["headline"] == "Pinned lead"
    assert front["top"][0]["id"] == newest.pk
    assert front["breaking"] == {"text": "Storm warning for the coast", "link": ""}


def test_a_live_story_newest_first_and_paged(client):
    editor = make_editor()
    article = make_article()
    live.start(article, editor)
    for n in range(5):
        live.post(article, editor, text=f"<p>Update {n}</p>")
    texts, url = [], f"/api/v1/articles/{article.pk}/live?limit=2"
    while url:
        page = get(client, url)[1]
        texts += [item["html"] for item in page["items"]]
        url = page["next"]
    assert texts == [f"<p>Update {n}</p>" for n in reversed(range(5))]
    assert get(client, f"/api/v1/articles/{make_article().pk}/live")[0] == 404


def test_search_finds_what_readers_can_see(client):
    make_article("Harbour bridge reopens")
    make_article("Harbour secret plan", status=Status.DRAFT)
    status, found = get(client, "/api/v1/search?q=harbour")
    assert status == 200 and [item["headline"] for item in found["items"]] == ["Harbour bridge reopens"]
    assert get(client, "/api/v1/search?q=%20")[0] == 400
    assert get(client, "/api/v1/search")[0] == 400


def test_search_pages_through_every_match_once_in_rank_order(client):
    make_article("Harbour news", body="<p>harbour harbour harbour</p>")
    for number in range(6):  # ties in rank, told apart by time and id
        make_article(f"Council story {number}", body="<p>The harbour is mentioned once.</p>")
    make_article("Unrelated", body="<p>Nothing here.</p>")
    status, whole = get(client, "/api/v1/search?q=harbour&limit=100")
    assert status == 200 and len(whole["items"]) == 7 and whole["next"] is None
    assert whole["items"][0]["headline"] == "Harbour news"
    seen, url = [], "/api/v1/search?q=harbour&limit=2"
    while url:
        status, page = get(client, url)
        assert status == 200 and len(page["items"]) <= 2
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
    assert seen == [item["id"] for item in whole["items"]]
    articles_cursor = get(client, "/api/v1/articles?limit=1")[1]["next"].split("cursor=")[1]
    assert get(client, f"/api/v1/search?q=harbour&cursor={articles_cursor}")[0] == 400


def test_a_search_with_no_words_to_match_is_an_empty_page(client):
    make_article("Harbour news")
    status, found = get(client, "/api/v1/search?q=%25")
    assert status == 200 and found["items"] == [] and found["next"] is None
