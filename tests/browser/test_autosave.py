"""No copy lost, in a real Chromium: the form autosaves as a reporter types, asks before the page is
left with edits not saved, and after a closed tab offers the text back."""

import pytest

from articles.models import Article, Autosave
from articles.models import Image as LibraryImage
from tests.chromium import DESKTOP
from tests.factories import make_author, make_section
from tests.staff import PASSWORD, make_reporter, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(live_server, browser, settings):
    settings.AUTOSAVE_SECONDS = 1  # the ~30 s of typing, shortened for the test
    make_section("City")
    make_reporter("rita", with_author=True)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "rita")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#content")
    yield live_server.url, context, page
    context.close()


def body_editor(page):
    return page.locator(".prose-editor > .ProseMirror")


def test_a_closed_tab_loses_nothing_and_leaving_asks_first(desk, screenshots):
    base, context, page = desk
    page.goto(f"{base}/admin/articles/article/add/")
    page.fill("#id_headline", "Fire at the docks")
    body_editor(page).click()
    page.keyboard.type("Crews worked through the night.")
    # Typing alone autosaves once the interval has passed, without leaving the field.
    page.wait_for_function(
        "document.querySelector('.desk-autosave__status').textContent.startsWith('Autosaved at')"
    )
    assert Autosave.objects.get(article=None).data["headline"] == "Fire at the docks"

    # Leaving with edits asks first; staying keeps everything typed.
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="Articles", exact=True).first.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith("/admin/articles/article/add/")
    assert page.input_value("#id_headline") == "Fire at the docks"

    # The tab dies (no save, no prompt); a new one offers the text back.
    page.close(run_before_unload=False)
    page = context.new_page()
    page.goto(f"{base}/admin/articles/article/add/")
    offer = page.locator(".desk-recovery")
    assert "Unsaved text from" in offer.inner_text()
    page.screenshot(path=screenshots / "desk-autosave-offer.png", full_page=True)
    offer.get_by_role("link", name="Restore it").click()
    assert page.input_value("#id_headline") == "Fire at the docks"
    assert "Crews worked through the night." in body_editor(page).inner_text()
    page.fill("#id_slug", "fire-at-the-docks")
    page.click("input[name=_continue]")
    assert "was added successfully" in page.locator("ul.messagelist").inner_text()
    article = Article.objects.get()
    assert article.headline == "Fire at the docks" and "Crews worked" in article.body
    assert not Autosave.objects.exists(), "pruned once saved"

    # Editing the saved article: leaving a field autosaves; the article itself is untouched.
    version = article.version
    page.fill("#id_dek", "Three warehouses burnt down.")
    page.locator("#id_dateline").focus()
    page.wait_for_function(
        "document.querySelector('.desk-autosave__status').textContent.startsWith('Autosaved at')"
    )
    assert Autosave.objects.get(article=article).data["dek"] == "Three warehouses burnt down."
    article.refresh_from_db()
    assert article.version == version and article.dek == ""

    # Discarding it from the offer leaves the saved article as it was.
    page.close(run_before_unload=False)
    page = context.new_page()
    page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    with page.expect_navigation():
        page.get_by_role("button", name="Discard it").click()
    page.wait_for_selector("#article_form")
    assert page.locator(".desk-recovery").count() == 0
    assert not Autosave.objects.exists()


def test_restoring_after_a_closed_tab_brings_back_every_field_and_saves_it_all(desk, screenshots, tmp_path):
    base, context, page = desk
    make_author("Ana Colleague")
    picture = tmp_path / "harbour.png"
    picture.write_bytes(png_bytes(800, 450))
    page.goto(f"{base}/admin/articles/article/add/")
    # The writer's own byline is there already; a colleague is added below it.
    assert "Rita" in page.locator("#bylines-group").inner_text()
    page.fill("#id_headline", "Dockers walk out")
    page.fill("#id_dek", "A strike at dawn.")
    page.fill("#id_dateline", "NORTHPORT —")
    body_editor(page).click()
    page.keyboard.type("Pickets at gate four.")
    page.fill("#id_topics", "Labour unions, Ports")
    page.set_input_files("#id_lead_image_upload", str(picture))
    page.fill("#id_lead_image_alt", "Pickets at the gate")
    page.fill("#id_lead_image_caption", "Gate four at dawn")
    page.fill("#id_lead_image_credit", "R. Photo")
    page.fill("#id_seo_title", "Northport dockers strike")
    page.fill("#id_seo_description", "Why the port stopped.")
    page.fill("#id_social_headline", "The port is shut")
    page.locator("#bylines-group .add-row a").click()
    page.locator("#bylines-1 .select2-selection").click()
    page.locator(".select2-search__field").fill("Ana")
    page.locator(".select2-results__option", has_text="Ana Colleague").click()
    page.fill("#id_bylines-1-order", "1")
    page.locator("#id_headline").focus()
    # The upload joins the library with the autosave and stays chosen in the form.
    page.wait_for_function("document.getElementById('id_lead_image').value !== ''")
    page.wait_for_function(
        "document.querySelector('.desk-autosave__status').textContent.startsWith('Autosaved at')"
    )
    chosen = LibraryImage.objects.get()  # once, however many autosaves went out meanwhile

    page.close(run_before_unload=False)
    page = context.new_page()
    page.goto(f"{base}/admin/articles/article/add/")
    page.locator(".desk-recovery").get_by_role("link", name="Restore it").click()
    page.wait_for_selector(".prose-editor > .ProseMirror")
    assert page.input_value("#id_topics") == "Labour unions, Ports"
    assert page.input_value("#id_lead_image") == str(chosen.pk)
    assert page.input_value("#id_seo_title") == "Northport dockers strike"
    assert "Ana Colleague" in page.locator("#bylines-group").inner_text()
    # The previews are drawn from the restored fields, not from an empty form.
    assert page.locator("[data-preview=title]").inner_text() == "Northport dockers strike"
    assert page.locator("[data-preview=url]").inner_text().endswith("/articles/dockers-walk-out/")
    assert page.locator("[data-preview=image]").is_visible()
    assert "restore" not in page.url
    page.screenshot(path=screenshots / "desk-autosave-restored.png", full_page=True)
    page.click("input[name=_continue]")
    assert "was added successfully" in page.locator("ul.messagelist").inner_text()

    article = Article.objects.get()
    assert (article.headline, article.dek, article.dateline) == (
        "Dockers walk out",
        "A strike at dawn.",
        "NORTHPORT —",
    )
    assert "Pickets at gate four." in article.body
    assert [tag.name for tag in article.topics] == ["Labour unions", "Ports"]
    assert article.lead_image == chosen
    assert (article.lead_image_alt, article.lead_image_caption, article.lead_image_credit) == (
        "Pickets at the gate",
        "Gate four at dawn",
        "R. Photo",
    )
    assert (article.seo_title, article.seo_description, article.social_headline) == (
        "Northport dockers strike",
        "Why the port stopped.",
        "The port is shut",
    )
    assert [byline.author.name for byline in article.bylines.order_by("order")] == ["Rita", "Ana Colleague"]
