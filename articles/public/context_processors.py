from functools import partial

from django.conf import settings
from django.core.cache import caches
from django.utils.functional import SimpleLazyObject

from ..core import frontpage, pagecache
from ..models import Article, Section
from . import regions


def navigation(request):
    """The site menu's sections (those with something to read) and the breaking-news strip. Lazy, and
    kept in the shared cache under the content version, so that a page pays no query for them once any
    page has shown them (a new strip, or its expiry, is a new version)."""
    return {
        "nav_sections": SimpleLazyObject(partial(_shared, "nav-sections", _menu)),
        "breaking_news": SimpleLazyObject(breaking_strips),
        "breaking_region": SimpleLazyObject(lambda: regions.breaking(breaking_strips())),
        "live_poll_ms": settings.LIVE_POLL_SECONDS * 1000,
    }


def breaking_strips():
    """The breaking strip readers see now, as a list of none or one, from the shared cache."""
    return _shared("breaking-news", _breaking)


def _shared(name, compute):
    shared = caches[pagecache.CACHE_ALIAS]
    version, _ = pagecache.current_record(shared)
    key = f"{name}:{version}"
    value = shared.get(key)
    if value is None:
        value = compute()
        shared.set(key, value, 3600)
    return value


def _menu():
    return list(Article.objects.credited_in_public(Section.objects, "section").only("name", "slug"))


def _breaking():
    # A list, so that "no strip" is cached too (None would read as a miss).
    strip = frontpage.breaking_news()
    return [strip] if strip else []
