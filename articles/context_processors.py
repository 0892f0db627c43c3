from django.core.cache import caches
from django.utils.functional import SimpleLazyObject

from . import cache
from .models import Article, Section


def navigation(request):
    """Sections for the site menu: those with something to read. Lazy, and kept in the shared cache
    under the content version, so that a page pays no query for it once any page has shown it."""
    return {"nav_sections": SimpleLazyObject(_menu)}


def _menu():
    shared = caches[cache.CACHE_ALIAS]
    version, _ = cache.current_record(shared)
    key = f"nav-sections:{version}"
    sections = shared.get(key)
    if sections is None:
        sections = list(Article.objects.credited_in_public(Section.objects, "section").only("name", "slug"))
        shared.set(key, sections, 3600)
    return sections
