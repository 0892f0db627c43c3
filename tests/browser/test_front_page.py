"""The front page programmed in a real Chromium: an editor pins a lead and top stories, reorders them
with the buttons, raises a breaking-news strip; a reader sees the result at desktop and phone widths."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, FrontPageSlot
from tests.chromium import DESKTOP, PHONE
from tests.factories import make_article, make_image, make_section
from tests.staff import PASSWORD, make_editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def newsroom(live_server):
    section = make_section("World")
    picture = make_image(1600, 900)
    now = timezone.now()
    for number, headline in enumerate(
        [
            "Three-line brief on the weather",
            "Ministers meet overnight on the budget",
            "Port strike enters its second week",
            "City marathon draws record field",
            "Harbour flood defences put to the test",
        ]
    ):
        make_article(
            headline,
            section=section,
            published_at=now - timedelta(hours=number + 1),
            dek="What happened, and what comes next.",
            lead_image=picture if number >= 3 else None,
            lead_image_alt="Waves over a harbour wall" if number >= 3 else "",
        )
    make_editor("eddie")
    return live_server.url


def choose(page, slot, words):
    """Pick an article in a slot's search-as-you-type chooser."""
    page.click(f"#id_slots-{slot}-article + .select2 .select2-selection")
    page.locator(".select2-container--open .select2-search__field").fill(words)
    page.locator(".select2-container--open .select2-results__option", has_text=words).click()
    assert words in page.locator(f"#id_slots-{slot}-article + .select2 .select2-selection").inner_text()


def test_an_editor_programs_the_front_page_and_readers_see_it(browser, newsroom, screenshots):
    base = newsroom
    page = browser.new_page(viewport=DESKTOP)
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{base}/admin/login/")
        page.fill("#id_username", "eddie")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.get_by_role("link", name="Front page").first.click()
        choose(page, 0, "Harbour flood")
        choose(page, 1, "City marathon")
        choose(page, 2, "Port strike")
        page.get_by_role("button", name="Save the front page").click()
        assert "Front page saved" in page.locator("ul.messagelist").inner_text()
        # Port strike moves above the marathon, without typing a number: on screen only, until saved.
        page.get_by_role("button", name="Move Featured 2 up").click()
        assert "Not saved yet." in page.locator(".desk-front__staged").inner_text()
        assert FrontPageSlot.objects.get(position=1).article.headline == "City marathon draws record field"
        page.screenshot(path=screenshots / "desk-front-page-staged.png", full_page=True)
        page.get_by_role("button", name="Save the front page").first.click()
        assert "Front page saved" in page.locator("ul.messagelist").inner_text()
        page.screenshot(path=screenshots / "desk-front-page.png", full_page=True)
        order = {
            slot.position: slot.article.headline for slot in FrontPageSlot.objects.select_related("article")
        }
        assert order == {
            0: "Harbour flood defences put to the test",
            1: "Port strike enters its second week",
            2: "City marathon draws record field",
        }

        page.goto(f"{base}/admin/articles/breakingnews/add/")
        page.fill("#id_text", "Storm warning for the whole coast tonight")
        page.fill("#id_link", "https://example.org/storm")
        page.click("input[name=_save]")

        page.context.clear_cookies()
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            page.goto(f"{base}/")
            assert page.locator(".lead-story h2").inner_text() == "Harbour flood defences put to the test"
            top = page.locator(".top-stories h3").all_inner_texts()
            assert top[:2] == ["Port strike enters its second week", "City marathon draws record field"]
            assert "Three-line brief" in top[2]
            assert "Storm warning for the whole coast tonight" in page.locator(".breaking").inner_text()
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            page.screenshot(path=screenshots / f"front-page-{viewport['width']}.png", full_page=True)
    finally:
        page.close()


def test_an_open_reader_page_follows_the_strip_and_the_line_up_without_a_reload(
    browser, newsroom, screenshots, settings
):
    settings.LIVE_POLL_SECONDS = 1
    base = newsroom
    desk = browser.new_page(viewport=DESKTOP)
    reader = browser.new_context(viewport=PHONE).new_page()
    desk.set_default_timeout(15_000)
    reader.set_default_timeout(15_000)
    try:
        reader.goto(f"{base}/")
        story = reader.context.new_page()
        story.goto(f"{base}{Article.objects.first().get_absolute_url()}")
        assert reader.locator(".breaking").count() == 0
        first_lead = reader.locator(".lead-story h2").inner_text()

        desk.goto(f"{base}/admin/login/")
        desk.fill("#id_username", "eddie")
        desk.fill("#id_password", PASSWORD)
        desk.click("input[type=submit]")
        desk.goto(f"{base}/admin/articles/frontpageslot/")
        choose(desk, 0, "Harbour flood")
        choose(desk, 1, "City marathon")
        # Staged: moved, previewed, not saved. The open page keeps the saved front page.
        desk.get_by_role("button", name="Move Featured 1 up").click()
        assert "Not saved yet." in desk.locator(".desk-front__staged").inner_text()
        with desk.expect_popup() as popup:
            desk.get_by_role("button", name="Preview the line-up").click()
        preview = popup.value
        preview.wait_for_selector(".lead-story")
        assert preview.locator(".lead-story h2").inner_text() == "City marathon draws record field"
        assert "not saved yet" in preview.locator(".preview-banner").inner_text()
        preview.screenshot(path=screenshots / "front-page-preview.png", full_page=True)
        preview.close()
        reader.wait_for_timeout(2_500)  # two polls
        assert reader.locator(".lead-story h2").inner_text() == first_lead

        desk.get_by_role("button", name="Save the front page").first.click()
        assert "pages already open show it within 1 second." in desk.locator("ul.messagelist").inner_text()
        reader.wait_for_function(
            "document.querySelector('.lead-story h2').textContent.includes('City marathon')", timeout=5_000
        )
        top = reader.locator(".top-stories h3").all_inner_texts()
        assert top[0] == "Harbour flood defences put to the test"

        desk.goto(f"{base}/admin/articles/breakingnews/add/")
        desk.fill("#id_text", "Storm warning for the whole coast tonight")
        desk.click("input[name=_save]")
        reader.wait_for_selector(".breaking", timeout=5_000)
        assert "Storm warning" in reader.locator(".breaking").inner_text()
        story.wait_for_selector(".breaking", timeout=5_000)  # an article page open in another tab too
        reader.screenshot(path=screenshots / "front-page-live-375.png", full_page=True)
    finally:
        desk.close()
        reader.context.close()
