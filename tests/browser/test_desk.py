"""The whole desk in a real Chromium: a reporter writes and submits, an editor returns it, then publishes it."""

import pytest
from django.core import mail

from articles.models import Article
from tests.chromium import DESKTOP
from tests.factories import make_section
from tests.staff import PASSWORD, make_editor, make_reporter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(live_server, browser):
    make_section("City")
    make_reporter("rita", with_author=True)
    make_editor("eddie")
    page = browser.new_page(viewport=DESKTOP)
    page.set_default_timeout(15_000)
    yield live_server.url, page
    page.close()


def log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#content")


def flash(page):
    return page.locator("ul.messagelist").inner_text()


def test_reporter_submits_editor_returns_then_publishes(desk, screenshots):
    base, page = desk

    # The reporter writes a draft: rich-text body, section picked from the autocomplete.
    log_in(page, base, "rita")
    page.goto(f"{base}/admin/articles/article/add/")
    page.fill("#id_headline", "Council approves bus lanes on Main Street")
    page.fill("#id_dek", "The vote ends a two-year fight over parking.")
    page.click("#id_section + .select2 .select2-selection")
    page.keyboard.type("City")
    page.wait_for_selector(".select2-results__option--highlighted")
    page.keyboard.press("Enter")
    editor = page.locator(".prose-editor > .ProseMirror")
    editor.click()
    page.keyboard.type("The city council voted on Tuesday to approve bus lanes.")
    page.click("input[name=_continue]")
    assert "was added successfully" in flash(page)
    page.screenshot(path=screenshots / "desk-reporter-draft.png", full_page=True)

    # An unsaved edit is flagged before a workflow step.
    page.fill("#id_dateline", "SPRINGFIELD")
    assert page.locator(".desk-unsaved").is_visible()
    page.click("input[name=_continue]")

    page.fill("#move-note", "Ready for a look.")
    page.click("button[value=submit]")
    assert "Submitted for review" in flash(page)
    assert page.locator("button[value=publish]").count() == 0, "a reporter cannot publish"

    # The editor finds it on the overview and returns it with a note.
    log_in(page, base, "eddie")
    waiting = page.locator("#desk-review")
    assert "Council approves bus lanes" in waiting.inner_text()
    page.screenshot(path=screenshots / "desk-overview.png", full_page=True)
    waiting.get_by_role("link", name="Council approves bus lanes on Main Street").click()
    page.screenshot(path=screenshots / "desk-editor-review.png", full_page=True)
    page.fill("#move-note", "Add the vote count, please.")
    page.click("button[value=return]")
    assert "Returned to draft" in flash(page)

    # The reporter reads the note, fixes the story and submits again.
    log_in(page, base, "rita")
    article = Article.objects.get()
    page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    assert "Add the vote count, please." in page.locator(".desk-history").first.inner_text()
    page.locator(".prose-editor > .ProseMirror").click()
    page.keyboard.press("End")
    page.keyboard.type(" The vote was 7-2.")
    page.click("input[name=_continue]")
    page.click("button[value=submit]")
    assert "Submitted for review" in flash(page)

    # The editor publishes; readers see it.
    log_in(page, base, "eddie")
    page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    page.click("button[value=publish]")
    assert "Published" in flash(page)
    page.screenshot(path=screenshots / "desk-editor-published.png", full_page=True)

    page.context.clear_cookies()
    page.goto(f"{base}/articles/{article.slug}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Council approves bus lanes on Main Street"
    assert "The vote was 7-2." in page.locator(".article__body").inner_text()
    assert page.locator(".dateline").inner_text().startswith("SPRINGFIELD")
    assert "Rita" in page.locator(".article__meta").inner_text()

    article.refresh_from_db()
    assert [t.name for t in article.transitions.order_by("at", "id")] == [
        "submit",
        "return",
        "submit",
        "publish",
    ]
    assert article.revisions.count() == 3
    subjects = [message.subject for message in mail.outbox]
    assert subjects.count("[Newsroom] Review requested: Council approves bus lanes on Main Street") == 2
    assert "[Newsroom] Returned to draft: Council approves bus lanes on Main Street" in subjects
    assert "[Newsroom] Published: Council approves bus lanes on Main Street" in subjects
