"""Slow side effects run outside the request, after commit, are retried, and fail where an operator sees."""

import io
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from articles.core import images
from articles.core.search import search
from articles.desk import workflow
from articles.editing import indexing, library
from articles.editing.articles import save_article
from articles.editing.library import save_image
from articles.models import Article
from articles.models import Image as LibraryImage
from tests.factories import make_article, make_image
from tests.staff import make_editor, make_reporter, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings, monkeypatch):
    """The production set-up: tasks wait in the database until a worker runs them (no pause between tries)."""
    settings.TASK_BACKEND = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    monkeypatch.setattr("articles.core.background.FIRST_PAUSE", timedelta(0))
    # A real worker is a process of its own; this one shares the test's connection, which it must keep.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())


def test_a_workflow_move_queues_its_email_and_the_worker_sends_it(
    queue, mailoutbox, django_capture_on_commit_callbacks
):
    make_editor("eddie")
    rita = make_reporter("rita", with_author=True)
    article = make_article("Quiet story", status="draft", authors=[rita.author])

    with django_capture_on_commit_callbacks(execute=True):
        workflow.move("submit", article, rita, "Ready")
    assert mailoutbox == [], "the reporter's click does not wait for the mail server"
    queued = DBTaskResult.objects.filter(task_path="articles.desk.notifications.send_transition_emails")
    assert queued.ready().count() == 1

    run_worker()
    assert [message.to for message in mailoutbox] == [["eddie@example.org"]]
    assert queued.successful().count() == 1


def test_nothing_is_queued_by_a_save_that_rolls_back(queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_article("Never committed")
        raise RuntimeError("the editor's save failed")
    assert not DBTaskResult.objects.exists()


def test_a_failing_task_is_tried_again(monkeypatch):
    calls = []
    real = images.make_renditions

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) < 3:
            raise OSError("storage is down")
        return real(*args, **kwargs)

    monkeypatch.setattr("articles.core.images.make_renditions", flaky)
    image = make_image(640, 360)
    assert len(calls) == 3
    assert image.renditions, "the third try made them"


def test_a_task_that_keeps_failing_stops_and_is_listed_for_the_operator(queue, monkeypatch):
    def broken(article_ids):
        raise RuntimeError("search index unreachable")

    monkeypatch.setattr("articles.editing.reading.refresh", broken)
    make_article("Indexed later")
    run_worker()

    runs = DBTaskResult.objects.filter(task_path="articles.editing.indexing.refresh_articles")
    assert runs.count() == 4, "tried MAX_ATTEMPTS times, no more"
    assert runs.failed().count() == 1 and runs.successful().count() == 3
    out = io.StringIO()
    call_command("task_failures", stdout=out)
    assert "refresh_articles" in out.getvalue() and "search index unreachable" in out.getvalue()
    assert "1 failed task." in out.getvalue()


def test_old_renditions_go_only_once_the_new_file_is_committed():
    image = make_image(1600, 900, alt="First")
    old = [rendition["name"] for rendition in image.renditions]
    assert old

    with pytest.raises(RuntimeError), transaction.atomic():
        image.file = SimpleUploadedFile("second.png", png_bytes(900, 600))
        save_image(image)
        raise RuntimeError("the save failed after the row was written")
    assert all(default_storage.exists(name) for name in old), "the stored row still points at them"
    stored = LibraryImage.objects.get(pk=image.pk)
    assert [rendition["name"] for rendition in stored.renditions] == old


def test_renditions_of_a_file_replaced_meanwhile_are_not_kept(django_capture_on_commit_callbacks):
    image = make_image(640, 360)
    stale_version = library.rendition_version(image)
    LibraryImage.objects.filter(pk=image.pk).update(focal_x=0.2)
    before = list(LibraryImage.objects.get(pk=image.pk).renditions)
    assert library.make_renditions.call(image.pk, stale_version) == "the picture changed since"
    assert LibraryImage.objects.get(pk=image.pk).renditions == before


def test_a_save_rebuilds_the_search_document_once_bylines_and_tags_included(
    monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    real = indexing.reindex
    monkeypatch.setattr("articles.editing.indexing.reindex", lambda ids: calls.append(list(ids)) or real(ids))
    article = make_article("Harbour", status="draft")
    calls.clear()
    reporter = make_reporter("rita", with_author=True)
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "Harbour reopens"
        save_article(article, bylines=[reporter.author], tags=["Ports", "Weather"])
    assert calls == [[article.pk]]


def test_an_imported_byline_is_found_by_search(tmp_path, django_capture_on_commit_callbacks):
    # Reproduced on the old code: on PostgreSQL the byline was missing from the search document.
    story = tmp_path / "story.txt"
    story.write_text("Connect with us\n\nNews\n\nCouncil votes\n\nPublished\n\non\n\nThe council voted.\n")
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "import_article", str(story), "--publish", "--byline", "Quentin Blake", stdout=io.StringIO()
        )
    assert [article.headline for article in search(Article.objects.published(), "quentin")] == [
        "Council votes"
    ]
