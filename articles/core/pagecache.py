"""The page cache's write side: what retires the cached public pages, on every app server at once.

Two ways to retire, both read by every server from the shared cache:

- Precisely, by tag. Every cached answer names what it shows (its tags: the articles in it, the list
  it is, the front page) and the retirement clock's reading before it was rendered. retire(tags), on
  commit, moves the clock on and stamps each tag with the new reading; an answer is good while none of
  its tags carries a stamp later than its own reading. So an update to one story retires the answers
  that show it and nothing else. The clock lives under "page-cache:clock", a tag's stamp under
  "page-cache:tag:<tag>".
- Everything at once: one site-wide content version, under "page-cache:version" as a (version, next
  change) record, that every answer must match. Bumping it (content_changed() without tags) retires
  every page: for what every page shows (the menu, the breaking strip, a section's name). The record
  also holds the next moment a page changes without any write (a timestamp, or None): a scheduled
  publication, or a front-page slot or breaking-news strip expiring; once it has passed, the record is
  refreshed into a new version.

The request side, which stores and answers the pages, is public/middleware.py.
"""

import hashlib
import logging
import secrets
import time
from functools import partial

from django.core.cache import caches
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from taggit.models import Tag

from accounts.models import Author, AuthorLink

from ..models import Article, BreakingNews, Correction, FrontPageSlot, Section, SlugRedirect
from . import frontpage, purges

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
VERSION_KEY = "page-cache:version"
CLOCK_KEY = "page-cache:clock"
TAG_KEY_PREFIX = "page-cache:tag:"

# Tags: what an answer shows. An answer that names none is EVERYTHING's, retired by any change.
EVERYTHING = "all"
LATEST = "latest"  # the lists of the newest articles, filtered or not: a publication changes them
FRONT = "front"  # the editors' line-up on the front page
SEARCH = "search"  # search results: any change to a public article's words may change them
SITEMAP = "sitemap"  # the sitemaps: every public article's address and time
MISSING = "missing"  # 404s and old addresses' redirects: a publication or a new slug may fill them


def article_tag(pk):
    return f"a{pk}"


def reading_tag(pk):
    """The article's own page, which alone shows its reading lists."""
    return f"r{pk}"


def section_tag(pk):
    return f"s{pk}"


def topic_tag(pk):
    return f"t{pk}"


def author_tag(pk):
    return f"p{pk}"


def tag_key(tag):
    return TAG_KEY_PREFIX + tag


def shows(response, *tags, articles=()):
    """Mark `response` as showing `tags` and `articles`, for the page cache (and the CDN) to retire
    it when one of them changes. Returns the response."""
    response.page_cache_tags = {
        *getattr(response, "page_cache_tags", ()),
        *tags,
        *(article_tag(article.pk) for article in articles if article is not None),
    }
    return response


# The content version


def content_changed(using=None, tags=None):
    """Something a reader can see has changed: once this transaction commits, retire the cached
    answers that show any of `tags`, or every cached page when `tags` is None.

    Cheap per transaction: every call made before a commit adds to one pending retirement, and the
    first of their on-commit callbacks to run retires all of it at once (the others return at once).
    Outside a transaction it happens at once.
    """
    connection = transaction.get_connection(using)
    pending = getattr(connection, "_page_cache_pending", None)
    if pending is None:
        pending = connection._page_cache_pending = _Pending()
    if tags is None:
        pending.everything = True
    else:
        pending.tags.update(tags)
    # One callback per call, not per transaction: a savepoint that rolls back drops the callbacks
    # registered inside it, and whichever callback survives does the work (retiring a little more
    # than a rolled-back savepoint needed costs a render, never a stale page).
    transaction.on_commit(partial(_committed, connection, pending), using=using, robust=True)


class _Pending:
    __slots__ = ("done", "everything", "tags")

    def __init__(self):
        self.done = False
        self.everything = False
        self.tags = set()


def _committed(connection, pending):
    if pending.done:
        return
    pending.done = True
    if getattr(connection, "_page_cache_pending", None) is pending:
        connection._page_cache_pending = None
    if pending.everything:
        bump_version()
    else:
        retire(pending.tags)


def retire(tags, cache=None):
    """Retire now, on every server, the cached answers showing any of `tags` (and every answer that
    named no tags): the clock moves on and each tag is stamped with its new reading."""
    cache = cache or caches[CACHE_ALIAS]
    try:
        reading = tick(cache)
        # No timeout: a stamp that vanished would make old answers good again; a missing one is a miss.
        cache.set_many({tag_key(tag): reading for tag in {*tags, EVERYTHING}}, None)
        # Once more: a process that read the first reading before these stamps were written, and
        # proved its hot copies with the old stamps, sees the clock move again and proves them anew.
        tick(cache)
    except Exception:
        # The cache away: nothing it holds is answered either (the middleware answers without it).
        logger.warning("page cache unreachable; could not retire %s", sorted(tags), exc_info=True)
        reading = None
    purges.later({*tags, EVERYTHING})
    return reading


def tick(cache):
    """The retirement clock, moved on by one. Made from the wall clock in milliseconds when the cache
    has none, so that a flushed cache's new clock still reads later than any stamp left."""
    try:
        return cache.incr(CLOCK_KEY)
    except ValueError:
        cache.add(CLOCK_KEY, time.time_ns() // 1_000_000, None)
        return cache.incr(CLOCK_KEY)


def clock_reading(found, cache):
    """The clock's reading from a get_many that asked for CLOCK_KEY, made when the cache had none."""
    reading = found.get(CLOCK_KEY)
    if reading is None:
        cache.add(CLOCK_KEY, time.time_ns() // 1_000_000, None)
        reading = cache.get(CLOCK_KEY)
    return reading


def bump_version(cache=None):
    """Start a new content version now: every cached page is retired, on every app server, and at
    the CDN."""
    record = (secrets.token_hex(8), next_change())
    (cache or caches[CACHE_ALIAS]).set(VERSION_KEY, record, None)
    purges.later({purges.SITE})
    return record


def reschedule(cache=None):
    """A write changed what is scheduled: when the next moment now comes sooner than the record's,
    start a new version with it (a moment later than needed only retires everything once, early)."""
    cache = cache or caches[CACHE_ALIAS]
    record = cache.get(VERSION_KEY)
    upcoming = next_change()
    if record is None or (upcoming is not None and (record[1] is None or upcoming < record[1])):
        bump_version(cache)


def next_change():
    """The next moment a page changes without a write, as a timestamp, or None: a scheduled article
    becoming visible, or a front-page slot or the breaking-news strip expiring."""
    first = Article.objects.scheduled().aggregate(first=Min("published_at"))["first"]
    moments = [moment for moment in (first, frontpage.next_expiry()) if moment is not None]
    return min(moments).timestamp() if moments else None


def current_record(cache, record=None):
    """The current (version, next change) record: `record` as just read, or the cache's; made when
    the cache has none (first start, flush, eviction), moved on when its scheduled moment has passed."""
    if record is None:
        record = cache.get(VERSION_KEY)
    if record is None:
        return _new_record(cache)
    if record[1] is not None and record[1] <= timestamp():
        return _after_publication(cache, record)
    return record


def _new_record(cache):
    record = (secrets.token_hex(8), next_change())
    if cache.add(VERSION_KEY, record, None):
        return record
    # Another server made one meanwhile: use theirs, so that both store pages under the same version.
    return cache.get(VERSION_KEY) or record


def _after_publication(cache, record):
    """The record's scheduled moment has passed: the next version, the same on every server doing this."""
    version, moment = record
    successor = hashlib.blake2b(f"{version}@{moment}".encode(), digest_size=8).hexdigest()
    record = (successor, next_change())
    cache.set(VERSION_KEY, record, None)
    return record


def timestamp():
    return timezone.now().timestamp()


# Signals: every model a reader can see


# Articles, their bylines and tags are written only through editing/articles.py, which retires what a
# change shows (core/invalidation.py; a draft's save or autosave keeps every cached page). What the
# desk edits elsewhere, and any deletion, retires pages through these signals: the tags of what it
# is shown in, or everything for what every page shows (the menu, the breaking strip, names).
def _retire_everything(sender, using=None, **kwargs):
    content_changed(using)


def _retire_article(sender, instance, using=None, **kwargs):
    content_changed(using, tags={article_tag(instance.article_id)})


def _retire_missing(sender, using=None, **kwargs):
    content_changed(using, tags={MISSING})


def _retire_front(sender, using=None, **kwargs):
    content_changed(using, tags={FRONT})
    transaction.on_commit(reschedule, using=using, robust=True)  # a slot may end at a set time


RETIRES = {
    Section: _retire_everything,
    Author: _retire_everything,
    AuthorLink: _retire_everything,
    Tag: _retire_everything,
    BreakingNews: _retire_everything,
    Correction: _retire_article,
    SlugRedirect: _retire_missing,
    FrontPageSlot: _retire_front,
}
for _model, _receiver in RETIRES.items():
    _label = _model._meta.label
    post_save.connect(_receiver, sender=_model, dispatch_uid=f"page-cache-save-{_label}")
    post_delete.connect(_receiver, sender=_model, dispatch_uid=f"page-cache-delete-{_label}")
post_delete.connect(_retire_everything, sender=Article, dispatch_uid="page-cache-delete-articles.Article")
