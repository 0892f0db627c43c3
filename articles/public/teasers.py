"""The markup every list repeats, built in Python: teasers, their bylines and lead pictures.

A list page shows up to twenty teasers and an article page ten more in its reading lists; rendered
through included templates they were most of a page's cost (a context push and a dozen variable
look-ups per teaser). Here each is a few format_html calls, escaped exactly as the templates were:
every value goes through conditional_escape, so only markup already marked safe (search
highlights) passes through as it is.
"""

from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from newsroom.text import shortened

from ..core.pictures import lead, picture_element

SUMMARY_WORDS = 30
LEAD_SIZES = "(min-width: 60rem) 36rem, 100vw"
THUMB_SIZES = "8rem"
FEATURED_SIZES = "(min-width: 56rem) 16rem, (min-width: 36rem) 50vw, 100vw"
LIVE_BADGE = mark_safe('<span class="live-badge">Live</span> ')


def teaser(article, *, level=2, lead=False, featured=False):
    """One article's card: picture, section, headline link, summary, byline and date.

    The lead carries a large picture, a featured one (the front page's top stories) a picture above
    its words, any other a thumbnail beside them.
    """
    classes = (
        "teaser"
        + (" teaser--lead" if lead else "")
        + (" teaser--featured" if featured else "")
        + (" teaser--pictured" if article.lead_image_id else "")
    )
    # Each place shows its own shape, cut around the picture's focal point; the lead shows it whole.
    if not article.lead_image_id:
        image = ""
    elif lead:
        image = lead_picture(article, LEAD_SIZES, eager=True, css_class="teaser__image")
    elif featured:
        image = lead_picture(article, FEATURED_SIZES, css_class="teaser__image", crop="landscape")
    else:
        image = lead_picture(
            article, THUMB_SIZES, css_class="teaser__image teaser__image--thumb", crop="square"
        )
    section = article.section
    link = format_html('<a href="{}">{}</a>', section.get_absolute_url(), section.name) if section else ""
    badge = LIVE_BADGE if article.is_live else ""
    kicker = format_html('<p class="kicker">{}{}</p>', badge, link) if badge or link else ""
    # hit_headline / hit_summary: a search result's highlighted text, already escaped.
    headline = article.hit_headline or article.headline
    summary = article.hit_summary or shortened(article.summary, SUMMARY_WORDS)
    return format_html(
        '<article class="{}">{}<div class="teaser__text">{}'
        '<h{} class="teaser__headline"><a href="{}">{}</a></h{}>'
        '<p class="teaser__summary">{}</p>'
        '<div class="teaser__meta">{}<p class="published">{}</p></div></div></article>',
        classes,
        image,
        kicker,
        level,
        article.get_absolute_url(),
        headline,
        level,
        summary,
        byline(article),
        time_element(article.published_at),
    )


def article_list(articles, *, level=2, empty="No articles yet.", featured=False):
    """Teasers as an ordered list, or a line saying there is nothing."""
    if not articles:
        return format_html('<p class="empty">{}</p>', empty)
    items = format_html_join(
        "", "<li>{}</li>", ((teaser(article, level=level, featured=featured),) for article in articles)
    )
    css_class = "article-list article-list--featured" if featured else "article-list"
    return format_html('<ol class="{}">{}</ol>', css_class, items)


def byline(article):
    """'By A, B and C', each name linking to its author's page; nothing when there is no byline."""
    authors = [byline.author for byline in article.bylines.all()]
    if not authors:
        return ""
    links = [format_html('<a href="{}">{}</a>', author.get_absolute_url(), author.name) for author in authors]
    names = links[0] if len(links) == 1 else mark_safe(", ".join(links[:-1]) + " and " + links[-1])  # noqa: S308
    return format_html('<p class="byline">By {}</p>', names)


def lead_picture(article, sizes, *, eager=False, css_class="", crop=""):
    """The lead image as a <picture>: modern formats first, several widths, its size set, lazy unless eager."""
    return picture_element(lead(article, crop), article.lead_alt, sizes, eager=eager, css_class=css_class)


def time_element(moment, pattern="F j, Y"):
    """A <time> for an aware datetime, shown in the site's time zone as the templates' |date does."""
    local = timezone.localtime(moment)
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), dateformat.format(local, pattern))
