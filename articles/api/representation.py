"""An article as the API shows it: one writer for lists, details and the changes feed.

Read with `articles()` (the queryset's related rows in a fixed number of queries, whatever the count).
"""

from datetime import UTC

from django.core.files.storage import default_storage
from django.db.models import Prefetch

from ..models import Article, Correction

FIELDS = (
    "id", "slug", "url", "headline", "standfirst", "section", "topics", "bylines", "published_at",
    "updated_at", "dateline", "body_html", "lead_image", "corrections", "live", "seo", "social",
)  # fmt: skip
LIST_FIELDS = tuple(name for name in FIELDS if name != "body_html")


def articles(queryset, *, ninjs=False, fields=FIELDS):
    """`queryset` with what shown(…, fields) reads (or, with `ninjs`, the exporter's item()): section and
    pictures joined, bylines, topics and corrections prefetched when asked for (four queries at most)."""
    wanted = set(FIELDS) if ninjs else set(fields)
    found = queryset.select_related("section", "lead_image", "social_image")
    related = {
        "bylines": Article.objects.bylines_prefetch(),
        "topics": Article.objects.topics_prefetch(),
        "corrections": Prefetch("corrections", queryset=Correction.objects.order_by("created_at", "id")),
    }
    found = found.prefetch_related(*(prefetch for name, prefetch in related.items() if name in wanted))
    unread = ("search_vector", "reading_list", "source_checksum") if ninjs else UNREAD
    return found.defer(*unread)


UNREAD = ("search_vector", "reading_list", "source", "source_checksum", "body")
NINJS = "application/vnd.iptc.ninjs+json"


def wants_ninjs(request, format):
    """IPTC ninjs 2.1 instead of our JSON: ?format=ninjs, or asked for in Accept."""
    return format == "ninjs" or (format is None and NINJS in request.headers.get("Accept", ""))


def shown(request, article, fields=FIELDS):
    """The article as a dict of `fields` (names of FIELDS), in FIELDS' order."""
    return {name: _FIELD[name](request, article) for name in FIELDS if name in fields}


def when(moment):
    """ISO 8601 in UTC, with its offset."""
    return moment.astimezone(UTC).isoformat() if moment else None


def _picture(request, image, *, alt="", caption="", credit=""):
    if image is None:
        return None
    return {
        "url": request.build_absolute_uri(image.file.url),
        "width": image.width,
        "height": image.height,
        "alt": alt,
        "caption": caption,
        "credit": credit,
        "renditions": [
            {
                "url": request.build_absolute_uri(default_storage.url(rendition["name"])),
                "width": rendition["width"],
                "height": rendition["height"],
                "type": f"image/{rendition['format']}",
            }
            for rendition in image.renditions or []
            if not rendition.get("crop")
        ],
    }


_FIELD = {
    "id": lambda request, article: article.pk,
    "slug": lambda request, article: article.slug,
    "url": lambda request, article: request.build_absolute_uri(article.get_absolute_url()),
    "headline": lambda request, article: article.headline,
    "standfirst": lambda request, article: article.dek,
    "section": lambda request, article: {"slug": article.section.slug, "name": article.section.name},
    "topics": lambda request, article: [{"slug": tag.slug, "name": tag.name} for tag in article.topics],
    "bylines": lambda request, article: [
        {
            "name": byline.author.name,
            "slug": byline.author.slug,
            "url": request.build_absolute_uri(byline.author.get_absolute_url()),
        }
        for byline in article.bylines.all()
    ],
    "published_at": lambda request, article: when(article.published_at),
    "updated_at": lambda request, article: when(article.updated_at),
    "dateline": lambda request, article: article.dateline,
    "body_html": lambda request, article: article.body_html,
    "lead_image": lambda request, article: _picture(
        request,
        article.lead_image,
        alt=article.lead_alt,
        caption=article.lead_caption,
        credit=article.lead_credit,
    ),
    "corrections": lambda request, article: [
        {"kind": correction.kind, "text": correction.text, "at": when(correction.created_at)}
        for correction in article.corrections.all()
    ],
    "live": lambda request, article: (
        {
            "started_at": when(article.live_started_at),
            "ended_at": when(article.live_ended_at),
        }
        if article.live_started_at
        else None
    ),
    "seo": lambda request, article: {"title": article.seo_title, "description": article.seo_description},
    "social": lambda request, article: {
        "headline": article.social_headline,
        "image": _picture(request, article.social_image, alt=article.social_image.alt)
        if article.social_image
        else None,
    },
}
