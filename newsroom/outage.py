"""When the database or the cache is away: honest answers, nothing lost, and a probe to ask.

Every uncaught error reaches server_error() (Django's handler500), from a view or a middleware alike.
A database that cannot be reached is not a bug of ours but a wait: readers get a short 503 with
Retry-After (pages already in the cache keep being served before any of this runs), and a desk user
whose POST could not be saved gets a page that says so and shows back what they sent, to copy.
Both templates render without a request context, so without a query.
"""

import logging
import secrets
import sys

from django.core.cache import caches
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
UNREACHABLE = (OperationalError, InterfaceError)
# Posted fields never echoed back: secrets, and the form machinery an editor does not type.
_NOT_SHOWN = (
    "password",
    "csrf",
    "token",
    "-TOTAL_FORMS",
    "-INITIAL_FORMS",
    "-MIN_NUM_FORMS",
    "-MAX_NUM_FORMS",
)


def server_error(request, *args, **kwargs):
    error = sys.exc_info()[1]  # handler500 runs inside Django's except block
    if not isinstance(error, UNREACHABLE):
        return HttpResponseServerError(render_to_string("500.html"))
    logger.error("Database unreachable while answering %s %s: %s", request.method, request.path, error)
    if request.method == "POST" and request.path.startswith("/admin/"):
        page = render_to_string("admin/not_saved.html", {"fields": _sent_text(request)})
    else:
        page = render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def health(request):
    """For load balancers: 200 when the database and the cache both answer, else 503 naming which not."""
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    status = 200 if all(checks.values()) else 503
    return JsonResponse(
        {name: "ok" if answers else "unreachable" for name, answers in checks.items()}, status=status
    )


def _database_answers():
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError as error:
        logger.warning("Health check: database unreachable: %s", error)
        return False


def _cache_answers():
    # A round trip of a fresh value: a cache that drops writes while away (see redis_cache.py) fails it.
    key, value = f"health:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache = caches["default"]
    try:
        cache.set(key, value, 10)
        answers = cache.get(key) == value
        cache.delete(key)
    except Exception as error:  # any backend's failure means the same to a balancer
        logger.warning("Health check: cache unreachable: %s", error)
        return False
    return answers


def _sent_text(request):
    """(name, value) of every non-empty text field the request posted, in the order it sent them."""
    try:
        items = list(request.POST.lists())
    except Exception:  # an unreadable body leaves nothing to show back
        return []
    return [
        (name, value)
        for name, values in items
        if not any(part in name for part in _NOT_SHOWN)
        for value in values
        if value.strip()
    ]
