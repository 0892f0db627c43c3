"""Slugs for names: ASCII, non-empty and unique, whatever script or symbol the name is in.

Names are transliterated (anyascii: every script and emoji, "Économie" → "economie", "Москва" →
"moskva", "🔥" → "fire") rather than kept as Unicode slugs, so that every address stays plain ASCII:
typeable on any keyboard, unchanged when pasted into mail, chat or a log, and accepted by the same
`<slug:…>` URL patterns as article addresses. The names themselves keep their Unicode on the page.
"""

import re

from anyascii import anyascii
from django.urls.converters import SlugConverter
from django.utils.text import slugify

# What Django's <slug:…> path converter accepts, and so what every reversed URL needs.
USABLE = re.compile(SlugConverter.regex)


def is_usable(slug: str) -> bool:
    return bool(slug) and USABLE.fullmatch(slug) is not None


def slug_for(name: str, *, fallback: str, max_length: int) -> str:
    """The slug a name reads as, or `fallback` for a name with nothing to spell (such as "--")."""
    # anyascii spells an emoji as ":fire:"; the colons part two of them like spaces.
    return slugify(anyascii(name).replace(":", " "))[:max_length].strip("-") or fallback


def unique_slug(model, name: str, *, fallback: str, exclude_pk=None) -> str:
    """A usable slug for `name`, unique among `model`'s rows: "economie", then "economie-2"…"""
    max_length = model._meta.get_field("slug").max_length
    base = slug_for(name, fallback=fallback, max_length=max_length - 6)
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug
