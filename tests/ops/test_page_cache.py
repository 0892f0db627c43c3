"""The public page cache: anonymous pages from the cache without the database, retired on every change."""

import os
import secrets
import socket
from datetime import timedelta
from types import SimpleNamespace

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.handlers.base import BaseHandler
from django.db import connection, transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from accounts.models import AuthorLink, User
from articles.core import pagecache as page_cache
from articles.core.pagecache import VERSION_KEY, content_changed
from articles.desk import previews
from articles.editing.articles import save_article
from articles.models import Article, Correction, PreviewLink, SlugRedirect
from articles.public.middleware import PageCacheMiddleware, page_key
from articles.public.sitemaps import month_sitemap_path
from newsroom.redis_cache import RedisCache as KeptClientsRedisCache
from tests.factories import make_article, make_author, make_section
from tests.processes import manage

pytestmark = pytest.mark.django_db

PAGE_CACHE_MIDDLEWARE = "articles.public.middleware.PageCacheMiddleware"

# Every kind of public page, as a reader's address.
PAGES = {
    "home": "/",
    "article": "/articles/storm-hits-coast/",
    "section": "/sections/world/",
    "tag": "/tags/weather/",
    "author": "/authors/ann/",
    "search": "/search/?q=storm",
    "rss": "/feeds/rss/",
    "atom": "/feeds/atom/",
    "section-feed": "/sections/world/rss/",
    "tag-feed": "/tags/weather/atom/",
    "author-feed": "/authors/ann/rss/",
    "sitemap-index": "/sitemap.xml",
    "sitemap-articles": month_sitemap_path(timezone.now()),
    "sitemap-tags": "/sitemap-tags.xml",
    "news-sitemap": "/news-sitemap.xml",
    "robots": "/robots.txt",
    "missing-article": "/articles/no-such-story/",
    "moved-article": "/articles/old-storm/",
}
STATUS = {"missing-article": 404, "moved-article": 301}


@pytest.fixture
def newsroom():
    world = make_section("World", description="News from everywhere.")
    ann = make_author("Ann Writer", slug="ann")
    now = timezone.now()
    storm = make_article(
        "Storm hits coast",
        slug="storm-hits-coast",
        section=world,
        authors=[ann],
        tags=["Weather"],
        published_at=now - timedelta(hours=1),
    )
    council = make_article(
        "Council votes",
        slug="council-votes",
        section=world,
        authors=[ann],
        published_at=now - timedelta(hours=2),
    )
    SlugRedirect.objects.create(old_slug="old-storm", article=storm)
    return SimpleNamespace(section=world, ann=ann, storm=storm, council=council)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` runs the block's on-commit work (the version bump) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def fetch(client, path, **extra):
    """(response, number of database queries it cost)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **extra)
    return response, len(captured)


def shown(client, path):
    """The page's text as a reader gets it now (from the cache or not)."""
    return client.get(path).content.decode()


def assert_cached(client, path, status=200):
    """Miss, then a hit that runs no query and answers the same bytes; returns the hit."""
    first, _ = fetch(client, path)
    assert first.status_code == status, path
    second, queries = fetch(client, path)
    assert queries == 0, f"{path} ran {queries} queries on a hit"
    assert second.status_code == status and second.content == first.content
    return second


def stop_the_clock(monkeypatch, moment):
    """timezone.now() answers `moment` for every caller (querysets, the cache, the factories)."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


# Hits


@pytest.mark.parametrize("page", PAGES)
def test_a_second_anonymous_get_runs_no_query(client, newsroom, page):
    hit = assert_cached(client, PAGES[page], STATUS.get(page, 200))
    assert hit["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=60"
    if page == "moved-article":
        assert hit["Location"] == "/articles/storm-hits-coast/"


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_public_pages_set_no_cookie_and_do_not_vary(client, newsroom, page):
    for response in (client.get(PAGES[page]), client.get(PAGES[page])):  # the miss, then the hit
        assert not response.cookies, f"{PAGES[page]} sets {list(response.cookies)}"
        assert not response.has_header("Set-Cookie") and not response.has_header("Vary")


def test_the_cached_answer_keeps_the_page_headers(client, newsroom):
    first = client.get("/search/?q=storm")
    hit = assert_cached(client, "/search/?q=storm")
    for header in ("Content-Type", "X-Robots-Tag", "X-Frame-Options", "Content-Length", "ETag"):
        assert hit[header] == first[header], header
    feed = assert_cached(client, "/feeds/atom/")
    assert feed["Content-Type"].startswith("application/atom+xml")


def test_head_is_answered_from_the_cache(client, newsroom):
    page = client.get("/")
    with CaptureQueriesContext(connection) as captured:
        head = client.head("/")
    assert len(captured) == 0 and head.status_code == 200
    assert head["Content-Length"] == str(len(page.content)) and head["ETag"] == page["ETag"]


def test_redirects_from_the_cache_can_be_followed(client, newsroom):
    client.get("/articles/old-storm/")
    response = client.get("/articles/old-storm/", follow=True)
    assert response.redirect_chain == [("/articles/storm-hits-coast/", 301)]
    assert "Storm hits coast" in response.content.decode()


def test_a_visitor_with_only_a_csrf_cookie_is_still_a_reader(client, newsroom):
    client.cookies["csrftoken"] = "x" * 32
    assert_cached(client, "/")


def test_host_scheme_and_query_string_each_have_their_own_entry(client, newsroom, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    settings.ARTICLES_PER_PAGE = 1  # so that "/?page=2" is a page of its own
    assert "Storm hits coast" in shown(client, "/") and "Council votes" in shown(client, "/?page=2")
    assert "Storm hits coast" not in shown(client, "/?page=2")
    client.get("/")
    for extra in ({"HTTP_HOST": "other.example"}, {"secure": True}):
        _, queries = fetch(client, "/", **extra)
        assert queries > 0, f"{extra} was answered with another address's page"
    other, _ = fetch(client, "/", HTTP_HOST="other.example")
    assert "http://other.example/" in other.content.decode()


def test_keys_are_bounded_and_distinct():
    keys = {
        page_key("http", "testserver", "/search/", "q=storm"),
        page_key("http", "testserver", "/search/", "q=storm&page=2"),
        page_key("https", "testserver", "/search/", "q=storm"),
        page_key("http", "other.example", "/search/", "q=storm"),
        page_key("http", "testserver", "/search/", "q=" + "é" * 10_000),
        page_key("http", "testserver", "/" + "a/" * 5_000),
    }
    assert len(keys) == 6
    assert {len(key) for key in keys} == {len(page_key("http", "h", "/"))} and all(
        len(key) <= 80
        for key in keys  # memcached takes 250
    )


def test_long_addresses_are_cached_too(client, newsroom):
    assert_cached(client, "/search/?q=" + "storm+" * 2_000, 200)


# Headers and conditional requests


def test_cache_control_and_etag_on_miss_and_hit(client, newsroom):
    miss = client.get("/")
    hit = client.get("/")
    for response in (miss, hit):
        # Browsers ask again every time (a 304 when nothing changed); shared caches keep it s-maxage.
        parts = [part.strip() for part in response["Cache-Control"].split(",")]
        assert parts == ["public", "max-age=0", "must-revalidate", "s-maxage=60"]
        assert response["CDN-Cache-Control"] == "max-age=60, stale-while-revalidate=30"
    assert miss["ETag"].startswith('"') and miss["ETag"].endswith('"') and len(miss["ETag"]) > 10
    assert hit["ETag"] == miss["ETag"]


def test_lifetimes_come_from_settings(client, newsroom, settings):
    settings.PAGE_CACHE_MAX_AGE, settings.PAGE_CACHE_S_MAXAGE = 5, 300
    settings.PAGE_CACHE_STALE_WHILE_REVALIDATE = 120
    assert client.get("/")["Cache-Control"] == "public, max-age=5, s-maxage=300, stale-while-revalidate=120"


def test_a_matching_if_none_match_gets_304_on_hits_and_misses(client, newsroom):
    etag = client.get("/")["ETag"]
    for if_none_match in (etag, f"W/{etag}", f'"something-else", {etag}', "*"):
        response, queries = fetch(client, "/", HTTP_IF_NONE_MATCH=if_none_match)
        assert response.status_code == 304 and queries == 0, if_none_match
        assert response.content == b"" and response["ETag"] == etag
        assert response["Cache-Control"].startswith("public, max-age=0, must-revalidate")
    assert client.get("/", HTTP_IF_NONE_MATCH='"something-else"').status_code == 200

    cache.clear()  # a miss: rendered, stored, and still answered with 304
    response, queries = fetch(client, "/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and queries > 0
    assert fetch(client, "/")[1] == 0, "the page was stored on the conditional miss"


def test_a_changed_page_gets_a_new_etag(client, newsroom, commit):
    etag = client.get("/sections/world/")["ETag"]
    with commit():
        newsroom.section.description = "Everywhere, every day."
        newsroom.section.save()
    response = client.get("/sections/world/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and "Everywhere, every day." in response.content.decode()
    assert response["ETag"] != etag
    with commit():
        make_section("Sport")  # nothing in it yet: not in the menu, the page is the same
    assert client.get("/sections/world/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


# Invalidation: the next GET after each kind of write shows it


def test_editing_an_article_shows_at_once(client, newsroom, commit):
    storm = newsroom.storm
    paths = ["/", storm.get_absolute_url(), "/feeds/rss/", "/sections/world/"]
    for path in paths:
        assert_cached(client, path)
    with commit():
        storm.headline = "Storm reaches the capital"
        save_article(storm)
    for path in paths:
        assert "Storm reaches the capital" in shown(client, path), path


def test_publishing_a_draft_shows_at_once(client, newsroom, commit):
    draft = make_article("Quiet draft", slug="quiet-draft", status="draft", section=newsroom.section)
    published_at = timezone.now() - timedelta(minutes=1)
    assert_cached(client, "/articles/quiet-draft/", 404)
    assert_cached(client, month_sitemap_path(published_at))
    with commit():
        draft.status, draft.published_at = "published", published_at
        save_article(draft)
    assert client.get("/articles/quiet-draft/").status_code == 200
    assert "/articles/quiet-draft/" in shown(client, month_sitemap_path(published_at))
    assert "Quiet draft" in shown(client, "/")


def test_unpublishing_hides_at_once(client, newsroom, commit):
    path = newsroom.storm.get_absolute_url()
    assert_cached(client, path)
    assert_cached(client, "/")
    with commit():
        newsroom.storm.status, newsroom.storm.published_at = "draft", None
        save_article(newsroom.storm)
    assert client.get(path).status_code == 404
    assert "Storm hits coast" not in shown(client, "/")
    assert "Storm hits coast" not in shown(client, "/feeds/atom/")


def test_a_correction_shows_at_once(client, newsroom, commit):
    path = newsroom.storm.get_absolute_url()
    assert_cached(client, path)
    with commit():
        Correction.objects.create(article=newsroom.storm, text="The storm hit on Tuesday, not Monday.")
    assert "The storm hit on Tuesday, not Monday." in shown(client, path)


def test_renaming_a_section_shows_at_once(client, newsroom, commit):
    assert_cached(client, "/")
    assert_cached(client, "/sections/world/")
    with commit():
        newsroom.section.name = "Planet"
        newsroom.section.save()
    assert "Planet" in shown(client, "/") and "Planet" in shown(client, "/sections/world/")


def test_author_and_author_link_edits_show_at_once(client, newsroom, commit):
    assert_cached(client, "/authors/ann/")
    with commit():
        newsroom.ann.name = "Ann Reporter"
        newsroom.ann.save()
    assert "Ann Reporter" in shown(client, "/authors/ann/")
    assert "Ann Reporter" in shown(client, newsroom.storm.get_absolute_url())
    assert_cached(client, "/authors/ann/")
    with commit():
        AuthorLink.objects.create(author=newsroom.ann, label="Website", url="https://ann.example/")
    assert "https://ann.example/" in shown(client, "/authors/ann/")


def test_a_new_byline_shows_at_once(client, newsroom, commit):
    ben = make_author("Ben Writer", slug="ben")
    make_article(
        "By Ben",
        slug="by-ben",
        authors=[ben],
        section=newsroom.section,
        published_at=timezone.now() - timedelta(hours=3),
    )
    assert_cached(client, "/authors/ben/")
    with commit():
        save_article(newsroom.storm, bylines=[*newsroom.storm.authors.all(), ben])
    assert "Storm hits coast" in shown(client, "/authors/ben/")


def test_tag_edits_show_at_once(client, newsroom, commit):
    assert_cached(client, "/tags/floods/", 404)
    with commit():
        save_article(newsroom.council, tags=[*newsroom.council.tags.names(), "Floods"])
    assert "Council votes" in shown(client, "/tags/floods/")
    assert_cached(client, newsroom.storm.get_absolute_url())
    with commit():
        tag = newsroom.storm.tags.get(slug="weather")
        tag.name = "Climate"
        tag.save()
    assert "Climate" in shown(client, newsroom.storm.get_absolute_url())
    assert_cached(client, "/tags/floods/")
    with commit():
        save_article(
            newsroom.council, tags=[name for name in newsroom.council.tags.names() if name != "Floods"]
        )
    assert client.get("/tags/floods/").status_code == 404


def test_deletions_show_at_once(client, newsroom, commit):
    path = newsroom.council.get_absolute_url()
    assert_cached(client, path)
    assert_cached(client, "/")
    with commit():
        newsroom.council.delete()
    assert client.get(path).status_code == 404
    assert "Council votes" not in shown(client, "/")
    assert_cached(client, "/sections/world/")
    with commit():
        Correction.objects.create(article=newsroom.storm, text="A first note.")
    assert_cached(client, newsroom.storm.get_absolute_url())
    with commit():
        Correction.objects.filter(article=newsroom.storm).delete()
    assert "A first note." not in shown(client, newsroom.storm.get_absolute_url())


def test_a_new_slug_redirects_from_the_old_address_at_once(client, newsroom, commit):
    old = newsroom.council.get_absolute_url()
    assert_cached(client, old)
    assert_cached(client, "/articles/council-decides/", 404)
    with commit():
        newsroom.council.slug = "council-decides"
        save_article(newsroom.council)  # keeps the old address as a redirect
    assert SlugRedirect.objects.filter(old_slug="council-votes", article=newsroom.council).exists()
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == "/articles/council-decides/"
    assert client.get("/articles/council-decides/").status_code == 200


def test_quiet_writes_need_content_changed(client, newsroom, commit):
    """QuerySet.update() sends no signal: the write path says content_changed() itself."""
    assert_cached(client, "/")
    Article.objects.filter(pk=newsroom.storm.pk).update(headline="Quietly renamed")
    assert "Quietly renamed" not in shown(client, "/"), "the cache cannot know by itself"
    with commit():
        content_changed()
    assert "Quietly renamed" in shown(client, "/")


def test_content_changed_bumps_once_per_transaction(django_capture_on_commit_callbacks, monkeypatch):
    bumps = []
    monkeypatch.setattr(page_cache, "bump_version", lambda: bumps.append(1))
    content_changed()  # registered in this test's transaction, which never commits
    with django_capture_on_commit_callbacks(execute=True):
        content_changed()
        content_changed()
        content_changed()
    assert len(bumps) == 1
    with django_capture_on_commit_callbacks(execute=True):
        content_changed()
    assert len(bumps) == 2, "and again in the next transaction"

    class Undone(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Undone), transaction.atomic():
            content_changed()
            raise Undone  # the savepoint's rollback drops its callback...
        content_changed()  # ...not this one's
    assert len(bumps) == 3


def test_a_bump_starts_a_new_version(django_capture_on_commit_callbacks):
    version = page_cache.bump_version()[0]
    with django_capture_on_commit_callbacks(execute=True):
        content_changed()
    assert cache.get(VERSION_KEY)[0] != version


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_bump_is_immediate(client):
    """Autocommit: each save is committed when its signal runs, and what it shows retires at once."""
    article = make_article("Autocommitted", slug="autocommitted")
    assert_cached(client, "/")
    stamp = cache.get(page_cache.tag_key(page_cache.article_tag(article.pk)))
    article.headline = "Autocommitted, then edited"
    save_article(article)
    assert cache.get(page_cache.tag_key(page_cache.article_tag(article.pk))) > stamp
    assert "Autocommitted, then edited" in shown(client, "/")


# Scheduled articles


def test_a_scheduled_article_appears_at_its_time_without_any_write(client, newsroom, monkeypatch):
    start = timezone.now()
    stop_the_clock(monkeypatch, start)
    make_article(
        "Story of tomorrow",
        slug="tomorrows-story",
        section=newsroom.section,
        published_at=start + timedelta(hours=2),
    )
    assert "Story of tomorrow" not in shown(client, "/")
    hit = assert_cached(client, "/")
    assert hit["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=60"
    assert_cached(client, "/articles/tomorrows-story/", 404)

    # Half a minute before: still the cached page, but no lifetime reaches past the publication.
    stop_the_clock(monkeypatch, start + timedelta(hours=2, seconds=-30))
    hit, queries = fetch(client, "/")
    assert queries == 0 and "Story of tomorrow" not in hit.content.decode()
    assert hit["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=30"
    assert hit["CDN-Cache-Control"] == "max-age=30, stale-while-revalidate=0"

    stop_the_clock(monkeypatch, start + timedelta(hours=2))
    assert "Story of tomorrow" in shown(client, "/")
    assert client.get("/articles/tomorrows-story/").status_code == 200
    hit = assert_cached(client, "/")
    assert hit["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=60"


def test_the_next_publication_bounds_the_lifetimes_it_is_rendered_with(client, newsroom, monkeypatch):
    start = timezone.now()
    stop_the_clock(monkeypatch, start)
    make_article("Soon", slug="soon", section=newsroom.section, published_at=start + timedelta(seconds=45))
    make_article("Later", slug="later", section=newsroom.section, published_at=start + timedelta(hours=5))
    miss = client.get("/sections/world/")
    assert miss["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=45"
    stop_the_clock(monkeypatch, start + timedelta(seconds=50))
    page, queries = fetch(client, "/sections/world/")
    assert queries > 0 and "Soon" in page.content.decode() and "Later" not in page.content.decode()
    assert page["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=60"
    assert cache.get(VERSION_KEY)[1] == (start + timedelta(hours=5)).timestamp()


def test_scheduling_an_article_refreshes_the_next_publication(client, newsroom, monkeypatch, commit):
    start = timezone.now()
    stop_the_clock(monkeypatch, start)
    assert_cached(client, "/")
    assert cache.get(VERSION_KEY)[1] is None
    with commit():
        make_article(
            "Embargoed", slug="embargoed", section=newsroom.section, published_at=start + timedelta(hours=1)
        )
    assert cache.get(VERSION_KEY)[1] == (start + timedelta(hours=1)).timestamp()
    assert "Embargoed" not in shown(client, "/")
    stop_the_clock(monkeypatch, start + timedelta(hours=1, seconds=1))
    assert "Embargoed" in shown(client, "/")


# Never served from the cache, never stored


def test_a_logged_in_desk_user_is_never_served_a_cached_page(client, newsroom):
    desk = Client()
    desk.force_login(User.objects.create_user("editor", password="pw", is_staff=True))
    for path in ("/", newsroom.storm.get_absolute_url()):
        assert_cached(client, path)
    Article.objects.filter(pk=newsroom.storm.pk).update(headline="Changed behind the cache")
    for path in ("/", newsroom.storm.get_absolute_url()):
        assert "Changed behind the cache" not in shown(client, path)
        page, queries = fetch(desk, path)
        assert queries > 0 and "Changed behind the cache" in page.content.decode()
        assert "public" not in page.get("Cache-Control", "")


def test_a_logged_in_desk_users_pages_are_never_stored(client, newsroom):
    desk = Client()
    desk.force_login(User.objects.create_user("editor", password="pw", is_staff=True))
    for path in ("/", newsroom.storm.get_absolute_url(), "/feeds/rss/"):
        desk.get(path)
        desk.get(path)
        assert fetch(client, path)[1] > 0, f"{path}: a desk user's page was stored"


def test_preview_links_are_never_cached(client, newsroom):
    draft = make_article("Secret plan", slug="secret-plan", status="draft", section=newsroom.section)
    link = PreviewLink.objects.create(article=draft, expires_at=timezone.now() + timedelta(hours=1))
    path = previews.path(link)
    for _ in range(2):
        page, queries = fetch(client, path)
        assert page.status_code == 200 and queries > 0 and "Secret plan" in page.content.decode()
        assert "no-store" in page["Cache-Control"] and "public" not in page["Cache-Control"]
    link.revoked_at = timezone.now()
    link.save()
    assert client.get(path).status_code == 410, "a revoked link stops at once"
    assert "Secret plan" not in shown(client, "/")


def test_the_desk_is_never_cached(client, newsroom):
    for _ in range(2):
        response = client.get("/admin/login/")
        assert response.status_code == 200 and not response.has_header("ETag")
        assert "public" not in response.get("Cache-Control", "")


def counting(respond):
    """A view that makes a fresh `respond()` each call, and the list of the calls."""
    calls = []

    def view(request):
        calls.append(request)
        return respond()

    return view, calls


def with_cookie():
    response = HttpResponse("hello")
    response.set_cookie("flavour", "oat")
    return response


def never_cache():
    response = HttpResponse("hello")
    add_never_cache_headers(response)
    return response


def varying():
    response = HttpResponse("hello")
    patch_vary_headers(response, ["Cookie"])
    return response


def with_header(name, value):
    def respond():
        response = HttpResponse("hello")
        response[name] = value
        return response

    return respond


@pytest.mark.parametrize(
    "respond",
    [
        with_cookie,
        never_cache,
        varying,
        with_header("Cache-Control", "private, max-age=600"),
        with_header("Cache-Control", "no-cache"),
        with_header("Cache-Control", "no-store"),
        lambda: HttpResponse("moved", status=302, headers={"Location": "/"}),
        lambda: HttpResponse("gone", status=410),
        lambda: HttpResponse("broken", status=500),
        lambda: HttpResponse("", status=204),
        lambda: StreamingHttpResponse(iter([b"a", b"b"])),
    ],
    ids=[
        "set-cookie", "never-cache", "vary", "private", "no-cache", "no-store", "302", "410", "500", "204", "stream"
    ],
)  # fmt: skip
def test_responses_that_are_never_stored(rf, respond):
    view, calls = counting(respond)
    middleware = PageCacheMiddleware(view)
    middleware(rf.get("/"))
    response = middleware(rf.get("/"))
    assert len(calls) == 2, "stored"
    assert "public" not in response.get("Cache-Control", "") and not response.has_header("ETag")


def test_a_plain_public_response_is_stored(rf):
    view, calls = counting(lambda: HttpResponse("hello"))
    middleware = PageCacheMiddleware(view)
    middleware(rf.get("/"))
    assert middleware(rf.get("/")).content == b"hello" and len(calls) == 1


@pytest.mark.parametrize(
    "request_for",
    [
        lambda rf: rf.post("/"),
        lambda rf: rf.put("/"),
        lambda rf: rf.get("/", HTTP_COOKIE="csrftoken=abc; sessionid=xyz"),
        lambda rf: rf.get("/", HTTP_AUTHORIZATION="Basic ZGVzazpkZXNr"),
        lambda rf: rf.get("/admin/"),
        lambda rf: rf.get("/preview/abc/"),
        lambda rf: rf.get("/static/css/site.css"),
        lambda rf: rf.get("/media/articles/photo.jpg"),
    ],
    ids=["post", "put", "session-cookie", "authorization", "admin", "preview", "static", "media"],
)
def test_requests_that_are_never_answered_from_the_cache_nor_stored(rf, request_for):
    view, calls = counting(lambda: HttpResponse("hello"))
    middleware = PageCacheMiddleware(view)
    for _ in range(2):
        response = middleware(request_for(rf))
    assert len(calls) == 2 and not response.has_header("ETag")


def test_only_the_public_views_are_stored(rf):
    def respond_as(view_name):
        def view(request):
            calls.append(request)
            request.resolver_match = SimpleNamespace(view_name=view_name)
            return HttpResponse("hello")

        return view

    for view_name, stored in [("articles:home", True), ("accounts:login", False), ("admin:index", False)]:
        cache.clear()
        calls = []
        middleware = PageCacheMiddleware(respond_as(view_name))
        middleware(rf.get("/somewhere/"))
        middleware(rf.get("/somewhere/"))
        assert len(calls) == (1 if stored else 2), view_name


def test_the_page_cache_can_be_turned_off(client, newsroom, settings):
    settings.PAGE_CACHE = False
    client.get("/")
    response, queries = fetch(client, "/")
    assert queries > 0 and not response.has_header("ETag")
    assert "public" not in response.get("Cache-Control", "")


def test_a_broken_cache_does_not_break_the_site(client, newsroom, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(type(caches["default"]), "get_many", unreachable)
    assert client.get("/").status_code == 200


def test_settings_come_from_the_environment():
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAGE_CACHE")}
    env.update(PAGE_CACHE="false", PAGE_CACHE_MAX_AGE="5", PAGE_CACHE_S_MAXAGE="600")
    code = (
        "from django.conf import settings as s; print(s.PAGE_CACHE, s.PAGE_CACHE_MAX_AGE, s.PAGE_CACHE_S_MAXAGE, "
        "s.PAGE_CACHE_STALE_WHILE_REVALIDATE, s.PAGE_CACHE_TIMEOUT, s.MIDDLEWARE.index('"
        + PAGE_CACHE_MIDDLEWARE
        + "'))"
    )
    result = manage("shell", "--verbosity", "0", "--command", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "5", "600", "30", "600", "3"]


def test_the_middleware_comes_right_after_security_whitenoise_and_the_api_key_check():
    # The key check only looks at /api/v1/ requests that carry a key: every other request reaches
    # the page cache with nothing done but the security headers and static files.
    middleware = django_settings.MIDDLEWARE
    assert middleware[:4] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "articles.api.middleware.KeyedReadsMiddleware",
        PAGE_CACHE_MIDDLEWARE,
    ]


# Redis: the cache every app server shares


def redis_is_up():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(
    not os.environ.get("CACHE_URL", "").startswith("redis"), reason="CACHE_URL is not a Redis URL here"
)
def test_pages_live_in_the_redis_of_cache_url(client, newsroom, commit):
    assert isinstance(caches["default"], RedisCache)
    assert_cached(client, "/")
    with commit():
        newsroom.storm.headline = "Storm, seen from Redis"
        save_article(newsroom.storm)
    assert "Storm, seen from Redis" in shown(client, "/")
    assert_cached(client, "/")


@pytest.fixture(params=["django.core.cache.backends.redis.RedisCache", "newsroom.redis_cache.RedisCache"])
def shared_redis(request, settings):
    """A real Redis cache (database 15, a prefix of its own) as CACHES["default"]: Django's backend, and
    the project's (the same, keeping its clients); the keys it made are removed after."""
    if not redis_is_up():
        if os.environ.get("CI"):
            pytest.fail("Redis is expected on 127.0.0.1:6379 in CI")
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"newsroom-page-cache-test-{secrets.token_hex(4)}"
    location = "redis://127.0.0.1:6379/15"
    settings.CACHES = {"default": {"BACKEND": request.param, "LOCATION": location, "KEY_PREFIX": prefix}}
    yield
    server = redis.Redis.from_url(location)
    keys = list(server.scan_iter(match=f"{prefix}:*"))
    if keys:
        server.delete(*keys)
    server.close()


def app_server(cache):
    """One app server: its own cache client in front of the project's middleware and views."""
    with override_settings(
        MIDDLEWARE=[name for name in django_settings.MIDDLEWARE if name != PAGE_CACHE_MIDDLEWARE]
    ):
        handler = BaseHandler()
        handler.load_middleware()
    return PageCacheMiddleware(handler.get_response, cache=cache)


def served(server, rf, path):
    """(response, queries) from one app server."""
    with CaptureQueriesContext(connection) as captured:
        response = server(rf.get(path))
    return response, len(captured)


def test_two_app_servers_share_pages_and_invalidation_through_redis(rf, newsroom, shared_redis, commit):
    one, two = (
        app_server(caches.create_connection("default")),
        app_server(caches.create_connection("default")),
    )
    assert isinstance(one.cache, RedisCache) and one.cache is not two.cache
    assert one.cache._cache.get_client() is not two.cache._cache.get_client(), "two servers, two clients"
    path = newsroom.storm.get_absolute_url()

    page, queries = served(one, rf, path)
    assert page.status_code == 200 and queries > 0 and "Storm hits coast" in page.content.decode()
    again, queries = served(two, rf, path)
    assert queries == 0, "server two answers what server one stored, without the database"
    assert again.content == page.content and again["ETag"] == page["ETag"]

    with commit():  # a third process (the desk's) writes and bumps the version
        newsroom.storm.headline = "Storm seen by every server"
        save_article(newsroom.storm)
    for server in (two, one):
        response, queries = served(server, rf, path)
        assert "Storm seen by every server" in response.content.decode()
    assert queries == 0, "server one answers what server two stored after the change"

    with commit():
        newsroom.storm.status, newsroom.storm.published_at = "draft", None
        save_article(newsroom.storm)
    assert served(one, rf, path)[0].status_code == 404
    assert served(two, rf, path)[0].status_code == 404


@pytest.mark.parametrize("shared_redis", ["newsroom.redis_cache.RedisCache"], indirect=True)
def test_the_project_redis_backend_keeps_its_client(shared_redis):
    backend = caches["default"]
    assert isinstance(backend, KeptClientsRedisCache)
    assert backend._cache.get_client() is backend._cache.get_client(write=True)
    backend.set_many({"a": 1, "b": (2, b"bytes")}, 30)
    assert backend.get_many(["a", "b", "c"]) == {"a": 1, "b": (2, b"bytes")}
    assert backend.add("a", 3) is False and backend.incr("a") == 2
