"""What a write changed for the public, recorded as change events in the write's own transaction.

The one rule of the outbox (models/changes.py). Before and after a write, an article is one of: not
public (a draft, in review, unpublished), scheduled (published, its time still ahead) or seen (public
now). What the write records follows from the two:

- not public or scheduled -> seen or scheduled: "published", at the publication time or now;
- seen -> seen, with a reader's field changed: "updated" now (corrections and live updates: their own);
- seen -> not public, or moved ahead to a time to come: "unpublished" now (and "published" again later);
- deleted once seen: "deleted".

An event whose moment has not come (a scheduled publication) is taken back whenever the article's
schedule changes, so the feed never tells of a publication that did not happen.
"""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from ..models import Article, ChangeEvent, Correction, Status

Change = ChangeEvent.Change
# What a save can change that the public does not see: the import's fingerprint.
UNSEEN = {"source_checksum"}


def saved(article, stored, changed):
    """Record what save_article's write of `article` changed; `stored` is its row before (or None)."""
    now = timezone.now()
    was_seen = stored is not None and visible(stored["status"], stored["published_at"], now)
    was_pending = stored is not None and stored["status"] == Status.PUBLISHED and not was_seen
    is_published = article.status == Status.PUBLISHED
    if was_pending and (not is_published or article.published_at != stored["published_at"]):
        _take_back(article.pk, now)
        was_pending = False
    events = []
    if was_seen and not visible(article.status, article.published_at, now):
        events.append(ChangeEvent(article_id=article.pk, change=Change.UNPUBLISHED, at=now))
    if (
        is_published
        and not was_pending
        and not (was_seen and visible(article.status, article.published_at, now))
    ):
        events.append(
            ChangeEvent(article_id=article.pk, change=Change.PUBLISHED, at=max(article.published_at, now))
        )
    elif was_seen and is_published and article.published_at <= now and changed - UNSEEN:
        events.append(ChangeEvent(article_id=article.pk, change=Change.UPDATED, at=now))
    ChangeEvent.objects.bulk_create(events)


def created(articles):
    """Record the publications among a batch of new articles (the importer's)."""
    now = timezone.now()
    ChangeEvent.objects.bulk_create(
        ChangeEvent(article_id=article.pk, change=Change.PUBLISHED, at=max(article.published_at, now))
        for article in articles
        if article.status == Status.PUBLISHED
    )


def touched(article, change=Change.UPDATED):
    """Record a change made beside the article's own fields (a live update, a correction) when the
    public sees the article."""
    now = timezone.now()
    if visible(article.status, article.published_at, now):
        ChangeEvent.objects.create(article_id=article.pk, change=change, at=now)


def visible(status, published_at, now):
    """Public now: published, at a time that has come."""
    return status == Status.PUBLISHED and published_at is not None and published_at <= now


def _take_back(article_id, now):
    ChangeEvent.objects.filter(article_id=article_id, at__gt=now).delete()


def _correction_saved(sender, instance, created, **kwargs):
    if created:
        touched(instance.article, Change.CORRECTED)


def _article_deleted(sender, instance, **kwargs):
    now = timezone.now()
    _take_back(instance.pk, now)
    if visible(instance.status, instance.published_at, now):
        ChangeEvent.objects.create(article_id=instance.pk, change=Change.DELETED, at=now)


post_save.connect(_correction_saved, sender=Correction, dispatch_uid="changes-correction")
post_delete.connect(_article_deleted, sender=Article, dispatch_uid="changes-article-deleted")
