"""The outbox: every change to what the public sees is a change event, written in the change's own
transaction, with the moment the public sees it (core/changes.py)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.desk import live, workflow
from articles.models import Article, ChangeEvent, Status
from tests.factories import make_article, save
from tests.staff import make_editor

pytestmark = pytest.mark.django_db


def events(article_id=None):
    found = (
        ChangeEvent.objects.all() if article_id is None else ChangeEvent.objects.filter(article_id=article_id)
    )
    return [event.change for event in found]


def test_a_publication_an_update_and_an_unpublication():
    article = make_article()
    assert events(article.pk) == ["published"]
    article.headline = "A better headline"
    save(article)
    article.status = Status.DRAFT
    save(article)
    assert events(article.pk) == ["published", "updated", "unpublished"]


def test_drafts_and_unseen_changes_record_nothing():
    draft = make_article(status=Status.DRAFT)
    draft.headline = "Still a draft"
    save(draft)
    public = make_article()
    public.source_checksum = "a new fingerprint"
    save(public)
    assert events(draft.pk) == [] and events(public.pk) == ["published"]


def test_a_scheduled_publication_is_told_at_its_time_and_taken_back_if_moved():
    soon = timezone.now() + timedelta(hours=2)
    article = make_article(published_at=soon)
    (event,) = ChangeEvent.objects.filter(article_id=article.pk)
    assert (event.change, event.at) == ("published", soon)
    later = soon + timedelta(days=1)
    article.published_at = later
    save(article)
    assert list(ChangeEvent.objects.filter(article_id=article.pk).values_list("change", "at")) == [
        ("published", later)
    ]
    article.status = Status.DRAFT
    save(article)
    assert events(article.pk) == []  # the public never saw it: nothing to tell


def test_a_public_article_moved_ahead_is_unpublished_now_and_published_at_its_time():
    article = make_article()
    ahead = timezone.now() + timedelta(days=1)
    article.published_at = ahead
    save(article)
    assert list(ChangeEvent.objects.filter(article_id=article.pk).values_list("change", flat=True)) == [
        "published",
        "unpublished",
        "published",
    ]
    assert ChangeEvent.objects.filter(article_id=article.pk).last().at == ahead


def test_corrections_live_updates_and_deletion():
    editor = make_editor()
    article = make_article()
    workflow.add_correction(article, editor, "correction", "The vote was 5 to 4, not 6 to 3.")
    live.start(article, editor)
    live.post(article, editor, text="<p>The count goes on.</p>")
    pk = article.pk
    Article.objects.get(pk=pk).delete()
    assert events(pk) == ["published", "corrected", "updated", "updated", "live_posted", "deleted"]


def test_deleting_a_draft_or_a_scheduled_article_tells_nothing_and_takes_back_its_publication():
    draft = make_article(status=Status.DRAFT)
    scheduled = make_article(published_at=timezone.now() + timedelta(hours=1))
    ids = [draft.pk, scheduled.pk]
    draft.delete()
    scheduled.delete()
    assert not ChangeEvent.objects.filter(article_id__in=ids).exists()


def test_a_refused_save_leaves_no_event():
    article = make_article()
    article.status, article.published_at = Status.PUBLISHED, None
    with pytest.raises(ValidationError):
        save(article)
    assert events(article.pk) == ["published"]
