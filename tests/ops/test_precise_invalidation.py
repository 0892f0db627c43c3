"""A change retires only the cached answers that show what changed; the rest keep being answered
from the cache (an answer from the cache carries an Age header, a fresh render none)."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from articles.core import pagecache, purges
from articles.editing.articles import save_article
from articles.models import BreakingNews, Correction, FrontPageSlot, Status
from articles.public import middleware
from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    world, sport = make_section("World"), make_section("Sport")
    ann, bob = make_author("Ann Writer", slug="ann"), make_author("Bob Sports", slug="bob")
    now = timezone.now()
    storm = make_article(
        "Storm hits coast",
        slug="storm",
        section=world,
        authors=[ann],
        tags=["Weather"],
        published_at=now - timedelta(hours=1),
    )
    council = make_article(
        "Council votes", slug="council", section=world, authors=[ann], published_at=now - timedelta(hours=2)
    )
    match = make_article(
        "Cup final tonight",
        slug="match",
        section=sport,
        authors=[bob],
        tags=["Football"],
        published_at=now - timedelta(hours=3),
    )
    return SimpleNamespace(
        world=world, sport=sport, ann=ann, bob=bob, storm=storm, council=council, match=match
    )


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def warm(client, *paths):
    """Each page rendered once and then answered from the cache."""
    for path in paths:
        client.get(path)
        assert from_cache(client, path), f"{path} was not cached"


def from_cache(client, path):
    return "Age" in client.get(path)


def keys(client, path):
    return set(client.get(path)["Surrogate-Key"].split())


def test_an_update_retires_what_shows_the_story_and_nothing_else(client, desk, commit):
    storm, match = desk.storm, desk.match
    shows_storm = [
        "/articles/storm/",
        "/",
        "/sections/world/",
        "/feeds/rss/",
        f"/api/v1/articles/{storm.pk}",
        "/api/v1/articles",
    ]
    unrelated = ["/articles/match/", "/sections/sport/", f"/api/v1/articles/{match.pk}", "/tags/football/"]
    warm(client, *shows_storm, *unrelated)
    assert all(pagecache.article_tag(storm.pk) not in keys(client, path) for path in unrelated)

    storm.headline = "Storm hits coast: thousands without power"
    with commit():
        save_article(storm)

    for path in shows_storm:
        response = client.get(path)
        assert "Age" not in response, f"{path} still answered from the cache"
        assert "thousands without power" in response.content.decode(), path
    for path in unrelated:
        assert from_cache(client, path), f"{path} was retired by an unrelated story's update"


def test_a_publication_retires_the_lists_it_joins_and_the_address_it_fills(client, desk, commit):
    warm(client, "/", "/sections/sport/", "/sections/world/", "/articles/storm/", "/feeds/rss/")
    client.get("/articles/transfer-news/")
    assert client.get("/articles/transfer-news/").status_code == 404

    with commit():
        make_article("Transfer news", slug="transfer-news", section=desk.sport, authors=[desk.bob])

    for path in ("/", "/sections/sport/", "/feeds/rss/"):
        assert "Transfer news" in client.get(path).content.decode(), path
    assert client.get("/articles/transfer-news/").status_code == 200
    assert from_cache(client, "/sections/world/")
    assert from_cache(client, "/articles/storm/")


def test_unpublishing_takes_the_story_off_every_list_that_showed_it(client, desk, commit):
    warm(
        client,
        "/articles/storm/",
        "/",
        "/sections/world/",
        "/tags/weather/",
        "/authors/ann/",
        "/articles/match/",
    )
    assert pagecache.article_tag(desk.storm.pk) not in keys(client, "/articles/match/")
    desk.storm.status = Status.DRAFT
    with commit():
        save_article(desk.storm)
    assert client.get("/articles/storm/").status_code == 404
    for path in ("/", "/sections/world/", "/authors/ann/"):
        assert "Storm hits coast" not in client.get(path).content.decode(), path
    assert client.get("/tags/weather/").status_code == 404  # nothing public about it any more
    assert from_cache(client, "/articles/match/")


def test_moving_a_story_retires_both_sections_and_its_old_and_new_topics(client, desk, commit):
    warm(client, "/sections/world/", "/sections/sport/", "/tags/weather/", "/tags/football/")
    desk.storm.section = desk.sport
    with commit():
        save_article(desk.storm, tags=["Football"])
    assert "Storm hits coast" not in client.get("/sections/world/").content.decode()
    assert "Storm hits coast" in client.get("/sections/sport/").content.decode()
    assert "Storm hits coast" in client.get("/tags/football/").content.decode()
    assert client.get("/tags/weather/").status_code == 404


def test_a_draft_edit_retires_nothing(client, desk, commit):
    draft = make_article("Secret plan", slug="secret", status=Status.DRAFT)
    warm(client, "/", "/articles/storm/", "/sections/world/")
    draft.headline = "Secret plan, revised"
    with commit():
        save_article(draft)
    assert all(from_cache(client, path) for path in ("/", "/articles/storm/", "/sections/world/"))


def test_a_correction_retires_its_story_only(client, desk, commit):
    warm(client, "/articles/storm/", "/articles/match/")
    with commit():
        Correction.objects.create(article=desk.storm, kind=Correction.Kind.CORRECTION, text="Fixed a name.")
    assert "Fixed a name." in client.get("/articles/storm/").content.decode()
    assert from_cache(client, "/articles/match/")


def test_a_front_page_slot_retires_the_front_page_only(client, desk, commit):
    warm(client, "/", "/api/v1/front", "/articles/storm/")
    with commit():
        FrontPageSlot.objects.create(position=0, article=desk.match)
    assert not from_cache(client, "/")
    front = json.loads(client.get("/api/v1/front").content)
    assert front["lead"]["headline"] == "Cup final tonight"
    assert from_cache(client, "/articles/storm/")


def test_what_every_page_shows_retires_every_page(client, desk, commit):
    warm(client, "/articles/match/", "/sections/sport/")
    with commit():
        BreakingNews.objects.create(text="Polls have closed")
    assert "Polls have closed" in client.get("/articles/match/").content.decode()
    assert not from_cache(client, "/sections/sport/")


def test_answers_name_what_they_show_for_shared_caches(client, desk):
    storm = desk.storm
    page = client.get("/articles/storm/")
    # It shows the story, and alone shows its reading lists.
    assert {pagecache.article_tag(storm.pk), pagecache.reading_tag(storm.pk)} <= set(
        page["Surrogate-Key"].split()
    )
    assert page["xkey"] == page["Surrogate-Key"]
    section = keys(client, "/sections/world/")
    assert {pagecache.section_tag(desk.world.pk), pagecache.article_tag(storm.pk)} <= section
    assert pagecache.article_tag(desk.match.pk) not in section
    assert {pagecache.FRONT, pagecache.LATEST} <= keys(client, "/")
    # Every answer also carries SITE, for a CDN to drop everything at once.
    assert keys(client, f"/api/v1/articles/{storm.pk}") == {pagecache.article_tag(storm.pk), purges.SITE}
    assert pagecache.SEARCH in keys(client, "/search/?q=storm")
    assert pagecache.MISSING in keys(client, "/articles/nothing-here/")
    assert keys(client, "/robots.txt") == {pagecache.EVERYTHING, purges.SITE}  # names nothing: any change


def test_an_answer_from_the_cache_says_how_old_it_is(client, desk, monkeypatch):
    assert not client.get("/articles/storm/").has_header("Age")
    stored_at = middleware.time.time()
    monkeypatch.setattr(middleware.time, "time", lambda: stored_at + 42.5)
    assert 42 <= int(client.get("/articles/storm/")["Age"]) <= 43


def test_a_stamp_lost_from_the_cache_is_a_miss_never_a_stale_page(client, desk, commit):
    warm(client, "/articles/storm/")
    from django.core.cache import cache

    cache.delete(pagecache.tag_key(pagecache.article_tag(desk.storm.pk)))
    pagecache.tick(cache)  # something else retired since: a hot copy beside Redis looks at its stamps again
    assert not from_cache(client, "/articles/storm/")
    assert from_cache(client, "/articles/storm/")  # stored again, with a new stamp


def test_a_scheduled_story_retires_everything_at_its_moment(client, desk, commit, monkeypatch):
    start = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: start)
    with commit():
        make_article("Embargoed report", slug="embargoed", published_at=start + timedelta(minutes=10))
    warm(client, "/", "/articles/match/")
    assert "Embargoed report" not in client.get("/").content.decode()
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(minutes=11))
    assert not from_cache(client, "/articles/match/")
    assert "Embargoed report" in client.get("/").content.decode()


def test_a_new_build_or_setting_is_a_new_cache(client, desk, monkeypatch):
    warm(client, "/articles/storm/")
    monkeypatch.setattr(middleware, "build_version", lambda: "another-build")
    assert not from_cache(client, "/articles/storm/")

    def build(**env):
        code = (
            "import django; django.setup(); from newsroom.build import build_version; print(build_version())"
        )
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", **env}
        return subprocess.run(
            [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
        ).stdout.strip()

    assert build() == build()  # two servers of one deploy share the cache
    assert build(DATABASE_URL="postgres://elsewhere/newsroom") == build()  # where, not what
    assert build(SITE_NAME="Another Gazette") != build()
    assert build(BUILD_VERSION="release-2026.12") != build(BUILD_VERSION="release-2026.13")


def test_a_section_first_article_puts_it_in_every_page_menu(client, desk, commit):
    culture = make_section("Culture")
    warm(client, "/articles/match/")
    assert "/sections/culture/" not in client.get("/articles/match/").content.decode()
    with commit():
        make_article("Gallery opens", slug="gallery", section=culture)
    assert "/sections/culture/" in client.get("/articles/match/").content.decode()
    warm(client, "/articles/match/")
    with commit():
        make_article("Second show", slug="second-show", section=culture)
    assert from_cache(client, "/articles/match/")  # the menu had Culture already


def test_a_section_last_article_gone_takes_it_off_every_menu(client, desk, commit):
    warm(client, "/articles/storm/")
    assert "/sections/sport/" in client.get("/articles/storm/").content.decode()
    desk.match.status = Status.DRAFT
    with commit():
        save_article(desk.match)
    assert "/sections/sport/" not in client.get("/articles/storm/").content.decode()
