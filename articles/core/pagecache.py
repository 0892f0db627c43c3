"""The public page cache: anonymous readers' pages answered from the shared cache, before any other work.

What is cached: GET and HEAD requests without the session cookie or an Authorization header, outside
/admin/, /preview/, static and media, for the public views listed in CACHED_VIEWS (and unmatched URLs),
when the response is a 200, 301 or 404 that sets no cookie, has no Vary and no private, no-store or
no-cache. Keys are the scheme, host, path and query string, hashed: "page-cache:page:<hash>".

Invalidation: one site-wide content version, stored in the same cache as the pages under
"page-cache:version" as a (version, next change) record. Every page entry remembers the version it
was rendered under; a hit needs the entry's version to be the current one, so bumping the version
(content_changed(), on commit) retires every page on every app server at once. The record also holds
the next moment a page changes without any write (a timestamp, or None): a scheduled publication, or
a front-page slot or breaking-news strip expiring. Once it has passed the record is refreshed into a
new version. No lifetime sent or stored reaches past that moment.

A hit costs one cache round trip (get_many of the record and the entry) and no database, template,
session or authentication work: the middleware sits right after SecurityMiddleware and
WhiteNoiseMiddleware. Lifetimes: PAGE_CACHE_TIMEOUT in the shared cache; max-age, s-maxage and
stale-while-revalidate (PAGE_CACHE_MAX_AGE, PAGE_CACHE_S_MAXAGE, PAGE_CACHE_STALE_WHILE_REVALIDATE) for
browsers and CDNs. PAGE_CACHE=false turns the middleware off.
"""

import hashlib
import logging
import re
import secrets
import time
from functools import partial

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost, MiddlewareNotUsed
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified, HttpResponsePermanentRedirect
from django.utils import timezone
from taggit.models import Tag

from accounts.models import Author, AuthorLink

from ..models import Article, BreakingNews, Correction, FrontPageSlot, Section, SlugRedirect
from . import frontpage

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
VERSION_KEY = "page-cache:version"
PAGE_KEY_PREFIX = "page-cache:page:"

# The public pages (URL names, namespaced); anything else is never stored, whatever its headers say.
CACHED_VIEWS = frozenset(
    {
        "articles:home",
        "articles:article",
        "articles:live-updates",
        "articles:front-live",
        "articles:section",
        "articles:tag",
        "articles:search",
        "articles:feed-rss",
        "articles:feed-atom",
        "articles:section-feed-rss",
        "articles:section-feed-atom",
        "articles:tag-feed-rss",
        "articles:tag-feed-atom",
        "accounts:author",
        "accounts:author-feed-rss",
        "accounts:author-feed-atom",
        "robots",
        "sitemap-index",
        "sitemap-section",
        "sitemap-articles",
        "news-sitemap",
    }
)
CACHED_STATUSES = frozenset({200, 301, 404})
NOT_STORABLE = re.compile(r"\b(private|no-store|no-cache)\b", re.IGNORECASE)
# Set per answer by the cache itself (or meaningless once cached).
NOT_REPLAYED = frozenset({"cache-control", "expires", "set-cookie"})


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
    if record[1] is not None and record[1] <= _now():
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


def _now():
    return timezone.now().timestamp()


# Signals: every model a reader can see


def _saved_or_deleted(sender, using=None, **kwargs):
    content_changed(using)


# Articles, their bylines and tags are written only through editing.py, which calls content_changed()
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


# The middleware


def page_key(scheme, host, path, query_string=""):
    """The entry's key: bounded length whatever the address, and safe for every cache backend."""
    address = f"{scheme}://{host}{path}?{query_string}"
    return PAGE_KEY_PREFIX + hashlib.blake2b(address.encode(), digest_size=16).hexdigest()


def etag_for(content):
    return '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"'


def etag_matches(if_none_match, etag):
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


class Lifetimes:
    """The Cache-Control sent with cached pages, shortened when a scheduled publication is near."""

    def __init__(self, max_age, s_maxage, stale_while_revalidate, timeout):
        self.max_age = max_age
        self.s_maxage = s_maxage
        self.swr = stale_while_revalidate
        self.timeout = timeout
        self.longest = max(max_age, s_maxage + stale_while_revalidate)
        self.full = self.header(max_age, s_maxage, stale_while_revalidate)

    @classmethod
    def from_settings(cls):
        return cls(
            settings.PAGE_CACHE_MAX_AGE,
            settings.PAGE_CACHE_S_MAXAGE,
            settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
            settings.PAGE_CACHE_TIMEOUT,
        )

    @staticmethod
    def header(max_age, s_maxage, swr):
        return f"public, max-age={max_age}, s-maxage={s_maxage}, stale-while-revalidate={swr}"

    def cache_control(self, left):
        """The header for a page that may live `left` more seconds (None: no limit)."""
        if left is None or left >= self.longest:
            return self.full
        left = max(0, int(left))
        s_maxage = min(self.s_maxage, left)
        return self.header(min(self.max_age, left), s_maxage, max(0, min(self.swr, left - s_maxage)))

    def timeout_for(self, left):
        """Seconds to keep an entry in the shared cache; 0 means do not store it."""
        if left is None or left >= self.timeout:
            return self.timeout
        return max(0, int(left))


class PageCacheMiddleware:
    """Answers anonymous readers from the shared cache; on a miss, stores what may be stored."""

    def __init__(self, get_response, cache=None):
        if not settings.PAGE_CACHE:
            raise MiddlewareNotUsed("PAGE_CACHE is off")
        self.get_response = get_response
        self.cache = cache  # None: caches["default"] of the current thread, looked up per request
        self.lifetimes = Lifetimes.from_settings()
        self.session_cookie = settings.SESSION_COOKIE_NAME
        self.never = tuple(
            prefix
            for prefix in (
                "/admin/",
                "/preview/",
                _path_of(settings.STATIC_URL),
                _path_of(settings.MEDIA_URL),
            )
            if prefix and prefix != "/"
        )

    def __call__(self, request):
        meta = request.META
        if (
            request.method not in ("GET", "HEAD")
            or "HTTP_AUTHORIZATION" in meta
            # Any cookie whose name contains the session cookie's: a desk user, or someone who was one.
            or self.session_cookie in meta.get("HTTP_COOKIE", "")
            or request.path.startswith(self.never)
        ):
            return self.get_response(request)
        try:
            host = request.get_host()
        except DisallowedHost:
            return self.get_response(request)  # Django answers 400 further in; nothing to cache
        key = page_key(request.scheme, host, request.path, meta.get("QUERY_STRING", ""))
        cache = self.cache or caches[CACHE_ALIAS]
        try:
            found = cache.get_many((VERSION_KEY, key))
        except Exception:
            _warn("page cache unreachable; answering without it")
            return self.get_response(request)

        record = found.get(VERSION_KEY)
        if record is not None:
            version, moment = record
            left = None if moment is None else moment - _now()
            if left is None or left > 0:
                entry = found.get(key)
                if entry is not None and entry[0] == version:
                    return self.answer(request, entry, left)
        return self.miss(request, cache, key, record)

    def miss(self, request, cache, key, record):
        """Render the page, under the version current before rendering began, and store it if it may be."""
        try:
            record = current_record(cache, record)
        except Exception:
            _warn("page cache record unavailable; answering without the cache")
            return self.get_response(request)

        response = self.get_response(request)
        if not self.storable(request, response):
            return response
        version, moment = record
        left = None if moment is None else moment - _now()
        timeout = self.lifetimes.timeout_for(left)
        if not timeout:
            return response
        content = response.content
        etag = etag_for(content)
        # A view may ask browsers and CDNs to keep its answer a shorter time (a live story's updates).
        cap = getattr(response, "page_cache_max_age", None)
        cache_control = self.lifetimes.cache_control(_capped(left, cap))
        response["ETag"] = etag
        response["Cache-Control"] = cache_control
        headers = {name: value for name, value in response.items() if name.lower() not in NOT_REPLAYED}
        try:
            cache.set(key, (version, response.status_code, headers, content, etag, cap), timeout)
        except Exception:
            _warn("page cache unreachable; page not stored")
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None and etag_matches(if_none_match, etag):
            return self.not_modified(etag, cache_control)
        return response

    def answer(self, request, entry, left):
        _, status, headers, content, etag, *rest = entry
        cap = rest[0] if rest else None  # entries stored before the cap existed have none
        cache_control = self.lifetimes.cache_control(_capped(left, cap))
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None and etag_matches(if_none_match, etag):
            return self.not_modified(etag, cache_control)
        if status == 301:
            response = HttpResponsePermanentRedirect(headers["Location"], content=content, headers=headers)
        else:
            response = HttpResponse(content, status=status, headers=headers)
        response["Cache-Control"] = cache_control
        return response

    @staticmethod
    def not_modified(etag, cache_control):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        response["Cache-Control"] = cache_control
        return response

    @staticmethod
    def storable(request, response):
        if response.status_code not in CACHED_STATUSES or response.streaming:
            return False
        if response.cookies or response.has_header("Set-Cookie") or response.has_header("Vary"):
            return False
        if NOT_STORABLE.search(response.get("Cache-Control", "")):
            return False
        match = request.resolver_match
        # No match: an address no view answers (a 404, or CommonMiddleware's redirect to add a slash).
        return match is None or match.view_name in CACHED_VIEWS


def _capped(left, cap):
    """The seconds a page may live for browsers and CDNs: what the content version leaves, at most `cap`."""
    if cap is None:
        return left
    return cap if left is None else min(left, cap)


def _path_of(url):
    """The path part of STATIC_URL or MEDIA_URL ("/static/"), or "" when they point elsewhere."""
    if not url or "://" in url or url.startswith("//"):
        return ""
    return "/" + url.lstrip("/")


_last_warning = 0.0


def _warn(message):
    """Log a cache outage at most once a minute per process, with the error."""
    global _last_warning
    if time.monotonic() - _last_warning > 60:
        _last_warning = time.monotonic()
        logger.warning(message, exc_info=True)
