"""A live story in a real Chromium: an editor posts from the live desk, and a reader's open page takes in
the new update, an edit and a removal without a reload, then the end of the coverage."""

import pytest
from django.test import TestCase

from articles.desk import live
from articles.models import LiveUpdate
from tests.chromium import DESKTOP, PHONE
from tests.factories import make_article, make_section
from tests.staff import PASSWORD, make_editor, make_reporter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Polls come every second here, so waits of a few seconds are plenty and the test ends by itself.
WAIT_MS = 10_000


@pytest.fixture
def story(live_server, settings):
    settings.LIVE_POLL_SECONDS = 1
    rita = make_reporter("rita", with_author=True)
    editor = make_editor("eddie")
    article = make_article(
        "Storm makes landfall on the coast",
        slug="storm",
        section=make_section("World"),
        authors=[rita.author],
        dek="Winds of 180 km/h, the harbour closed, thousands without power.",
        body="<p>The storm reached the coast at dawn. What we know so far is below.</p>",
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        live.start(article, editor)
        live.post(article, rita, text="<p>The harbour master closed the port to all traffic.</p>",
                  title="Port closed")  # fmt: skip
        live.post(article, editor, text="<p>Power is out in three districts, the grid operator says.</p>")
    return {"url": live_server.url, "article": article, "editor": editor, "rita": rita}


def log_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_a_reader_sees_updates_arrive_change_and_go_without_reloading(browser, story, screenshots):
    base, article = story["url"], story["article"]
    reader = browser.new_page(viewport=DESKTOP)
    desk = browser.new_page(viewport=DESKTOP)
    for page in (reader, desk):
        page.set_default_timeout(15_000)
    try:
        reader.goto(f"{base}/articles/storm/")
        reader.evaluate("window.loadedOnce = true")  # gone if the page reloads
        assert reader.locator(".live-update").count() == 2

        log_in(desk, base, "eddie")
        desk.goto(f"{base}/admin/articles/article/{article.pk}/live/")
        desk.fill("#id_title", "Evacuations ordered")
        desk.locator(".ProseMirror").click()
        desk.keyboard.type("The mayor ordered the seafront evacuated by noon.")
        desk.get_by_role("button", name="Post update").click()
        assert "Posted" in desk.locator("ul.messagelist").inner_text()
        desk.screenshot(path=screenshots / "desk-live-1280.png", full_page=True)

        newest = reader.locator(".live-update").first
        newest.get_by_text("Evacuations ordered").wait_for(timeout=WAIT_MS)
        assert "The mayor ordered the seafront evacuated by noon." in newest.inner_text()
        assert reader.locator(".live__status").inner_text() == "1 new update"
        assert reader.evaluate("window.loadedOnce") is True
        assert reader.locator(".live-update").count() == 3

        # An edit on the desk replaces the reader's copy; a removal takes it away.
        power = LiveUpdate.objects.get(text__contains="Power is out")
        with TestCase.captureOnCommitCallbacks(execute=True):
            live.edit(
                power, story["editor"], text="<p>Power is out in five districts, the grid operator says.</p>"
            )
        reader.get_by_text("Power is out in five districts").wait_for(timeout=WAIT_MS)
        assert reader.locator(".live__status").inner_text() == "1 update edited", "the line follows the news"
        port = LiveUpdate.objects.get(title="Port closed")
        with TestCase.captureOnCommitCallbacks(execute=True):
            live.remove(port, story["editor"])
        reader.locator(f"#{port.anchor}").wait_for(state="detached", timeout=WAIT_MS)
        assert reader.locator(".live__status").inner_text() == "1 update removed"
        assert reader.evaluate("window.loadedOnce") is True
        reader.screenshot(path=screenshots / "live-reader-1280.png", full_page=True)

        # One click on the desk ends the coverage; the open page says so and stops asking.
        desk.goto(f"{base}/admin/articles/article/{article.pk}/live/")
        desk.get_by_role("button", name="End live coverage").click()
        assert "Live coverage ended" in desk.locator("ul.messagelist").inner_text()
        reader.get_by_text("Live coverage ended").first.wait_for(timeout=WAIT_MS)
        assert reader.locator(".article__header .live-badge").count() == 0
        assert reader.locator(".live-update").count() == 2
        assert reader.locator(".live__status").inner_text() == "Live coverage has ended."
    finally:
        reader.close()
        desk.close()


def test_the_live_page_reads_well_on_a_phone(browser, story, screenshots):
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(f"{story['url']}/articles/storm/")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
        first = page.locator(".live-update").first
        assert first.locator(".live-update__time").is_visible()
        page.screenshot(path=screenshots / "live-reader-375.png", full_page=True)
    finally:
        page.close()


def test_a_reporter_posts_on_their_own_live_story_from_the_desk(browser, story, screenshots):
    page = browser.new_page(viewport=DESKTOP)
    page.set_default_timeout(15_000)
    try:
        log_in(page, story["url"], "rita")
        page.goto(f"{story['url']}/admin/articles/article/{story['article'].pk}/change/")
        page.get_by_role("link", name="Post updates").click()
        page.locator(".ProseMirror").click()
        page.keyboard.type("Rescue teams reached the island.")
        page.get_by_role("button", name="Post update").click()
        assert "Posted" in page.locator("ul.messagelist").inner_text()
        assert page.get_by_role("button", name="End live coverage").count() == 0
        assert LiveUpdate.objects.filter(posted_by=story["rita"], text__contains="Rescue teams").exists()
    finally:
        page.close()
