"""The page cache's write side: what retires the cached public pages, on every app server at once.

One site-wide content version, stored in the shared cache under "page-cache:version" as a (version,
next change) record. Every page entry remembers the version it was rendered under, and a hit needs
it to be the current one, so bumping the version (content_changed(), on commit) retires every page
everywhere. The record also holds the next moment a page changes without any write (a timestamp, or
None): a scheduled publication, or a front-page slot or breaking-news strip expiring. Once it has
passed, the record is refreshed into a new version. The request side, which stores and answers the
pages, is public/middleware.py.
"""

import hashlib
import secrets
from functools import partial

from django.core.cache import caches
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from taggit.models import Tag

from accounts.models import Author, AuthorLink

from ..models import Article, BreakingNews, Correction, FrontPageSlot, Section, SlugRedirect
from . import frontpage

CACHE_ALIAS = "default"
VERSION_KEY = "page-cache:version"


# The content version


def content_changed(using=None):
    """Something a reader can see has changed: retire every cached page once this transaction commits.

    Cheap and idempotent per transaction: every call made before a commit shares one pending marker, and
    the first of their on-commit callbacks to run bumps the version once for all of them (the others
    return at once). Outside a transaction the bump happens at once.
    """
    connection = transaction.get_connection(using)
    pending = getattr(connection, "_page_cache_pending", None)
    if pending is None:
        pending = connection._page_cache_pending = _Pending()
    # One callback per call, not per transaction: a savepoint that rolls back drops the callbacks
    # registered inside it, and whichever callback survives does the bump.
    transaction.on_commit(partial(_committed, connection, pending), using=using, robust=True)


class _Pending:
    __slots__ = ("done",)

    def __init__(self):
        self.done = False


def _committed(connection, pending):
    if pending.done:
        return
    pending.done = True
    if getattr(connection, "_page_cache_pending", None) is pending:
        connection._page_cache_pending = None
    bump_version()


def bump_version(cache=None):
    """Start a new content version now: every cached page is retired, on every app server."""
    record = (secrets.token_hex(8), next_change())
    (cache or caches[CACHE_ALIAS]).set(VERSION_KEY, record, None)
    return record


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


def _saved_or_deleted(sender, using=None, **kwargs):
    content_changed(using)


# Articles, their bylines and tags are written only through editing/articles.py, which calls content_changed()
# when a reader can see the change (a draft's save or autosave keeps every cached page). What the desk
# edits elsewhere, and any deletion, retires the pages through these signals.
EDITED_ELSEWHERE = (Section, Correction, SlugRedirect, Author, AuthorLink, Tag, FrontPageSlot, BreakingNews)
DELETED = (Article, *EDITED_ELSEWHERE)

for _model in EDITED_ELSEWHERE:
    post_save.connect(_saved_or_deleted, sender=_model, dispatch_uid=f"page-cache-save-{_model._meta.label}")
for _model in DELETED:
    post_delete.connect(
        _saved_or_deleted, sender=_model, dispatch_uid=f"page-cache-delete-{_model._meta.label}"
    )
