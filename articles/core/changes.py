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

Beside the article's own changes, what webhooks are told of and the feed does not list: a live update
posted, live coverage ended, a breaking strip up or down (at its expiry too), the front page changed
(when a slot runs out too). Whoever tells of events listens to `recorded` (the webhooks do), so this
layer never imports them.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal
from django.utils import timezone

from ..models import Article, BreakingNews, ChangeEvent, Correction, Status

Change = ChangeEvent.Change
# Sent with `events`, the ChangeEvents just written (in the write's transaction, not yet committed).
recorded = Signal()
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
    _record(events)


def created(articles):
    """Record the publications among a batch of new articles (the importer's)."""
    now = timezone.now()
    _record(
        [
            ChangeEvent(article_id=article.pk, change=Change.PUBLISHED, at=max(article.published_at, now))
            for article in articles
            if article.status == Status.PUBLISHED
        ]
    )


def touched(article, change=Change.UPDATED, item_id=None):
    """Record a change made beside the article's own fields (a live update, a correction, the end of
    live coverage) when the public sees the article."""
    now = timezone.now()
    if visible(article.status, article.published_at, now):
        _record([ChangeEvent(article_id=article.pk, change=change, item_id=item_id, at=now)])


def front_page_arranged(before, after, ends):
    """The editors' line-up went from `before` to `after` (comparable lists of its slots); `ends` are
    the moments a slot of it runs out by itself, each told at its moment (taken back by the next
    arrangement)."""
    now = timezone.now()
    ChangeEvent.objects.filter(change=Change.FRONT_PAGE, at__gt=now).delete()
    events = [ChangeEvent(change=Change.FRONT_PAGE, at=now)] if before != after else []
    events += [ChangeEvent(change=Change.FRONT_PAGE, at=end) for end in sorted(set(ends)) if end > now]
    _record(events)


def visible(status, published_at, now):
    """Public now: published, at a time that has come."""
    return status == Status.PUBLISHED and published_at is not None and published_at <= now


def _record(events):
    if events:
        ChangeEvent.objects.bulk_create(events)
        recorded.send(sender=ChangeEvent, events=events)


def _take_back(article_id, now):
    ChangeEvent.objects.filter(article_id=article_id, at__gt=now).delete()


def _breaking_before(sender, instance, raw=False, **kwargs):
    stored = None if raw or instance.pk is None else BreakingNews.objects.filter(pk=instance.pk).first()
    instance._was_showing = stored is not None and stored.is_showing


def _breaking_saved(sender, instance, raw=False, **kwargs):
    """A strip up now, down now, or down at its expiry (taken back if the strip changes first)."""
    if raw:
        return
    now = timezone.now()
    ChangeEvent.objects.filter(item_id=instance.pk, change=Change.BREAKING_ENDED, at__gt=now).delete()
    showing, was_showing = instance.is_showing, getattr(instance, "_was_showing", False)
    events = []
    if showing and not was_showing:
        events.append(ChangeEvent(change=Change.BREAKING_STARTED, item_id=instance.pk, at=now))
    if was_showing and not showing:
        events.append(ChangeEvent(change=Change.BREAKING_ENDED, item_id=instance.pk, at=now))
    if showing and instance.expires_at is not None:
        events.append(ChangeEvent(change=Change.BREAKING_ENDED, item_id=instance.pk, at=instance.expires_at))
    _record(events)


def _breaking_deleted(sender, instance, **kwargs):
    now = timezone.now()
    ChangeEvent.objects.filter(item_id=instance.pk, change=Change.BREAKING_ENDED, at__gt=now).delete()
    if instance.is_showing:
        _record([ChangeEvent(change=Change.BREAKING_ENDED, item_id=instance.pk, at=now)])


def _correction_saved(sender, instance, created, **kwargs):
    if created:
        touched(instance.article, Change.CORRECTED)


def _article_deleted(sender, instance, **kwargs):
    now = timezone.now()
    _take_back(instance.pk, now)
    if visible(instance.status, instance.published_at, now):
        _record([ChangeEvent(article_id=instance.pk, change=Change.DELETED, at=now)])


post_save.connect(_correction_saved, sender=Correction, dispatch_uid="changes-correction")
post_delete.connect(_article_deleted, sender=Article, dispatch_uid="changes-article-deleted")
pre_save.connect(_breaking_before, sender=BreakingNews, dispatch_uid="changes-breaking-before")
post_save.connect(_breaking_saved, sender=BreakingNews, dispatch_uid="changes-breaking-saved")
post_delete.connect(_breaking_deleted, sender=BreakingNews, dispatch_uid="changes-breaking-deleted")
