import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.images import picture
from articles.metadata import absolute
from newsroom.text import safe_deep, xml_safe

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


@register.inclusion_tag("articles/_picture.html")
def lead_picture(article, sizes, eager=False, css_class=""):
    """The lead image as a <picture>: modern formats first, several widths, its size set, lazy unless eager."""
    return {
        "picture": picture(article),
        "article": article,
        "sizes": sizes,
        "eager": eager,
        "css_class": css_class,
    }


@register.simple_tag
def byline(article):
    """'By A, B and C', each name linking to its author's page; nothing when there is no byline.

    Built here rather than in an included template: it is on every teaser of every list."""
    authors = [byline.author for byline in article.bylines.all()]
    if not authors:
        return ""
    links = [format_html('<a href="{}">{}</a>', author.get_absolute_url(), author.name) for author in authors]
    names = links[0] if len(links) == 1 else mark_safe(", ".join(links[:-1]) + " and " + links[-1])  # noqa: S308
    return format_html('<p class="byline">By {}</p>', names)


@register.simple_tag(takes_context=True)
def canonical_url(context, page=None):
    """This page's canonical address: its path, plus ?page=N beyond the first page of a list."""
    path = context["request"].path
    if page is not None and page.number > 1:
        path = f"{path}?page={page.number}"
    return absolute_url(context, path)
