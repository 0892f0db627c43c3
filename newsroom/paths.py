"""Paths of the public pages, for the links every page is full of, without a reverse() per link.

reverse() walks the URLconf on every call, and one page links to dozens of articles, sections, tags and
authors. Here each URL name is reversed once (per script prefix and URLconf) with a stand-in slug, and a
link is the two halves around it joined with the real slug. A slug the <slug:> converter would refuse
still goes through reverse(), which fails the way it always did.
"""

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

from newsroom.slugs import is_usable

_STAND_IN = "slug-stand-in"
_halves = {}


def slug_path(name, slug):
    """reverse(name, args=[slug]), at the cost of a dictionary look-up for any slug a slug URL accepts."""
    # The resolver object changes whenever the URL caches are cleared (a test's ROOT_URLCONF, say).
    key = (name, get_script_prefix(), get_resolver(get_urlconf()))
    halves = _halves.get(key)
    if halves is None:
        before, _, after = reverse(name, args=[_STAND_IN]).rpartition(_STAND_IN)
        halves = _halves[key] = (before, after)
    if not is_usable(slug):
        return reverse(name, args=[slug])
    return halves[0] + slug + halves[1]
