"""The columns of the desk's article list and the form's read-only previews (mixed into ArticleAdmin)."""

from django.conf import settings
from django.contrib import admin
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..core import body_media
from ..core.pictures import social_card, thumbnail_url
from ..desk import workflow
from ..models import Stage


class ArticleColumns:
    @admin.display(description="State", ordering="status")
    def stage_badge(self, article):
        current = workflow.stage(article)
        title = ""
        if current == Stage.SCHEDULED:
            title = f"Goes live {timezone.localtime(article.published_at):%d %b %Y %H:%M}"
        badge = format_html(
            '<span class="stage stage--{}" title="{}">{}</span>', current, title, current.label
        )
        if article.is_live:
            badge = format_html('{} <span class="desk-live__on">Live</span>', badge)
        return badge

    @admin.display(description="")
    def thumbnail(self, article):
        if not article.lead_image_id:
            return ""
        return format_html(
            '<img class="desk-thumb desk-thumb--list" src="{}" alt="" loading="lazy">',
            thumbnail_url(article.lead_image),
        )

    @admin.display(description="Edited by", ordering="last_edited_by__username")
    def edited_by(self, article):
        user = article.last_edited_by
        return user.display_name if user else "—"

    @admin.display(description="Published", ordering="published_at")
    def published(self, article):
        return _short_time(article.published_at)

    @admin.display(description="Updated", ordering="updated_at")
    def updated(self, article):
        return _short_time(article.updated_at)

    @admin.display(description="Threads")
    def open_threads(self, article):
        # Annotated on the list's page by ArticleChangeList; one subquery, no query per row.
        count = getattr(article, "open_comments", 0)
        if not count:
            return "—"
        shown = format_html('<span class="desk-count" title="Open threads">{}</span>', count)
        mine = getattr(article, "my_mentions", 0)
        if mine:
            title = f"{mine} open thread{pluralize(mine)} mention{pluralize(mine, 's,')} you"
            shown += format_html(
                ' <span class="desk-count desk-count--mention" title="{}">@{}</span>', title, mine
            )
        return shown

    @admin.display(description="Preview")
    def search_preview(self, article):
        """A search result and a social card as they would look; previews.js redraws them as fields change."""
        url = absolute_url_of(article)
        lead = article.lead_image if article.lead_image_id else None
        card = article.social_image if article.social_image_id else lead
        # With no picture chosen, networks are given the body's first (as metadata.for_article does).
        in_body = (body_media.first_picture(article.body_html) or ("",))[0]
        image = social_card(card)[0] if card else in_body
        return format_html(
            '<div class="desk-previews" data-previews data-headline="{headline}" data-summary="{summary}"'
            ' data-site="{site}" data-articles="{articles}" data-body-picture="{in_body}">'
            '<figure class="desk-serp"><figcaption>In search results</figcaption>'
            '<p class="desk-serp__url" data-preview="url">{url}</p><p class="desk-serp__title" data-preview="title">{title}</p>'
            '<p class="desk-serp__text" data-preview="description">{description}</p></figure>'
            '<figure class="desk-social"><figcaption>On social networks</figcaption>'
            '<img class="desk-social__image" data-preview="image" src="{image}" alt=""{hidden}>'
            '<p class="desk-social__site">{site}</p><p class="desk-social__title" data-preview="social">{social}</p>'
            '<p class="desk-social__text" data-preview="description">{description}</p></figure></div>',
            headline=article.headline,
            # Where an article's address starts: the script adds the slug as it is typed.
            articles=f"{settings.SITE_URL}{reverse('articles:article', args=['-'])[:-2]}",
            summary=article.summary_words(40) if article.pk else "",
            site=settings.SITE_NAME,
            url=url,
            title=article.seo_title or article.headline or "The headline",
            description=article.seo_description or (article.summary_words(40) if article.pk else ""),
            image=image,
            in_body=in_body,
            hidden="" if image else mark_safe(" hidden"),
            social=article.social_headline or article.headline or "The headline",
        )

    @admin.display(description="Body")
    def body_as_read(self, article):
        return mark_safe(article.body_html)  # noqa: S308 - cleaned by the allow-list when saved

    @admin.display(description="Bylines")
    def byline_names(self, article):
        return ", ".join(byline.author.name for byline in article.bylines.all()) or "—"


def absolute_url_of(article):
    """Where readers will find the article, as a search result prints it (SITE_URL when set)."""
    return f"{settings.SITE_URL}{article.get_absolute_url() if article.slug else '/'}"


def _short_time(moment):
    """A list's date: "2 Dec 17:43" this year, "2 Dec 2025" before; the full time on hover."""
    if moment is None:
        return "—"
    local = timezone.localtime(moment)
    shown = (
        f"{local.day} {local:%b %H:%M}"
        if local.year == timezone.localtime().year
        else f"{local.day} {local:%b %Y}"
    )
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        local.isoformat(),
        f"{local:%A} {local.day} {local:%B %Y, %H:%M}",
        shown,
    )
