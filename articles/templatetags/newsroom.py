import json

from django import template
from django.utils.safestring import mark_safe

from newsroom.text import safe_deep, xml_safe

from ..core import pictures
from ..desk import live
from ..public import teasers
from ..public.metadata import absolute

register = template.Library()

# Inside <script>, "</script>", "<!--" and "&" must not appear literally: JSON allows them escaped.
JSON_IN_SCRIPT = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """An absolute URL on this site: SITE_URL when configured, else the request's own origin."""
    return absolute(context["request"], path)


@register.filter(name="xml_safe")
def xml_safe_filter(value):
    """Text for an XML document: without the characters XML cannot hold (old rows may have them)."""
    return xml_safe(str(value))


@register.filter
def json_ld(data):
    """`data` as JSON that is safe inside a <script type="application/ld+json"> element."""
    return mark_safe(json.dumps(safe_deep(data), ensure_ascii=False).translate(JSON_IN_SCRIPT))  # noqa: S308


@register.simple_tag
def lead_picture(article, sizes, eager=False, css_class=""):
    return teasers.lead_picture(article, sizes, eager=eager, css_class=css_class)


LIVE_PICTURE_SIZES = "(min-width: 48rem) 40rem, 100vw"


@register.simple_tag
def live_picture(update):
    """A live update's picture: its renditions once made, the original until then."""
    shown = pictures.picture(update.image, update.image_renditions, update.image_width, update.image_height)
    return pictures.picture_element(shown, update.image_alt, LIVE_PICTURE_SIZES)


@register.filter
def live_poster(update):
    return live.poster_name(update)


@register.simple_tag
def byline(article):
    return teasers.byline(article)


@register.simple_tag
def teaser(article, level=2, lead=False):
    return teasers.teaser(article, level=level, lead=lead)


@register.simple_tag
def article_list(articles, level=2, empty="No articles yet.", featured=False):
    return teasers.article_list(articles, level=level, empty=empty, featured=featured)


@register.simple_tag(takes_context=True)
def canonical_url(context, page=None):
    """This page's canonical address: its path, plus ?page=N beyond the first page of a list."""
    path = context["request"].path
    if page is not None and page.number > 1:
        path = f"{path}?page={page.number}"
    return absolute_url(context, path)
