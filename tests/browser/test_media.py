"""The media library in a real Chromium: choosing a lead picture in the picker window, inserting a
library picture and an embed into the body, clicking a focal point, and an embed that reaches its
provider only when the reader clicks it."""

import re
from urllib.parse import urlsplit

import pytest

from articles.models import Article, BodyImage, Image
from tests.chromium import DESKTOP, PHONE
from tests.factories import make_article, make_image, make_section
from tests.staff import PASSWORD, make_editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def desk(live_server):
    make_editor("eddie")
    harbour = make_image(
        1600, 900, alt="Boats in the harbour", caption="The harbour at dawn", credit="Photo: Desk"
    )
    make_image(1200, 800, alt="A goal", caption="The winning goal")
    article = make_article(
        "Harbour reopens after the storm",
        slug="harbour",
        section=make_section("World"),
        status="draft",
        dek="Boats are back.",
        body="<p>The harbour opened again this morning.</p>",
    )
    return {"url": live_server.url, "article": article, "harbour": harbour}


def logged_in(browser, base, **options):
    page = browser.new_page(viewport=DESKTOP, **options)
    page.set_default_timeout(15_000)
    # Nothing leaves the machine: every request to another host is refused, and noted.
    page.outside = []

    def only_here(route):
        host = urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            page.outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_here)
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "eddie")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    return page


def test_an_editor_chooses_the_lead_picture_in_the_picker(browser, desk, screenshots):
    base, article, harbour = desk["url"], desk["article"], desk["harbour"]
    page = logged_in(browser, base)
    try:
        page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
        with page.expect_popup() as opened:
            page.locator('[data-chooser="id_lead_image"] [data-chooser-open]').click()
        picker = opened.value
        picker.wait_for_load_state()
        assert picker.locator(".chooser-grid__item").count() == 2
        picker.fill("#chooser-q", "harbour")
        picker.get_by_role("button", name="Search").click()
        picker.wait_for_load_state()
        assert picker.locator(".chooser-grid__item").count() == 1
        picker.screenshot(path=screenshots / "desk-picker.png")
        with picker.expect_event("close"):
            picker.locator(".chooser-grid__item").first.click()

        chooser = page.locator('[data-chooser="id_lead_image"]')
        assert chooser.locator(".chooser__label").inner_text() == "The harbour at dawn"
        assert chooser.locator(".chooser__thumb").is_visible()
        assert page.locator("#id_lead_image").input_value() == str(harbour.pk)
        page.screenshot(path=screenshots / "desk-lead-chosen-1280.png", full_page=True)
        page.locator("input[name=_continue]").click()
        page.wait_for_load_state()
        assert Article.objects.get(pk=article.pk).lead_image_id == harbour.pk
    finally:
        page.close()


def test_an_editor_puts_a_library_picture_and_an_embed_in_the_body(browser, desk, screenshots):
    base, article, harbour = desk["url"], desk["article"], desk["harbour"]
    page = logged_in(browser, base)
    try:
        page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
        page.locator(".ProseMirror[contenteditable=true]").click()
        page.keyboard.press("End")
        page.keyboard.press("Enter")
        page.locator(".prose-menubar__button[title=figure]").click()
        dialog = page.locator("dialog[open]")
        with page.expect_popup() as opened:
            dialog.get_by_role("button", name="Browse...").click()
        picker = opened.value
        picker.wait_for_load_state()
        with picker.expect_event("close"):
            picker.locator(".chooser-grid__item", has_text="The harbour at dawn").click()
        assert dialog.locator("input[name=altText]").input_value() == "Boats in the harbour"
        assert dialog.locator("input[name=caption]").input_value() == "The harbour at dawn"
        dialog.get_by_role("button", name="Insert").click()
        assert page.locator(".ProseMirror[contenteditable=true] figure img").count() == 1

        page.once("dialog", lambda prompt: prompt.accept(VIDEO))
        page.get_by_role("button", name="Embed").click()
        assert page.locator(".ProseMirror[contenteditable=true] a", has_text=VIDEO).count() == 1
        page.locator("input[name=_continue]").click()
        page.wait_for_load_state()
        assert "was changed successfully" in page.locator("ul.messagelist").inner_text()

        saved = Article.objects.get(pk=article.pk)
        assert list(BodyImage.objects.filter(article=saved).values_list("image_id", flat=True)) == [
            harbour.pk
        ]
        assert 'class="embed embed--video"' in saved.body_html and "<picture>" in saved.body_html
        assert page.outside == [], "the desk fetched nothing from elsewhere"
    finally:
        page.close()


def test_a_click_sets_the_focal_point(browser, desk):
    base, harbour = desk["url"], desk["harbour"]
    page = logged_in(browser, base)
    try:
        page.goto(f"{base}/admin/articles/image/{harbour.pk}/change/")
        picture = page.locator(".focal__image")
        box = picture.bounding_box()
        picture.click(position={"x": box["width"] * 0.8, "y": box["height"] * 0.2})
        assert abs(float(page.locator("#id_focal_x").input_value()) - 0.8) < 0.01
        assert abs(float(page.locator("#id_focal_y").input_value()) - 0.2) < 0.01
        mark = page.locator(".focal__mark").bounding_box()
        assert abs(mark["x"] + mark["width"] / 2 - (box["x"] + box["width"] * 0.8)) < 1.5, (
            "the mark is centred on the point"
        )
        page.locator("input[name=_continue]").click()
        page.wait_for_load_state()
        harbour.refresh_from_db()
        assert (round(harbour.focal_x, 2), round(harbour.focal_y, 2)) == (0.8, 0.2)
        assert page.locator(".desk-shape").count() == 3
    finally:
        page.close()


@pytest.mark.parametrize(
    ("viewport", "scheme"), [(DESKTOP, "light"), (PHONE, "dark"), (PHONE, "light"), (DESKTOP, "dark")]
)
def test_a_reader_loads_an_embed_only_by_clicking_it(browser, desk, screenshots, viewport, scheme):
    base, harbour = desk["url"], desk["harbour"]
    figure = (
        f'<figure><img src="{harbour.file.url}" alt="Boats in the harbour" data-file="{harbour.pk}">'
        "<figcaption>The first boats leave at dawn.</figcaption></figure>"
    )
    make_article(
        "Boats return to the harbour",
        slug="boats",
        section=make_section("Local"),
        lead_image=harbour,
        dek="Fishermen went back to sea on Monday.",
        body=f"<p>The first boats left before sunrise.</p>{figure}<p>Watch the departure:</p>"
        f'<p><a href="{VIDEO}">{VIDEO}</a></p><p>More boats will follow this week.</p>',
    )
    page = browser.new_page(viewport=viewport, color_scheme=scheme)
    outside = []

    def only_here(route):
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_here)
    try:
        page.goto(f"{base}/articles/boats/")
        page.wait_for_load_state("networkidle")
        assert outside == [], "nothing reached a third party before the click"
        body_picture = page.locator(".article__body .figure img")
        assert body_picture.evaluate("img => img.complete && img.naturalWidth > 0")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        width = "1280" if viewport is DESKTOP else "375"
        page.screenshot(path=screenshots / f"article-body-media-{width}-{scheme}.png", full_page=True)
        page.get_by_role("button", name="Load the video").click()
        frame = page.locator(".embed iframe")
        frame.wait_for(state="attached")
        assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
        assert frame.get_attribute("title") == "Video from YouTube"
        page.wait_for_timeout(300)
        assert any(re.match(r"https://www\.youtube-nocookie\.com/embed/", url) for url in outside)
    finally:
        page.close()
    assert Image.objects.count() == 2


def test_the_writing_surface_fits_counts_and_saves_with_a_keystroke(browser, desk, screenshots):
    base, article = desk["url"], desk["article"]
    make_article("Pictured in the list", lead_image=desk["harbour"])
    page = logged_in(browser, base)
    try:
        page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
        editor = page.locator(".ProseMirror[contenteditable=true]")
        assert editor.bounding_box()["width"] >= 600, "room to write beside the panel at 1280 px"
        assert page.locator(".desk-panel").bounding_box()["x"] > editor.bounding_box()["x"]

        counters = page.locator(".desk-counter")
        assert counters.nth(0).inner_text() == "31 / 255 characters"
        page.fill("#id_dek", "x" * 310)
        assert counters.nth(1).inner_text() == "310 / 300 characters: 10 too many"
        page.fill("#id_dek", "Boats are back in the harbour.")
        editor.click()
        page.keyboard.press("End")
        page.keyboard.press("Enter")
        page.keyboard.type("What the harbour master said")
        page.get_by_role("button", name="Subhead").click()
        assert editor.locator("h2", has_text="What the harbour master said").count() == 1
        body_count = page.locator(".desk-counter--body").inner_text()
        assert body_count == "11 words · about 1 min to read"
        page.screenshot(path=screenshots / "desk-writing-1280.png")

        page.fill("#id_seo_title", "Harbour master speaks")
        page.fill("#id_social_headline", "What the harbour master said about the storm")
        assert page.locator("[data-preview=title]").inner_text() == "Harbour master speaks"
        assert (
            page.locator("[data-preview=social]").inner_text()
            == "What the harbour master said about the storm"
        )
        assert (
            page.locator("[data-preview=description]").first.inner_text() == "Boats are back in the harbour."
        )
        with page.expect_popup() as opened:
            page.locator('[data-chooser="id_social_image"] [data-chooser-open]').click()
        picker = opened.value
        picker.wait_for_load_state()
        with picker.expect_event("close"):
            picker.locator(".chooser-grid__item", has_text="The winning goal").click()
        assert page.locator("[data-preview=image]").is_visible()
        page.locator(".desk-previews").screenshot(path=screenshots / "desk-search-and-social.png")

        page.keyboard.press("Control+s")
        page.wait_for_load_state()
        page.locator("ul.messagelist").wait_for()
        saved = Article.objects.get(pk=article.pk)
        assert (
            "<h2>What the harbour master said</h2>" in saved.body
            and saved.dek == "Boats are back in the harbour."
        )

        page.goto(f"{base}/admin/articles/article/")
        headers = page.locator("#result_list thead th")
        assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
        for index in range(headers.count()):
            box = headers.nth(index).bounding_box()
            assert box["x"] + box["width"] <= DESKTOP["width"], headers.nth(index).inner_text()
        assert page.locator("#result_list img.desk-thumb").count() == 1
        page.screenshot(path=screenshots / "desk-list-1280.png")
    finally:
        page.close()
