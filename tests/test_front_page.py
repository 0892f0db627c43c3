"""The front page as editors program it: pinned lead, ordered featured slots, breaking news."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client, TestCase
from django.utils import timezone

from articles import workflow
from articles.cache import VERSION_KEY
from articles.models import Article, BreakingNews, FrontPageSlot, Status
from tests.desk import PASSWORD, make_editor, make_reporter
from tests.factories import make_article, make_section

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
    assert "max-age=60" in client.get("/")["Cache-Control"]
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


def test_moving_a_slot_up_or_down_swaps_it_with_its_neighbour(editor_client, archive):
    editor_client.post(FRONT_PAGE, slots(archive[0], archive[1], archive[2]))
    editor_client.post(FRONT_PAGE, slots(archive[0], archive[1], archive[2], reorder="up-2"))
    assert pinned() == {0: "Story 1", 1: "Story 3", 2: "Story 2"}
    editor_client.post(FRONT_PAGE, slots(archive[0], archive[2], archive[1], reorder="up-1"))
    assert pinned() == {0: "Story 3", 1: "Story 1", 2: "Story 2"}
    editor_client.post(FRONT_PAGE, slots(archive[2], archive[0], archive[1], reorder="down-2"))
    assert pinned() == {0: "Story 3", 1: "Story 1", 3: "Story 2"}
    # Nonsense commands change no order.
    for command in ("down-4", "up-0", "sideways-1", "up-x"):
        editor_client.post(FRONT_PAGE, slots(archive[2], archive[0], None, archive[1], reorder=command))
        assert pinned() == {0: "Story 3", 1: "Story 1", 3: "Story 2"}


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
    assert not workflow.is_editor(reporter)
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
