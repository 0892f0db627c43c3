"""Full-text search: ranked, highlighted, paginated, safe with any input, and never showing a draft."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.core.search import search
from articles.editing.indexing import reindex
from articles.models import Article
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


def headlines(client, query, page=None):
    params = {"q": query} if page is None else {"q": query, "page": page}
    response = client.get("/search/", params)
    assert response.status_code == 200
    html = response.content.decode()
    found = re.findall(r'<h2 class="teaser__headline"><a href="[^"]+">(.*?)</a></h2>', html)
    return [re.sub(r"</?mark>", "", headline) for headline in found], html


def test_headline_outranks_standfirst_outranks_body(client):
    make_article("Budget talks resume", body="<p>Nothing about money.</p>", dek="Ministers meet.")
    make_article("Ministers meet again", dek="The harbour budget is late.", body="<p>Dull.</p>")
    make_article("Weather report", body="<p>Rain, and the budget office flooded.</p>")
    found, _ = headlines(client, "budget")
    assert found == ["Budget talks resume", "Ministers meet again", "Weather report"]


def test_tags_and_bylines_are_searched_too(client):
    make_article("Tagged story", tags=["Harbour"], authors=[make_author("Quentin Blake")])
    make_article("Unrelated story")
    assert headlines(client, "harbour")[0] == ["Tagged story"]
    assert headlines(client, "quentin")[0] == ["Tagged story"]


def test_matches_are_highlighted_and_everything_else_escaped(client):
    make_article("Floods <b>close</b> the harbour", body="<p>The harbour & the port are shut.</p>")
    _, html = headlines(client, "harbour")
    assert "<mark>harbour</mark>" in html.lower()
    assert "&lt;b&gt;close&lt;/b&gt;" in html, "a headline's markup is shown, never run"
    assert "<b>close</b>" not in html
    assert "&amp; the port" in html and "&amp;amp;" not in html


def test_drafts_and_scheduled_articles_are_never_found(client):
    make_article("Harbour draft", status="draft")
    make_article("Harbour in review", status="review")
    make_article("Harbour tomorrow", published_at=timezone.now() + timedelta(days=1))
    make_article("Harbour today")
    assert headlines(client, "harbour")[0] == ["Harbour today"]


ODD_QUERIES = [
    '"unclosed quote',
    "harbour & | ! ( ) : * <-> -",
    "'; DROP TABLE articles_article; --",
    "OR AND NOT",
    "🌊🚢 harbour",
    "\x00harbour\x00",
    "a" * 10_000,
    "%_\\",
    "<script>alert(1)</script>",
    "   ",
]


@pytest.mark.parametrize("query", ODD_QUERIES, ids=range(len(ODD_QUERIES)))
def test_odd_queries_never_fail(client, query):
    make_article("Harbour reopens")
    make_article("Harbour draft", status="draft")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Harbour draft" not in html
    assert "<script>alert(1)</script>" not in html
    assert Article.objects.count() == 2


def test_an_empty_search_shows_the_form_only(client):
    response = client.get("/search/")
    assert response.status_code == 200 and 'name="q"' in response.content.decode()
    assert "result" not in response.content.decode()


def test_results_are_paginated_and_keep_the_query(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    for number in range(5):
        make_article(f"Harbour story {number}")
    first, html = headlines(client, "harbour")
    assert len(first) == 2 and "Best matches for “harbour”" in html
    assert 'href="?q=harbour&amp;page=2"' in html
    third, _ = headlines(client, "harbour", page=3)
    assert len(third) == 1
    assert client.get("/search/", {"q": "harbour", "page": 9}).status_code == 404


def test_search_pages_stay_out_of_search_engines(client):
    response = client.get("/search/", {"q": "anything"})
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
@pytest.mark.django_db(transaction=True)  # VACUUM cannot run inside the usual test transaction
def test_postgresql_answers_from_the_index_not_a_table_scan():
    # A realistic archive: thousands of published articles, a rare word in three of them.
    now = timezone.now()
    Article.objects.bulk_create(
        (
            Article(
                headline=f"Story {number}",
                slug=f"story-{number}",
                body=f"<p>{'harbour' if number % 1000 == 0 else 'council'} news number {number}.</p>",
                status="published",
                published_at=now - timedelta(minutes=number),
            )
            for number in range(3000)
        ),
        batch_size=500,  # one statement holds at most 65,535 parameters (server-side binding)
    )
    reindex(Article.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        # What autovacuum does on a live site: table statistics, and the GIN index's own counts.
        cursor.execute("VACUUM ANALYZE articles_article")

    plan = search(Article.objects.published(), "harbour").explain()

    assert "Bitmap Index Scan on article_search_vector_gin" in plan, plan
    assert "Seq Scan" not in plan, plan
    assert len(search(Article.objects.published(), "harbour")) == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's")
def test_postgresql_search_understands_word_forms(client):
    make_article("Council votes on bus lanes")
    assert headlines(client, "voting")[0] == ["Council votes on bus lanes"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the search document is PostgreSQL's")
def test_the_search_document_holds_the_words_a_reader_reads(client):
    # Inline markup inside a word does not split it: the body is indexed by the one plain-text rule.
    make_article("Harbour notes", body="<p>The <b>super</b><i>tanker</i> docked at noon.</p>")
    assert headlines(client, "supertanker")[0] == ["Harbour notes"]
