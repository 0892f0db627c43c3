"""The front page as editors program it: pinned lead, ordered featured slots, breaking news."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client, TestCase
from django.utils import timezone

from articles.core import permissions
from articles.core.pagecache import VERSION_KEY
from articles.models import Article, BreakingNews, FrontPageSlot, Status
from tests.factories import make_article, make_section
from tests.staff import PASSWORD, make_editor, make_reporter

pytestmark = pytest.mark.django_db

FRONT_PAGE = "/admin/articles/frontpageslot/"


@pytest.fixture
def archive():
    """Eight public articles, newest first: "Story 1" (an hour old) ... "Story 8"."""
    make_section("World")
    now = timezone.now()
    stories = [
        make_article(f"Story {number}", slug=f"story-{number}", published_at=now - timedelta(hours=number))
        for number in range(8, 0, -1)
    ]
    return list(reversed(stories))


def headlines(html, css_class):
    """The headlines inside the first element carrying `css_class`, in page order."""
    start = html.index(f'class="{css_class}"')
    end = html.index("</section>", start)
    return re.findall(r'class="teaser__headline"><a href="[^"]+">([^<]+)</a>', html[start:end])


def home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def committed(model, **fields):
    """A row created as the desk would: its on-commit work (the page cache's new version) run."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return model.objects.create(**fields)


def pin(position, article, until=None):
    return committed(FrontPageSlot, position=position, article=article, until=until)


def test_without_programming_the_newest_leads_and_the_next_four_are_top_stories(client, archive):
    page = home(client)
    assert headlines(page, "lead-story") == ["Story 1"]
    assert headlines(page, "top-stories") == ["Story 2", "Story 3", "Story 4", "Story 5"]
    assert headlines(page, "latest") == ["Story 6", "Story 7", "Story 8"]


def test_a_pinned_lead_and_featured_slots_show_in_their_order_and_nowhere_else(client, archive):
    pin(0, archive[6])
    pin(1, archive[7])
    pin(3, archive[4])
    page = home(client)
    assert headlines(page, "lead-story") == ["Story 7"]
    # Slot 2 and 4 are empty: the newest not shown elsewhere take them.
    assert headlines(page, "top-stories") == ["Story 8", "Story 1", "Story 5", "Story 2"]
    assert headlines(page, "latest") == ["Story 3", "Story 4", "Story 6"]
    assert page.count(">Story 7<") == 1


def test_a_slot_never_shows_an_unpublished_or_scheduled_article(client, archive):
    draft = make_article("Secret draft", slug="secret", status=Status.DRAFT)
    scheduled = make_article(
        "Embargoed story", slug="embargoed", published_at=timezone.now() + timedelta(hours=2)
    )
    pin(0, archive[5])
    pin(1, scheduled)
    pin(2, draft)  # pinned while published, then unpublished: the slot stays but never shows it
    Article.objects.filter(pk=draft.pk).update(status=Status.DRAFT)
    page = home(client)
    assert "Embargoed" not in page and "Secret" not in page
    assert headlines(page, "lead-story") == ["Story 6"]
    assert headlines(page, "top-stories") == ["Story 1", "Story 2", "Story 3", "Story 4"]


def test_an_expired_slot_falls_back_to_the_newest_at_its_moment(client, archive, monkeypatch):
    start = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: start)
    pin(0, archive[7], until=start + timedelta(minutes=30))
    assert headlines(home(client), "lead-story") == ["Story 8"]
    # The page cache knows the moment the page changes by itself, and no lifetime reaches past it.
    assert cache.get(VERSION_KEY)[1] == (start + timedelta(minutes=30)).timestamp()
    assert "s-maxage=60" in client.get("/")["Cache-Control"]
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(minutes=31))
    assert headlines(home(client), "lead-story") == ["Story 1"]


def test_pinning_shows_to_readers_at_once_through_the_page_cache(client, archive):
    assert headlines(home(client), "lead-story") == ["Story 1"]
    editor = Client()
    editor.force_login(make_editor())
    response = editor.post(FRONT_PAGE, slots(archive[3]))
    assert response.status_code == 302
    assert headlines(home(client), "lead-story") == ["Story 4"]


def test_later_pages_leave_out_the_pinned_articles(client, settings, archive):
    settings.ARTICLES_PER_PAGE = 3
    pin(0, archive[7])
    second = client.get("/?page=2").content.decode()
    assert "Story 8" not in second and "Story 4" in second


# Breaking news


def test_breaking_news_shows_on_every_public_page_while_it_is_live(client, archive):
    strip = committed(BreakingNews, text="Polls close in the capital", link="https://example.org/live")
    for path in (
        "/",
        archive[0].get_absolute_url(),
        "/sections/world/",
        "/search/?q=story",
        "/no-such-page/",
    ):
        page = client.get(path).content.decode()
        assert 'aria-label="Breaking news"' in page, path
        assert (
            '<a class="breaking__text" href="https://example.org/live">Polls close in the capital</a>' in page
        )
    strip.live = False
    with TestCase.captureOnCommitCallbacks(execute=True):
        strip.save()
    assert "Polls close" not in home(client)


def test_breaking_news_comes_down_by_itself_at_its_time(client, archive, monkeypatch):
    start = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: start)
    committed(BreakingNews, text="Storm warning <b>now</b>", expires_at=start + timedelta(minutes=10))
    page = home(client)
    assert "Storm warning &lt;b&gt;now&lt;/b&gt;" in page
    assert cache.get(VERSION_KEY)[1] == (start + timedelta(minutes=10)).timestamp()
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(minutes=11))
    assert "Storm warning" not in home(client)


# The desk's front page screen


def slots(*articles, until=None, **extra):
    """What the front page form posts: `articles` in slot order (None for an empty slot)."""
    data = {
        "slots-TOTAL_FORMS": "5",
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "5",
        "slots-MAX_NUM_FORMS": "5",
    }
    for position in range(5):
        article = articles[position] if position < len(articles) else None
        data[f"slots-{position}-article"] = article.pk if article else ""
        data[f"slots-{position}-until"] = until if (until and position == 0) else ""
    data.update(extra)
    return data


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(make_editor())
    return client


def pinned():
    return {slot.position: slot.article.headline for slot in FrontPageSlot.objects.select_related("article")}


def test_the_editor_programs_the_front_page_and_sees_what_each_slot_shows(editor_client, archive):
    scheduled = make_article("Tomorrow", slug="tomorrow", published_at=timezone.now() + timedelta(days=1))
    response = editor_client.post(FRONT_PAGE, slots(archive[2], None, scheduled, archive[0]), follow=True)
    assert "Front page saved" in response.content.decode()
    assert pinned() == {0: "Story 3", 2: "Tomorrow", 3: "Story 1"}
    page = editor_client.get(FRONT_PAGE).content.decode()
    assert page.count("showing to readers") == 2
    assert "not yet: shows once it goes live" in page
    assert page.count("empty: the newest article shows") == 2
    assert FrontPageSlot.objects.get(position=0).placed_by.username == "eddie"


def on_screen(response):
    """The articles the front page screen shows in its slots, position by position (None: empty)."""
    return [form["article"].value() for form in response.context["formset"].forms]


def test_moving_a_slot_stages_the_order_on_screen_until_it_is_saved(editor_client, client, archive):
    editor_client.post(FRONT_PAGE, slots(archive[0], archive[1], archive[2]))
    before = home(client)
    # Story 4 chosen in Featured 3 but not saved, then Featured 2 moved up: nothing reaches readers.
    moved = editor_client.post(
        FRONT_PAGE, slots(archive[0], archive[1], archive[2], archive[3], reorder="up-2")
    )
    assert pinned() == {0: "Story 1", 1: "Story 2", 2: "Story 3"}
    assert home(client) == before
    assert on_screen(moved) == [archive[0].pk, archive[2].pk, archive[1].pk, archive[3].pk, None]
    page = moved.content.decode()
    assert "Not saved yet." in page and page.count("moved here: not saved yet") == 3
    again = editor_client.post(
        FRONT_PAGE, slots(archive[0], archive[2], archive[1], archive[3], reorder="down-0")
    )
    assert on_screen(again) == [archive[2].pk, archive[0].pk, archive[1].pk, archive[3].pk, None]
    # Nonsense commands change no order.
    for command in ("down-4", "up-0", "sideways-1", "up-x"):
        same = editor_client.post(
            FRONT_PAGE, slots(archive[2], archive[0], None, archive[1], reorder=command)
        )
        assert on_screen(same) == [archive[2].pk, archive[0].pk, None, archive[1].pk, None]
    assert pinned() == {0: "Story 1", 1: "Story 2", 2: "Story 3"}
    saved = editor_client.post(FRONT_PAGE, slots(archive[2], archive[0], archive[1], archive[3]), follow=True)
    assert "Front page saved. Readers who open it see it now" in saved.content.decode()
    assert pinned() == {0: "Story 3", 1: "Story 1", 2: "Story 2", 3: "Story 4"}
    assert headlines(home(client), "lead-story") == ["Story 3"]


def test_the_line_up_is_previewed_as_readers_would_see_it_without_saving(editor_client, client, archive):
    draft = make_article("Secret draft", slug="secret", status=Status.DRAFT)
    pin(0, archive[0])
    preview = editor_client.post(FRONT_PAGE, slots(archive[5], archive[6], preview="1"))
    page = preview.content.decode()
    assert preview.status_code == 200 and "not saved yet" in page
    assert headlines(page, "lead-story") == ["Story 6"]
    assert headlines(page, "top-stories")[0] == "Story 7"
    assert "no-cache" in preview["Cache-Control"] and "noindex" in preview["X-Robots-Tag"]
    assert 'data-front-region="top"' not in page, "an open preview is not refreshed to the saved page"
    assert pinned() == {0: "Story 1"}
    assert headlines(home(client), "lead-story") == ["Story 1"]
    # Only what readers could see now: a draft cannot be chosen at all.
    refused = editor_client.post(FRONT_PAGE, slots(draft, preview="1"))
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()


def test_bad_programming_is_refused_and_changes_nothing(editor_client, archive):
    pin(0, archive[4])
    twice = editor_client.post(FRONT_PAGE, slots(archive[0], archive[0]))
    assert "An article can take only one place" in twice.content.decode()
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    expired = editor_client.post(FRONT_PAGE, slots(archive[0], until=past))
    assert "Pick a time ahead" in expired.content.decode()
    draft = make_article("Draft", slug="draft", status=Status.DRAFT)
    chosen_draft = editor_client.post(FRONT_PAGE, slots(draft))
    assert "Select a valid choice" in chosen_draft.content.decode()
    broken = editor_client.post(FRONT_PAGE, {"slots-TOTAL_FORMS": "x"}, follow=True)
    assert "came back incomplete; nothing was changed" in broken.content.decode()
    assert pinned() == {0: "Story 5"}


def test_the_article_chooser_offers_published_and_scheduled_articles_only(editor_client, archive):
    make_article("Story draft", slug="story-draft", status=Status.DRAFT)
    make_article("Story ahead", slug="story-ahead", published_at=timezone.now() + timedelta(hours=3))
    response = editor_client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "frontpageslot", "field_name": "article", "term": "story"},
    )
    names = {row["text"] for row in response.json()["results"]}
    assert "Story ahead" in names and "Story 1" in names and "Story draft" not in names


def test_reporters_can_neither_see_nor_change_the_front_page_or_breaking_news(client, archive):
    reporter = make_reporter()
    client.login(username=reporter.username, password=PASSWORD)
    assert not permissions.is_editor(reporter)
    assert client.get(FRONT_PAGE).status_code == 403
    assert client.post(FRONT_PAGE, slots(archive[3])).status_code == 403
    added = client.post("/admin/articles/breakingnews/add/", {"text": "Fake", "live": "on"})
    assert added.status_code == 403
    index = client.get("/admin/").content.decode()
    assert "Front page" not in index and "Breaking news" not in index
    assert not FrontPageSlot.objects.exists() and not BreakingNews.objects.exists()


def test_an_editor_raises_and_takes_down_breaking_news_from_the_desk(editor_client, client, archive):
    response = editor_client.post(
        "/admin/articles/breakingnews/add/",
        {"text": "Bridge closed after crash", "link": "https://example.org/bridge", "live": "on"},
    )
    assert response.status_code == 302
    assert "Bridge closed" in home(client)
    strip = BreakingNews.objects.get()
    assert strip.created_by.username == "eddie"
    editor_client.post(
        f"/admin/articles/breakingnews/{strip.pk}/change/",
        {"text": strip.text, "link": strip.link, "expires_at_0": "", "expires_at_1": ""},
    )
    assert not BreakingNews.objects.get().live
    assert "Bridge closed" not in home(client)


# What open pages poll (static/js/front.js)


def region_key(html, name):
    return re.search(rf'data-front-region="{name}" data-key="([0-9a-f]+)"', html).group(1)


def test_open_pages_learn_of_a_new_strip_and_a_new_line_up_from_one_small_json(client, archive, settings):
    settings.LIVE_POLL_SECONDS = 7
    page = home(client)
    polled = client.get("/front.json")
    assert polled.status_code == 200 and "s-maxage=7" in polled["Cache-Control"]
    data = polled.json()
    # Nothing changed: the keys the page carries are the keys of what is current.
    assert data["breaking"]["key"] == region_key(page, "breaking")
    assert data["front"]["key"] == region_key(page, "top")
    assert headlines(data["front"]["html"], "lead-story") == ["Story 1"]

    BreakingNews.objects.create(text="Storm warning for the coast", live=True)
    pin(0, archive[4])
    data = client.get("/front.json").json()
    assert data["breaking"]["key"] != region_key(page, "breaking")
    assert "Storm warning for the coast" in data["breaking"]["html"]
    assert headlines(data["front"]["html"], "lead-story") == ["Story 5"]
    # A fresh page carries the same keys again, on every page with the strip.
    assert region_key(home(client), "top") == data["front"]["key"]
    article_page = client.get(archive[1].get_absolute_url()).content.decode()
    assert region_key(article_page, "breaking") == data["breaking"]["key"]
    assert 'data-front-region="top"' not in article_page


def test_the_poll_never_shows_a_draft(client, archive):
    draft = make_article("Secret draft", slug="secret", status=Status.DRAFT)
    FrontPageSlot.objects.create(position=0, article=draft)
    data = client.get("/front.json").json()
    assert "Secret draft" not in data["front"]["html"]
