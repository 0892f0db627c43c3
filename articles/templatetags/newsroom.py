from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.sanitize import sanitize_body

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """An absolute URL on this site: SITE_URL when configured, else the request's own origin."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def canonical_url(context, page=None):
    """This page's canonical address: its path, plus ?page=N beyond the first page of a list."""
    path = context["request"].path
    if page is not None and page.number > 1:
        path = f"{path}?page={page.number}"
    return absolute_url(context, path)


@register.filter
def body_with_dateline(article):
    """The body HTML with the dateline leading its first paragraph, as in print."""
    body = sanitize_body(article.body)
    if not article.dateline:
        return mark_safe(body)  # noqa: S308 - sanitised just above
    dateline = format_html('<span class="dateline">{} — </span>', article.dateline)
    if body.startswith("<p>"):
        return mark_safe(f"<p>{dateline}{body[3:]}")  # noqa: S308 - both parts are escaped or sanitised
    return mark_safe(f"<p>{dateline}</p>{body}")  # noqa: S308
