"""What search engines and social networks read about a page: schema.org JSON-LD, OpenGraph and Twitter cards.

Each function returns a PageMeta; base.html renders it. Values are plain data: the template escapes them,
and the json_ld filter makes the JSON safe inside <script>.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import to_locale

from newsroom.text import plain_text, shortened

from ..core import body_media
from ..core.pictures import largest_url, shaped_urls, social_card
from ..desk import live

LOGO = {"path": "img/publisher-logo.png", "width": 600, "height": 60}


def absolute(request, path):
    """An absolute URL on this site: SITE_URL when configured, else the request's own origin."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


@dataclass
class PageMeta:
    open_graph: list = field(default_factory=list)  # (property, content) pairs, in order
    twitter: list = field(default_factory=list)  # (name, content) pairs
    json_ld: dict | None = None


def _publisher(request):
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": absolute(request, "/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(request, static(LOGO["path"])),
            "width": LOGO["width"],
            "height": LOGO["height"],
        },
    }


def _card(request, kind, title, description, url, image=None, image_alt="", size=()):
    open_graph = [
        ("og:type", kind),
        ("og:site_name", settings.SITE_NAME),
        ("og:title", title),
        ("og:description", description),
        ("og:url", url),
        ("og:locale", to_locale(settings.LANGUAGE_CODE)),
    ]
    twitter = [
        ("twitter:card", "summary_large_image" if image else "summary"),
        ("twitter:title", title),
        ("twitter:description", description),
    ]
    if image:
        open_graph.append(("og:image", image))
        if size:
            open_graph += [("og:image:width", str(size[0])), ("og:image:height", str(size[1]))]
        open_graph.append(("og:image:alt", image_alt))
        twitter += [("twitter:image", image), ("twitter:image:alt", image_alt)]
    return open_graph, twitter


def for_article(request, article, live_updates=()):
    url = absolute(request, article.get_absolute_url())
    description = article.seo_description or article.summary_words(40)
    lead = article.lead_image if article.lead_image_id else None
    # The card: the picture chosen for social networks, else the lead's, cut around its focal point.
    pictured = article.social_image if article.social_image_id else lead
    card, *size = social_card(pictured) if pictured else (None,)
    card_alt = pictured.alt if pictured is not lead else article.lead_alt
    if card is None and (in_body := body_media.first_picture(article.body_html)):
        card, card_alt, size = in_body  # no picture chosen: the body's first, as it is shown there
    image = absolute(request, card) if card else None
    modified = article.revised_at if article.shows_update else article.published_at
    tags = [tag.name for tag in article.topics]
    authors = [byline.author for byline in article.bylines.all()]
    title = article.social_headline or article.headline
    open_graph, twitter = _card(request, "article", title, description, url, image, card_alt, size)
    open_graph += [
        ("article:published_time", article.published_at.isoformat()),
        ("article:modified_time", modified.isoformat()),
    ]
    if article.section:
        open_graph.append(("article:section", article.section.name))
    open_graph += [("article:tag", tag) for tag in tags]
    open_graph += [("article:author", absolute(request, author.get_absolute_url())) for author in authors]
    json_ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline,
        "description": description,
        "datePublished": article.published_at.isoformat(),
        "dateModified": modified.isoformat(),
        "author": [
            {"@type": "Person", "name": author.name, "url": absolute(request, author.get_absolute_url())}
            for author in authors
        ],
        "publisher": _publisher(request),
        "keywords": tags,
        "isAccessibleForFree": True,
        "inLanguage": settings.LANGUAGE_CODE,
    }
    # Search engines pick the shape they show: the card, the picture's crops and whole, then the body's.
    pictures = [image] if image else []
    if lead:
        pictures += [absolute(request, path) for path in (*shaped_urls(lead), largest_url(lead))]
    pictures += [absolute(request, path) for path in body_media.picture_urls(article.body_html)]
    if pictures:
        json_ld["image"] = list(dict.fromkeys(pictures))
    if article.section:
        json_ld["articleSection"] = article.section.name
    if article.dateline:
        json_ld["dateline"] = article.dateline
    # The notes under the story, as schema.org has them: a CorrectionComment each, updates included.
    notes = article.corrections.all()
    if notes:
        json_ld["correction"] = [
            {
                "@type": "CorrectionComment",
                "name": note.get_kind_display(),
                "text": note.text,
                "datePublished": note.created_at.isoformat(),
            }
            for note in notes
        ]
    if article.live_started_at:
        _as_live_blog(request, json_ld, article, live_updates, url)
    return PageMeta(open_graph, twitter, json_ld)


def _as_live_blog(request, json_ld, article, updates, url):
    """A live story is a LiveBlogPosting: its coverage times, and each update the page shows."""
    json_ld["@type"] = "LiveBlogPosting"
    json_ld["coverageStartTime"] = article.live_started_at.isoformat()
    if article.live_ended_at:
        json_ld["coverageEndTime"] = article.live_ended_at.isoformat()
    json_ld["liveBlogUpdate"] = [_blog_posting(request, update, url) for update in updates]


def _blog_posting(request, update, url):
    text = plain_text(update.html)
    posting = {
        "@type": "BlogPosting",
        "headline": update.title or shortened(text, 12),
        "articleBody": text,
        "url": f"{url}#{update.anchor}",
        "datePublished": update.created_at.isoformat(),
        "dateModified": update.changed_at.isoformat(),
    }
    name = live.poster_name(update)
    if name:
        posting["author"] = {"@type": "Person", "name": name}
    if update.image:
        posting["image"] = absolute(request, update.image.url)
    return posting


def for_collection(request, name, description):
    """A section or tag page: a CollectionPage that is part of the site."""
    url = absolute(request, request.path)
    open_graph, twitter = _card(request, "website", name, description, url)
    json_ld = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": name,
        "description": description,
        "url": url,
        "isPartOf": {"@type": "WebSite", "name": settings.SITE_NAME, "url": absolute(request, "/")},
        "publisher": _publisher(request),
    }
    return PageMeta(open_graph, twitter, json_ld)


def for_author(request, author, description):
    url = absolute(request, author.get_absolute_url())
    image = absolute(request, author.photo.url) if author.photo else None
    open_graph, twitter = _card(request, "profile", author.name, description, url, image, author.name)
    person = {"@type": "Person", "name": author.name, "url": url}
    if author.job_title:
        person["jobTitle"] = author.job_title
    if author.bio:
        person["description"] = author.bio
    if image:
        person["image"] = image
    links = [link.url for link in author.links.all()]
    if links:
        person["sameAs"] = links
    json_ld = {"@context": "https://schema.org", "@type": "ProfilePage", "url": url, "mainEntity": person}
    return PageMeta(open_graph, twitter, json_ld)


def for_home(request):
    url = absolute(request, "/")
    description = f"The latest news from {settings.SITE_NAME}."
    open_graph, twitter = _card(request, "website", settings.SITE_NAME, description, url)
    json_ld = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": url,
        "publisher": _publisher(request),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute(request, reverse("articles:search")) + "?q={q}",
            },
            "query-input": "required name=q",
        },
    }
    return PageMeta(open_graph, twitter, json_ld)
