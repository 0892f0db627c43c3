"""Emails about the workflow, and scheduled publication with no cron job, in the newsroom's time zone."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article
from tests.desk import make_editor, make_reporter, make_user
from tests.factories import make_article, make_author, save

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    rita = make_reporter("rita", with_author=True)
    return {"rita": rita, "eddie": make_editor("eddie"), "sue": make_user("sue", superuser=True)}


def in_review(rita):
    return make_article(
        "Bus lanes", status="review", dek="Standfirst.", authors=[rita.author], created_by=rita
    )


def test_submitting_tells_the_editors(desk, mailoutbox, django_capture_on_commit_callbacks):
    article = make_article("Bus lanes", status="draft", dek="Standfirst.", authors=[desk["rita"].author])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move("submit", article, desk["rita"], "Quotes checked.")

    assert sorted(mail.to[0] for mail in mailoutbox) == ["eddie@example.org", "sue@example.org"]
    mail = mailoutbox[0]
    assert mail.subject == "[Newsroom] Review requested: Bus lanes"
    assert "Quotes checked." in mail.body and f"/admin/articles/article/{article.pk}/change/" in mail.body


def test_a_reporter_withdraws_a_submission_edits_it_and_the_editors_hear(client, desk, mailoutbox):
    article = in_review(desk["rita"])
    assert not workflow.can_edit(desk["rita"], article), "in review the text is the editors'"
    client.force_login(desk["rita"])
    # The test client commits each request (tests/conftest.py): the email goes out after it.
    response = client.post(
        f"/admin/articles/article/{article.pk}/move/", {"move": "withdraw", "note": "Typo in the quote."}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == "draft" and workflow.can_edit(desk["rita"], article)
    assert sorted(mail.to[0] for mail in mailoutbox) == ["eddie@example.org", "sue@example.org"]
    assert mailoutbox[0].subject == "[Newsroom] Withdrawn from review: Bus lanes"
    assert "Typo in the quote." in mailoutbox[0].body
    page = client.get(f"/admin/articles/article/{article.pk}/change/", follow=True).content.decode()
    assert "Withdrawn to draft" in page


@pytest.mark.parametrize("move", ["return", "publish"])
def test_the_reporter_hears_when_their_article_is_returned_or_published(
    desk, mailoutbox, django_capture_on_commit_callbacks, move
):
    article = in_review(desk["rita"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move(move, article, desk["eddie"], "Nice work, one fix.")
    assert [mail.to for mail in mailoutbox] == [["rita@example.org"]]
    assert "Nice work, one fix." in mailoutbox[0].body


def test_nobody_is_emailed_about_their_own_move_or_an_unpublish(
    desk, mailoutbox, django_capture_on_commit_callbacks
):
    article = in_review(desk["rita"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move("publish", article, desk["eddie"])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move("unpublish", article, desk["eddie"])
    assert mailoutbox == []
    article.created_by = desk["eddie"]
    save(article)
    article.bylines.update(author=make_author("Eddie", user=desk["eddie"]))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move("submit", article, desk["eddie"])
        workflow.move("publish", article, desk["eddie"])
    assert [mail.to for mail in mailoutbox] == [["sue@example.org"]], "only the other editor hears"


def test_a_refused_move_sends_nothing(desk, mailoutbox, django_capture_on_commit_callbacks):
    article = in_review(desk["rita"])
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(workflow.MoveRefused):
        workflow.move("publish", article, desk["rita"])
    assert mailoutbox == []


def test_a_scheduled_article_appears_by_itself_at_its_time(client, desk, settings, monkeypatch):
    settings.TIME_ZONE = "America/New_York"
    article = in_review(desk["rita"])
    client.force_login(desk["eddie"])
    local_time = (timezone.now() + timedelta(days=30)).astimezone(timezone.get_default_timezone())
    entered = local_time.replace(hour=9, minute=30, second=0, microsecond=0)

    response = client.post(
        f"/admin/articles/article/{article.pk}/move/",
        {"move": "schedule", "publish_at": entered.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )

    article.refresh_from_db()
    # Entered as 09:30 in New York, stored in UTC (14:30 in winter, 13:30 in summer).
    assert article.published_at == entered.astimezone(UTC)
    assert article.published_at.tzinfo == UTC or article.published_at.utcoffset() == timedelta(0)
    message = str(next(iter(response.context["messages"])))
    assert "09:30 (America/New_York)" in message
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "Scheduled" in page and "09:30" in page

    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Bus lanes" not in client.get("/").content.decode()

    # No cron job and no worker: when the clock passes the time, the reader-side query lets it through.
    monkeypatch.setattr(timezone, "now", lambda: entered.astimezone(UTC) + timedelta(seconds=1))
    assert client.get(article.get_absolute_url()).status_code == 200
    assert "Bus lanes" in client.get("/").content.decode()
    assert Article.objects.get(pk=article.pk).status == "published"


def test_an_invalid_schedule_time_is_refused_with_a_message(client, desk):
    article = in_review(desk["rita"])
    client.force_login(desk["eddie"])
    for value in ["tomorrow-ish", datetime(2001, 1, 1, 9, 0).strftime("%Y-%m-%dT%H:%M")]:
        response = client.post(
            f"/admin/articles/article/{article.pk}/move/",
            {"move": "schedule", "publish_at": value},
            follow=True,
        )
        assert len(list(response.context["messages"])) == 1
    article.refresh_from_db()
    assert (article.status, article.published_at) == ("review", None)
