"""The front page programmed in a real Chromium: an editor pins a lead and top stories, reorders them
with the buttons, raises a breaking-news strip; a reader sees the result at desktop and phone widths."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import FrontPageSlot
from tests.browser import DESKTOP, PHONE
from tests.desk import PASSWORD, make_editor
from tests.factories import make_article, make_image, make_section

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
        # Port strike moves above the marathon, without typing a number.
        page.get_by_role("button", name="Move Featured 2 up").click()
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
