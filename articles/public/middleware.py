"""The public page cache's request side: anonymous readers' pages answered from the shared cache,
before any other work.

What is cached: GET and HEAD requests without the session cookie or an Authorization header, outside
/admin/, /preview/, static and media, for the public views listed in CACHED_VIEWS (and unmatched URLs),
when the response is a 200, 301 or 404 that sets no cookie, has no Vary and no private, no-store or
no-cache. Keys are the build, then the scheme, host, path and query string, hashed:
"page-cache:page:<build>:<hash>". Each entry carries the content version and the retirement clock's
reading it was rendered under, and the tags of what it shows (core/pagecache.py retires them).

A hit costs two small cache round trips (the record, clock and entry; then its tags' stamps), and one
for an answer this process holds a hot copy of (hotcopies.py), and no database, template, session or
authentication work: the middleware sits right after SecurityMiddleware and WhiteNoiseMiddleware. A
retired answer is rendered by one request at a time; the others wait for it. Headers: ETag, Age on
answers from the cache, Surrogate-Key and xkey (and Cloudflare's Cache-Tag) with the tags;
Cache-Control for browsers (max-age 0 and must-revalidate by default) and CDN-Cache-Control for
shared caches, shortened before a scheduled moment. PAGE_CACHE=false turns the middleware off.

Beside it, old_addresses.py: a 404 at an address an imported article once had answers with a
permanent redirect to where it is now.
"""

import hashlib
import logging
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost, MiddlewareNotUsed
from django.http import HttpResponse, HttpResponseNotModified, HttpResponsePermanentRedirect

from newsroom.build import build_version

from ..core.pagecache import (
    CACHE_ALIAS,
    CLOCK_KEY,
    EVERYTHING,
    VERSION_KEY,
    clock_reading,
    current_record,
    tag_key,
    timestamp,
)
from ..core.purges import SITE
from .hotcopies import HotCopies

logger = logging.getLogger(__name__)

PAGE_KEY_PREFIX = "page-cache:page:"
LOCK_PREFIX = "page-cache:rendering:"
RENDERS_KEY = "page-cache:renders:"  # + "new" or "retired", when PAGE_CACHE_COUNT_RENDERS is on
WAIT_STEP = 0.02  # seconds between looks for the answer another request is rendering

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
        "api:articles",
        "api:article",
        "api:article-by-slug",
        "api:article-live",
        "api:sections",
        "api:section",
        "api:topics",
        "api:topic",
        "api:authors",
        "api:author",
        "api:front",
        "api:search",
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
NOT_REPLAYED = frozenset({"cache-control", "cdn-cache-control", "expires", "set-cookie"})


def page_key(scheme, host, path, query_string=""):
    """The entry's key, under this build: bounded length whatever the address, and safe for every
    cache backend."""
    address = f"{scheme}://{host}{path}?{query_string}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"{PAGE_KEY_PREFIX}{build_version()}:{digest}"


def etag_for(content):
    return '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"'


def etag_matches(if_none_match, etag):
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


class Lifetimes:
    """The Cache-Control (and CDN-Cache-Control) sent with cached pages, shortened when a scheduled
    publication is near."""

    def __init__(self, max_age, s_maxage, stale_while_revalidate, timeout):
        self.max_age = max_age
        self.s_maxage = s_maxage
        self.swr = stale_while_revalidate
        self.timeout = timeout
        self.longest = max(max_age, s_maxage + stale_while_revalidate)
        self.full = self.headers_for(max_age, s_maxage, stale_while_revalidate)

    @classmethod
    def from_settings(cls):
        return cls(
            settings.PAGE_CACHE_MAX_AGE,
            settings.PAGE_CACHE_S_MAXAGE,
            settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
            settings.PAGE_CACHE_TIMEOUT,
        )

    @staticmethod
    def headers_for(max_age, s_maxage, swr):
        if max_age == 0:
            # Browsers ask again each time (a 304 when nothing changed). stale-while-revalidate would
            # contradict must-revalidate: shared caches find it in CDN-Cache-Control (RFC 9213).
            browsers = f"public, max-age=0, must-revalidate, s-maxage={s_maxage}"
        else:
            browsers = f"public, max-age={max_age}, s-maxage={s_maxage}, stale-while-revalidate={swr}"
        return {
            "Cache-Control": browsers,
            "CDN-Cache-Control": f"max-age={s_maxage}, stale-while-revalidate={swr}",
        }

    def headers(self, left):
        """The headers for a page that may live `left` more seconds (None: no limit)."""
        if left is None or left >= self.longest:
            return self.full
        left = max(0, int(left))
        s_maxage = min(self.s_maxage, left)
        return self.headers_for(min(self.max_age, left), s_maxage, max(0, min(self.swr, left - s_maxage)))

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
        self.cloudflare = settings.PAGE_CACHE_PURGE == "cloudflare"
        self.render_wait = settings.PAGE_CACHE_RENDER_WAIT_SECONDS
        self.count_renders = settings.PAGE_CACHE_COUNT_RENDERS
        # A copy of the hottest answers in this process, when the shared cache is another server.
        shared = self.cache or caches[CACHE_ALIAS]
        self.hot = (
            HotCopies(settings.PAGE_CACHE_HOT_ENTRIES, settings.PAGE_CACHE_HOT_BYTES)
            if settings.PAGE_CACHE_HOT_ENTRIES and not isinstance(shared, LocMemCache)
            else None
        )
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
        held = self.hot.get(key) if self.hot is not None else None
        entry = None
        try:
            # One round trip: the record, the clock and (with no copy held here) the entry.
            found = cache.get_many([VERSION_KEY, CLOCK_KEY] if held else [VERSION_KEY, CLOCK_KEY, key])
            record = found.get(VERSION_KEY)
            left = _left(record)
            if record is not None and (left is None or left > 0):
                if held is not None:
                    copy, proved_at = held
                    clock = found.get(CLOCK_KEY)
                    if copy[0] == record[0] and (clock == proved_at or self.still_good(cache, copy)):
                        if clock != proved_at:
                            self.hot.keep(key, copy, clock)
                        return self.answer(request, copy, left)
                    self.hot.drop(key)  # retired here; another process may have stored it anew
                entry = found.get(key) if held is None else cache.get(key)
                if entry is not None and entry[0] == record[0] and self.still_good(cache, entry):
                    if self.hot is not None:
                        self.hot.keep(key, entry, found.get(CLOCK_KEY))
                    return self.answer(request, entry, left)
        except Exception:
            _warn("page cache unreachable; answering without it")
            return self.get_response(request)
        # An entry here that could not be answered was retired (or outlived its version).
        return self.miss(request, cache, key, record, found, retired=entry is not None or held is not None)

    def fresh(self, cache, entry, version, reading):
        """`entry` if rendered under `version` no earlier than `reading` (after what we saw retired),
        and still good."""
        if entry is not None and entry[0] == version and entry[6] >= reading:
            return entry if self.still_good(cache, entry) else None
        return None

    @staticmethod
    def still_good(cache, entry):
        """No tag the entry shows was retired after the clock reading it was rendered under."""
        return _stamped_before(cache.get_many([tag_key(tag) for tag in entry[7]]), entry)

    def miss(self, request, cache, key, record, found, retired=False):
        """Render the page, under the version and clock reading current before rendering began, and
        store it with what it shows, if it may be stored. One request renders a retired answer at a
        time: the others wait for it (a retired hot page is rendered once, not once per reader)."""
        try:
            record = current_record(cache, record)
            reading = clock_reading(found, cache)
            # Only a retired answer is locked: it is the one many readers were being answered with.
            lock = LOCK_PREFIX + key if retired else None
            if lock is not None and not cache.add(lock, 1, self.render_wait):
                fresh = self.rendered_meanwhile(cache, key, lock, record[0], reading)
                lock = None  # if it comes to rendering here: the other render failed or was not stored
            elif lock is not None:
                # Another request may have stored it between our look and our lock: then it is done.
                fresh = self.fresh(cache, cache.get(key), record[0], reading)
            else:
                fresh = None
            if fresh is not None:
                if lock is not None:
                    _quietly(cache.delete, lock)
                return self.answer(request, fresh, _left(record))
        except Exception:
            _warn("page cache record unavailable; answering without the cache")
            return self.get_response(request)
        try:
            response = self.render(request, cache, key, record, reading)
            if self.count_renders:
                _count(cache, RENDERS_KEY + ("retired" if retired else "new"))
            return response
        finally:
            if lock is not None:
                _quietly(cache.delete, lock)

    def rendered_meanwhile(self, cache, key, lock, version, reading):
        """The entry another request is rendering, once stored (None if it gives up or is not)."""
        deadline = time.monotonic() + self.render_wait
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP)
            found = cache.get_many([key, lock])
            entry = self.fresh(cache, found.get(key), version, reading)
            if entry is not None:
                return entry
            if lock not in found:
                return None
        return None

    def render(self, request, cache, key, record, reading):
        response = self.get_response(request)
        if not self.storable(request, response):
            return response
        version, moment = record
        left = None if moment is None else moment - timestamp()
        timeout = self.lifetimes.timeout_for(left)
        if not timeout:
            return response
        content = response.content
        etag = etag_for(content)
        # A view may ask browsers and CDNs to keep its answer a shorter time (a live story's updates).
        cap = getattr(response, "page_cache_max_age", None)
        lifetimes = self.lifetimes.headers(_capped(left, cap))
        tags = sorted(getattr(response, "page_cache_tags", None) or {EVERYTHING})
        response["ETag"] = etag
        _set(response, lifetimes)
        # For the CDN: SITE on every answer lets it drop everything at once (core/purges.py).
        response["Surrogate-Key"] = response["xkey"] = " ".join([*tags, SITE])
        if self.cloudflare:
            response["Cache-Tag"] = ",".join([*tags, SITE])  # Cloudflare reads its own header
        headers = {name: value for name, value in response.items() if name.lower() not in NOT_REPLAYED}
        entry = (version, response.status_code, headers, content, etag, cap, reading, tags, time.time())
        try:
            # A tag never stamped (or whose stamp was evicted) is stamped with this reading: an answer
            # from before it that shows the tag cannot be proved good, so it is retired. Before the
            # entry is stored, so that no reader finds the entry without its stamps.
            keys = [tag_key(tag) for tag in tags]
            stamped = cache.get_many(keys)
            for missing in set(keys) - stamped.keys():
                cache.add(missing, reading, None)
            cache.set(key, entry, timeout)
        except Exception:
            _warn("page cache unreachable; page not stored")
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None and etag_matches(if_none_match, etag):
            return self.not_modified(etag, lifetimes)
        return response

    def answer(self, request, entry, left):
        _, status, headers, content, etag, cap, _, _, stored_at = entry
        lifetimes = self.lifetimes.headers(_capped(left, cap))
        age = str(max(0, int(time.time() - stored_at)))
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None and etag_matches(if_none_match, etag):
            response = self.not_modified(etag, lifetimes)
            response["Age"] = age
            return response
        if status == 301:
            response = HttpResponsePermanentRedirect(headers["Location"], content=content, headers=headers)
        else:
            response = HttpResponse(content, status=status, headers=headers)
        _set(response, lifetimes)
        response["Age"] = age  # RFC 9111: how long it has been in our cache
        return response

    @staticmethod
    def not_modified(etag, lifetimes):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        _set(response, lifetimes)
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


def _left(record):
    """Seconds until the record's scheduled moment (None: none coming)."""
    if record is None or record[1] is None:
        return None
    return record[1] - timestamp()


def _stamped_before(stamps, entry):
    """Every tag of `entry` has a stamp in `stamps`, none later than the reading it was rendered under."""
    reading, tags = entry[6], entry[7]
    found = [stamps.get(tag_key(tag)) for tag in tags]
    return all(stamp is not None and stamp <= reading for stamp in found)


def _count(cache, key):
    try:
        cache.incr(key)
    except ValueError:
        cache.add(key, 0, None)
        _quietly(cache.incr, key)
    except Exception:
        _warn("page cache unreachable")


def _quietly(action, *args):
    try:
        action(*args)
    except Exception:
        _warn("page cache unreachable")


def _set(response, headers):
    for name, value in headers.items():
        response[name] = value


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
