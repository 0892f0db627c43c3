"""The seed article in a real Chromium, at desktop and phone widths."""

import json

import pytest
from django.core.management import call_command

from tests.chromium import DESKTOP, PHONE
from tests.conftest import SEED, SEED_SLUG
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seed_url(live_server):
    call_command("import_article", str(SEED), "--publish", stdout=None)
    return f"{live_server.url}/articles/{SEED_SLUG}/"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_seed_article_reads_well(browser, seed_url, screenshots, viewport):
    page = browser.new_page(viewport=viewport)
    try:
        response = page.goto(seed_url)
        assert response.status == 200

        headline = page.get_by_role("heading", level=1)
        assert headline.inner_text() == "No Compromise on Occupied Territories After Poutine-Witkoff Meeting"
        assert headline.is_visible()
        assert page.get_by_text("Connect with us").is_visible()
        assert page.locator(".article__body p").count() == 7
        assert page.locator(".dateline").inner_text().startswith("MOSCOW, Russia")
        # The stylesheet really loaded: the body is set in the serif face, the bar is dark.
        assert "serif" in page.locator(".article__body").evaluate("e => getComputedStyle(e).fontFamily")
        assert page.locator(".social-bar").evaluate("e => getComputedStyle(e).backgroundColor") != (
            "rgba(0, 0, 0, 0)"
        )
        # Nothing wider than the screen, and readable line lengths and sizes.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        body_font = page.locator(".article__body p").first.evaluate(
            "e => parseFloat(getComputedStyle(e).fontSize)"
        )
        assert body_font >= 16
        assert page.locator(".article__body").bounding_box()["width"] <= 720

        page.screenshot(path=screenshots / f"article-{viewport['width']}.png", full_page=True)
    finally:
        page.close()


def test_keyboard_reaches_the_skip_link_first(browser, seed_url):
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.goto(seed_url)
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        assert focused == "Skip to content"
        assert page.locator(".skip-link").is_visible()
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#main"
    finally:
        page.close()


def test_hostile_markup_never_runs(browser, live_server):
    attack = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    article = make_article(attack, dek=attack, lead_image_caption=attack, body=f"<p>Text</p>{attack}")
    page = browser.new_page(viewport=DESKTOP)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(f"{live_server.url}{article.get_absolute_url()}")
        # The structured data carries the headline as data, and it stays data.
        structured = json.loads(page.locator('script[type="application/ld+json"]').text_content())
        assert structured["headline"] == attack
        # The only scripts are the site's own files.
        foreign = 'script:not([type="application/ld+json"]):not([src^="/static/js/"])'
        assert page.locator(foreign).count() == 0
        page.goto(f"{live_server.url}/")
        assert dialogs == []
        assert page.locator(foreign).count() == 0
    finally:
        page.close()


def edge_shades(strip):
    """The brightness (0-255) of the strip's first and last pixel columns, below its text."""
    from io import BytesIO

    from PIL import Image

    shot = Image.open(BytesIO(strip.screenshot())).convert("L")
    width, height = shot.size
    y = height - 2  # the list's bottom padding: no letters there
    return {"left": shot.getpixel((1, y)), "right": shot.getpixel((width - 2, y))}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_top_of_a_phone_page_stays_short_with_many_sections(browser, live_server, screenshots):
    from tests.factories import make_section

    for name in ["World", "Politics", "Business", "Science", "Health", "Sport", "Culture", "Opinion",
                 "Technology", "Climate", "Local"]:  # fmt: skip
        make_article(f"News in {name}", section=make_section(name))
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(f"{live_server.url}/")
        masthead_bottom = page.locator(".masthead").bounding_box()
        top = masthead_bottom["y"] + masthead_bottom["height"]
        page.screenshot(path=screenshots / "masthead-375.png")
        assert top <= 125, f"the bar and masthead take {top:.0f} px"
        assert page.locator(".sections-nav li").count() == 11
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=screenshots / "masthead-375.png")

        # The strip says it scrolls: a shade at the edge with more beyond, none at the end reached.
        strip = page.locator(".sections-nav")
        assert page.evaluate("(s) => s.scrollWidth > s.clientWidth", strip.element_handle())
        start = edge_shades(strip)
        strip.evaluate("(s) => s.scrollTo(s.scrollWidth, 0)")
        end = edge_shades(strip)
        assert start["right"] < 235 and start["left"] > 250, start
        assert end["left"] < 235 and end["right"] > 250, end
        page.goto(f"{live_server.url}/search/?q=news")
        assert page.locator("input[type=search]").count() == 1, "one search box on the search page"
    finally:
        page.close()
