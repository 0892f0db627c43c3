"""The purges a change sends to the CDN, as Fastly's and Cloudflare's APIs document them, checked
against a real local HTTP server that records every request (and can fail on cue)."""

import json
import os

import pytest
from django.test import override_settings

from articles.core import pagecache, purges
from articles.editing.articles import save_article
from tests.factories import make_article
from tests.processes import manage

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _edit(article, commit):
    article.headline = article.headline + ", updated"
    with commit():
        save_article(article)


def test_fastly_gets_a_batch_surrogate_key_purge(recorder, commit):
    article = make_article("Storm hits coast")
    cdn = recorder()
    with override_settings(
        PAGE_CACHE_PURGE="fastly",
        PAGE_CACHE_PURGE_URL=cdn.origin,
        PAGE_CACHE_PURGE_SERVICE="SU1Z0isxPaozGVKXdv0eY",
        PAGE_CACHE_PURGE_TOKEN="fastly-token",
    ):
        _edit(article, commit)
    (method, path, headers, _), *_ = cdn.requests
    assert (method, path) == ("POST", "/service/SU1Z0isxPaozGVKXdv0eY/purge")
    assert headers["Fastly-Key"] == "fastly-token"
    keys = set(headers["Surrogate-Key"].split())
    assert {pagecache.article_tag(article.pk), pagecache.SEARCH, pagecache.EVERYTHING} <= keys


def test_cloudflare_gets_cache_tags_thirty_at_a_time(recorder):
    cdn = recorder()
    tags = [f"a{number}" for number in range(70)]
    with override_settings(
        PAGE_CACHE_PURGE="cloudflare",
        PAGE_CACHE_PURGE_URL=cdn.origin,
        PAGE_CACHE_PURGE_SERVICE="023e105f4ecef8ad9ca31a8372d0c353",
        PAGE_CACHE_PURGE_TOKEN="cloudflare-token",
    ):
        purges.later(tags)
    assert [(method, path) for method, path, _, _ in cdn.requests] == [
        ("POST", "/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache")
    ] * 3
    bodies = [json.loads(body) for _, _, _, body in cdn.requests]
    assert [len(body["tags"]) for body in bodies] == [30, 30, 10]
    assert sorted(tag for body in bodies for tag in body["tags"]) == sorted(tags)
    assert all(headers["Authorization"] == "Bearer cloudflare-token" for _, _, headers, _ in cdn.requests)


def test_cloudflare_reads_the_tags_from_its_own_header(client, settings):
    settings.PAGE_CACHE_PURGE = "cloudflare"
    article = make_article("Tagged for Cloudflare", slug="tagged")
    tags = client.get("/articles/tagged/")["Cache-Tag"].split(",")
    assert pagecache.article_tag(article.pk) in tags and purges.SITE in tags


def test_varnish_gets_a_purge_with_the_tags(recorder, commit):
    article = make_article("Council votes")
    varnish = recorder()
    with override_settings(PAGE_CACHE_PURGE="varnish", PAGE_CACHE_PURGE_URL=varnish.origin):
        _edit(article, commit)
    method, path, headers, _ = varnish.requests[0]
    assert (method, path) == ("PURGE", "/")
    assert pagecache.article_tag(article.pk) in headers["xkey-purge"].split()


def test_what_every_page_shows_purges_the_whole_site(recorder):
    varnish = recorder()
    with override_settings(PAGE_CACHE_PURGE="varnish", PAGE_CACHE_PURGE_URL=varnish.origin):
        pagecache.bump_version()
    assert varnish.requests[0][2]["xkey-purge"] == purges.SITE


def test_a_failing_cdn_is_tried_again(recorder, caplog):
    cdn = recorder(503, 500)
    with override_settings(PAGE_CACHE_PURGE="varnish", PAGE_CACHE_PURGE_URL=cdn.origin):
        purges.later({"a1"})
    assert len(cdn.requests) == 3  # two failures, then the purge that worked
    assert "answered 503" in caplog.text


def test_no_purge_backend_sends_nothing(recorder, commit):
    article = make_article("Quiet story")
    cdn = recorder()
    with override_settings(PAGE_CACHE_PURGE="", PAGE_CACHE_PURGE_URL=cdn.origin):
        _edit(article, commit)
    assert cdn.requests == []


@pytest.mark.parametrize(
    "environment, complaint",
    [
        ({"PAGE_CACHE_PURGE": "akamai"}, "PAGE_CACHE_PURGE is varnish, fastly, cloudflare or empty"),
        ({"PAGE_CACHE_PURGE": "varnish"}, "needs PAGE_CACHE_PURGE_URL"),
        ({"PAGE_CACHE_PURGE": "fastly", "PAGE_CACHE_PURGE_TOKEN": "t"}, "needs PAGE_CACHE_PURGE_SERVICE"),
    ],
)
def test_a_purge_setting_that_cannot_work_stops_the_server_starting(environment, complaint):
    result = manage("check", env={**os.environ, **environment})
    assert result.returncode != 0 and complaint in result.stderr
