"""Emails about the workflow, and scheduled publication with no cron job, in the newsroom's time zone."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from articles.core.permissions import Refused, can_edit
from articles.desk import workflow
from articles.models import Article
from tests.factories import make_article, make_author, save
from tests.staff import make_editor, make_reporter, make_user

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
    assert not can_edit(desk["rita"], article), "in review the text is the editors'"
    client.force_login(desk["rita"])
    # The test client commits each request (tests/conftest.py): the email goes out after it.
    response = client.post(
        f"/admin/articles/article/{article.pk}/move/", {"move": "withdraw", "note": "Typo in the quote."}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == "draft" and can_edit(desk["rita"], article)
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
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Refused):
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


# Links, the public address, "Now live", the returned note, the recent actions


def test_every_email_link_is_absolute_and_publication_mails_carry_the_public_address(
    desk, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_LINK_ORIGIN = "https://news.example.org"
    article = in_review(desk["rita"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move("publish", article, desk["eddie"])
    body = mailoutbox[0].body
    assert f"Read it: https://news.example.org/articles/{article.slug}/" in body
    assert f"On the desk: https://news.example.org/admin/articles/article/{article.pk}/change/" in body
    links = [word for word in body.split() if "/" in word]
    assert links and all(link.startswith("https://news.example.org/") for link in links)


def test_a_scheduled_story_going_live_tells_its_reporters_once_through_the_queue(
    desk, mailoutbox, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    settings.EMAIL_LINK_ORIGIN = "http://127.0.0.1:8000"

    def run_worker():
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())

    article = in_review(desk["rita"])
    start = timezone.now()
    moment = (start + timedelta(hours=2)).replace(microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move("schedule", article, desk["eddie"], publish_at=moment)
    run_worker()
    assert [mail.subject for mail in mailoutbox] == ["[Newsroom] Scheduled: Bus lanes"]
    waiting = DBTaskResult.objects.get(task_path="articles.desk.workflow.announce_live")
    assert waiting.run_after == moment, "queued for its moment, not before"

    monkeypatch.setattr(timezone, "now", lambda: moment + timedelta(seconds=5))
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
    live = [mail for mail in mailoutbox if mail.subject == "[Newsroom] Now live: Bus lanes"]
    assert [mail.to for mail in live] == [["rita@example.org"]]
    assert f"Read it: http://127.0.0.1:8000/articles/{article.slug}/" in live[0].body
    # Once: a second run of the same notice (a retry, a duplicate) finds it announced.
    assert workflow.went_live(article.pk, moment) == "already announced"
    assert article.transitions.filter(name="live").count() == 1


def test_a_rescheduled_or_unpublished_story_is_not_announced_at_its_old_time(desk):
    article = in_review(desk["rita"])
    moment = timezone.now() + timedelta(hours=1)
    workflow.move("schedule", article, desk["eddie"], publish_at=moment)
    later = moment + timedelta(hours=1)
    workflow.move("schedule", article, desk["eddie"], publish_at=later)
    assert workflow.went_live(article.pk, moment, now=moment) == "unpublished or rescheduled since"
    assert workflow.went_live(article.pk, later, now=later - timedelta(minutes=1)) == "not yet"
    workflow.move("unpublish", article, desk["eddie"])
    assert workflow.went_live(article.pk, later, now=later) == "unpublished or rescheduled since"
    assert not article.transitions.filter(name="live").exists()


def test_the_reporters_desk_shows_who_returned_a_story_and_why(client, desk):
    article = in_review(desk["rita"])
    workflow.move("return", article, desk["eddie"], "Add the vote count, please.")
    client.force_login(desk["rita"])
    overview = client.get("/admin/").content.decode()
    mine = overview[overview.index('id="desk-mine"') :]
    assert "Returned by eddie: Add the vote count, please." in mine
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "Returned by eddie</strong>: Add the vote count, please." in page
    # Submitted again, the note is history, not news.
    workflow.move("submit", article, desk["rita"])
    workflow.move("withdraw", article, desk["rita"])
    assert "Returned by" not in client.get("/admin/").content.decode()


def test_workflow_moves_appear_in_the_admins_recent_actions(client, desk):
    article = in_review(desk["rita"])
    client.force_login(desk["eddie"])
    client.post(f"/admin/articles/article/{article.pk}/move/", {"move": "return", "note": "Needs a quote."})
    client.post(
        "/admin/articles/article/",
        {"action": "submit_selected", "_selected_action": [article.pk]},
    )
    entry = LogEntry.objects.filter(object_id=str(article.pk)).order_by("action_time").first()
    assert entry.user == desk["eddie"] and entry.get_change_message() == "Return to draft: Needs a quote."
    index = client.get("/admin/").content.decode()
    assert "Bus lanes" in index[index.index('id="recent-actions-module"') :]
