"""WCAG 2.2 AA on every kind of public page, checked by axe-core in Chromium, plus keyboard, phone, print, dark."""

from pathlib import Path

import axe_playwright_python
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase

from articles.desk import live
from articles.models import BreakingNews, FrontPageSlot
from tests.chromium import DESKTOP, PHONE
from tests.conftest import SEED
from tests.factories import make_article, make_author, make_image, make_section
from tests.staff import make_editor, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(axe_playwright_python.__file__).with_name("axe.min.js")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
PAGES = {
    "home": "/",
    "section": "/sections/world/",
    "article": "/articles/storm-hits-the-coast/",
    "tag": "/tags/storm/",
    "author": "/authors/ann-writer/",
    "search": "/search/?q=storm",
    "live": "/articles/storm-live/",
}


@pytest.fixture
def site(live_server):
    call_command("import_article", str(SEED), "--publish", stdout=None)
    world = make_section("World", description="News from everywhere.")
    ann = make_author("Ann Writer", slug="ann-writer", job_title="Reporter", bio="Covers the weather.")
    picture = make_image(1600, 900, credit="Photo: Desk")
    storm = make_article(
        "Storm hits the coast",
        slug="storm-hits-the-coast",
        section=world,
        authors=[ann],
        tags=["Storm", "Coast"],
        dek="Winds of 120 km/h closed the harbour.",
        dateline="BREST, France",
        # A library picture and an embed in the body: their markup is checked too.
        body="<p>The storm arrived at dawn.</p><h2>Damage</h2><p>Roofs were lost.</p>"
        f'<figure><img src="{picture.file.url}" alt="A roof torn off" data-file="{picture.pk}">'
        "<figcaption>A house in the old town</figcaption></figure>"
        f'<p><a href="{VIDEO}">{VIDEO}</a></p>',
        lead_image=picture,
        lead_image_alt="Waves break over the harbour wall",
        lead_image_caption="The harbour at dawn",
    )
    assert '<figure class="figure"><picture>' in storm.body_html and 'class="embed ' in storm.body_html
    updates = [
        make_article(f"Storm update {number}", section=world, authors=[ann], tags=["Storm"])
        for number in range(3)
    ]
    _live_story(world, ann)
    # The programmed front page and the breaking-news strip are on every page checked.
    FrontPageSlot.objects.create(position=0, article=updates[2])
    BreakingNews.objects.create(text="Harbour closed until Monday", link="https://example.org/harbour")
    return live_server.url


def _live_story(section, author):
    """A running live story with updates: one titled, one with a picture, one edited."""
    editor = make_editor("eddie")
    story = make_article(
        "Storm: live updates", slug="storm-live", section=section, authors=[author], dek="Follow the storm."
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        live.start(story, editor)
        live.post(story, editor, text="<p>The harbour is closed.</p>", title="Harbour shut")
        picture = SimpleUploadedFile("square.png", png_bytes(1200, 800), content_type="image/png")
        live.post(
            story, editor, text="<p>Water in the square.</p>", image=picture, image_alt="A flooded square"
        )
        edited = live.post(story, editor, text="<p>Two roads closed.</p>")
        live.edit(edited, editor, text='<p>Three roads closed, <a href="https://example.org">map</a>.</p>')


def serious_violations(page):
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_AA,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']]}"
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_nothing_serious(browser, site, screenshots, name, scheme):
    page = browser.new_page(viewport=DESKTOP, color_scheme=scheme)
    try:
        assert page.goto(site + PAGES[name]).status == 200
        assert serious_violations(page) == []
        page.screenshot(path=screenshots / f"a11y-{name}-{scheme}.png", full_page=True)
    finally:
        page.close()


@pytest.mark.parametrize("name", PAGES)
def test_a_phone_never_scrolls_sideways(browser, site, screenshots, name):
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(site + PAGES[name])
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=screenshots / f"phone-{name}.png", full_page=True)
    finally:
        page.close()


def test_the_keyboard_reaches_everything_with_a_visible_focus(browser, site):
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.goto(site + PAGES["article"])
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        assert page.locator(".skip-link").is_visible()
        for _ in range(12):
            page.keyboard.press("Tab")
            focus = page.evaluate(
                """() => {
                    const element = document.activeElement, style = getComputedStyle(element);
                    const box = element.getBoundingClientRect();
                    return {tag: element.tagName, outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
                            visible: box.width > 0 && box.height > 0};
                }"""
            )
            assert focus["visible"] and focus["outline"] != "none" and focus["width"] >= 2, focus
    finally:
        page.close()


def test_print_keeps_the_story_and_drops_the_chrome(browser, site):
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.goto(site + PAGES["article"])
        page.emulate_media(media="print")
        for chrome in [".social-bar", ".sections-nav", ".masthead__search", ".related", ".site-footer"]:
            assert page.locator(chrome).first.evaluate("e => getComputedStyle(e).display") == "none", chrome
        assert page.locator(".article__body").is_visible()
        assert (
            page.locator("body").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 255, 255)"
        )
    finally:
        page.close()


def test_dark_mode_follows_the_readers_preference(browser, site):
    colours = {}
    for scheme in ["light", "dark"]:
        page = browser.new_page(viewport=DESKTOP, color_scheme=scheme)
        try:
            page.goto(site + PAGES["article"])
            colours[scheme] = page.locator("body").evaluate("e => getComputedStyle(e).backgroundColor")
        finally:
            page.close()
    assert colours == {"light": "rgb(255, 255, 255)", "dark": "rgb(18, 18, 18)"}


def test_the_check_can_fail(browser, site):
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.goto(site + PAGES["home"])
        page.evaluate(
            "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/x.png\">')"
        )
        assert any(line.startswith("image-alt (critical)") for line in serious_violations(page))
    finally:
        page.close()
