"""JSON answers for GETs: an ETag of the body, Cache-Control, and a 304 for a matching If-None-Match.

Anonymous answers also go through the page cache (public/middleware.py), which keeps them until
anything a reader can see changes, as it does pages; these headers are what a direct answer carries.
"""

import hashlib
import json
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified

from ..core import pagecache

JSON = "application/json"


def answer(request, data, *, content_type=JSON, max_age=None, tags=(), articles=()):
    """`data` as JSON, showing `tags` and `articles` for the page cache to retire it by."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    etag = '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'
    max_age = settings.PAGE_CACHE_MAX_AGE if max_age is None else max_age
    caller = getattr(request, "auth", None)
    # What a preview key sees is the desk's: never kept by a browser or a shared cache.
    cache_control = "private, no-store" if caller and caller.previews else f"public, max-age={max_age}"
    if _matches(request.headers.get("If-None-Match", ""), etag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return pagecache.shows(response, *tags, articles=articles)


def _matches(if_none_match, etag):
    if not if_none_match:
        return False
    return if_none_match.strip() == "*" or any(
        tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(",")
    )


def next_url(request, parameter, cursor):
    """This request's absolute address with `parameter` set to `cursor`: a list's `next`."""
    query = request.GET.copy()
    query[parameter] = cursor
    return request.build_absolute_uri(f"{request.path}?{urlencode(query, doseq=True)}")
