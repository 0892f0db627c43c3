"""Every public page costs the same number of queries, however many tags, bylines or articles."""

from datetime import timedelta
from itertools import count

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.core.pagecache import bump_version
from articles.models import Article, Correction
from articles.public.context_processors import navigation
from articles.public.sitemaps import month_sitemap_path
from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

# Queries per page: session-less request, so only the page's own reads.
# article: the article, its reading lists, the bylines of all of them, its tags and its corrections.
EXPECTED = {
    "home": 3,  # the pinned slots, the newest, the bylines of both
    "front-live": 3,  # what open pages poll: the same as the home page's first page
    "section": 3,
    "tag": 3,
    "author": 4,
    "article": 5,
    "search": 2,
    "feed": 3,
    "section-feed": 4,
    "tag-feed": 4,
    "author-feed": 4,
    "sitemap-index": 8,  # per sitemap of sections, tags, authors: a count and a lastmod; two for the months
    "sitemap-articles": 2,
    "sitemap-tags": 2,
    "news-sitemap": 1,
}
_tag_numbers = count()


@pytest.fixture
def newsroom():
    return {"section": make_section("World"), "author": make_author("Prolific Person", slug="prolific")}


def add_articles(newsroom, how_many):
    """Articles with three tags and two bylines each, all in one section and by one author."""
    for _ in range(how_many):
        make_article(
            section=newsroom["section"],
            authors=[newsroom["author"], make_author()],
            tags=["alpha", "beta", f"tag-{next(_tag_numbers)}"],
        )


def page_path(page):
    return {
        "home": "/",
        "front-live": "/front.json",
        "section": "/sections/world/",
        "tag": "/tags/alpha/",
        "author": "/authors/prolific/",
        "article": Article.objects.first().get_absolute_url(),
        "search": "/search/?q=alpha",
        "feed": "/feeds/atom/",
        "section-feed": "/sections/world/rss/",
        "tag-feed": "/tags/alpha/atom/",
        "author-feed": "/authors/prolific/rss/",
        "sitemap-index": "/sitemap.xml",
        "sitemap-articles": month_sitemap_path(Article.objects.first().published_at),
        "sitemap-tags": "/sitemap-tags.xml",
        "news-sitemap": "/news-sitemap.xml",
    }[page]


def queries_for(client, path):
    """What the page itself costs, the page cache missed: its version record, the menu and the breaking
    news strip are in the shared cache, as they are at all times but right after a flush."""
    bump_version()
    shared = navigation(None)
    shared["nav_sections"].count  # noqa: B018 - evaluates the lazy menu, which caches it
    len(shared["breaking_news"])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


@pytest.mark.parametrize("page", EXPECTED)
def test_query_count_is_fixed(client, newsroom, page):
    add_articles(newsroom, 2)
    # An article by the same author that is not related (other section, no shared tag), so that the
    # article page's "More from" list is never empty and every prefetch runs in both counts.
    make_article(
        section=make_section("Elsewhere"),
        authors=[newsroom["author"]],
        published_at=timezone.now() - timedelta(days=2),
    )
    cache.clear()
    few = queries_for(client, page_path(page))

    add_articles(newsroom, 8)
    busiest = Article.objects.first()
    busiest.tags.add("gamma", "delta", "epsilon")
    for text in ["A name was misspelt.", "The vote count was 7-2."]:
        Correction.objects.create(article=busiest, text=text)
    cache.clear()  # crawler pages are cached; count what a cold cache costs
    many = queries_for(client, page_path(page))

    assert few == many == EXPECTED[page]


# The desk's list for a logged-in editor, pinned like the public pages; a chosen author and tag each add
# the query that labels its autocomplete filter.
DESK_PAGES = {
    "desk list": ("/admin/articles/article/", 6),
    "desk search": ("/admin/articles/article/?q=headline", 6),
    "desk filtered": ("/admin/articles/article/?state=published&author={author}&tag={tag}", 8),
}


@pytest.mark.parametrize("page", DESK_PAGES)
def test_the_desk_list_costs_the_same_however_many_articles_authors_and_tags(client, newsroom, page):
    from tests.staff import make_user

    client.force_login(make_user("desk-chief", superuser=True))
    add_articles(newsroom, 2)
    tag = Article.objects.first().tags.first()
    path, expected = DESK_PAGES[page]
    path = path.format(author=newsroom["author"].pk, tag=tag.pk)
    few = queries_for(client, path)
    add_articles(newsroom, 20)  # 20 more articles, 20 more authors, 20 more tags
    assert queries_for(client, path) == few == expected
