"""/articles: what readers can see, newest first, a page at a time through keyset cursors."""

from datetime import datetime
from enum import StrEnum
from functools import partial

from django.db.models import Q
from ninja import Query, Router

from ..core import pagecache
from ..exporters import ninjs as exported
from ..models import Article, ChangeEvent, Status
from . import cursors, representation
from .answers import JSON, answer, next_url
from .problems import Problem
from .schemas import ArticleOut, ArticlePage, ProblemOut

router = Router(tags=["articles"])
DEFAULT_LIMIT, MAX_LIMIT = 20, 100
ERRORS = {400: ProblemOut, 404: ProblemOut, 410: ProblemOut}


class Format(StrEnum):
    """Our JSON, or IPTC ninjs 2.1 as the exporter writes it (also asked for with Accept)."""

    JSON = "json"
    NINJS = "ninjs"


@router.get("/articles", response={200: ArticlePage, 400: ProblemOut}, url_name="articles")
def article_list(
    request,
    section: list[str] = Query(None, description="a section's slug; repeat for several (any of them)"),
    topic: list[str] = Query(None, description="a topic's slug; repeat for several (any of them)"),
    author: list[str] = Query(None, description="an author's slug; repeat for several (any of them)"),
    published_after: datetime | None = None,
    published_before: datetime | None = None,
    updated_since: datetime | None = None,
    ids: str | None = Query(None, description="comma-separated article ids"),
    fields: str | None = Query(None, description="comma-separated fields to return, e.g. id,headline,url"),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    cursor: str | None = Query(None, description="the position 'next' gave; opaque"),
    format: Format | None = None,
):
    """Published articles, newest first (published_at, then id), `limit` at a time; follow `next`."""
    shown = _fields(fields, representation.LIST_FIELDS)
    # A preview key sees scheduled articles too (drafts, which have no time to page by, one by one).
    found = (
        Article.objects.filter(status=Status.PUBLISHED)
        if request.auth.previews
        else Article.objects.published()
    )
    if section:
        found = found.filter(section__slug__in=section)
    if topic:
        found = found.filter(tags__slug__in=topic)
    if author:
        found = found.filter(bylines__author__slug__in=author)
    if topic or author:  # several of an article's topics or authors may match: it is listed once
        found = found.distinct()
    if published_after:
        found = found.filter(published_at__gt=published_after)
    if published_before:
        found = found.filter(published_at__lt=published_before)
    if updated_since:
        found = found.filter(updated_at__gte=updated_since)
    if ids:
        found = found.filter(pk__in=_ids(ids))
    if cursor:
        moment, pk = cursors.decode("articles", cursor, "cursor")
        found = found.filter(Q(published_at__lt=moment) | Q(published_at=moment, pk__lt=pk))
    ninjs = representation.wants_ninjs(request, format)
    ordered = found.order_by("-published_at", "-id")
    page = list(representation.articles(ordered, ninjs=ninjs, fields=shown)[: limit + 1])
    following = None
    if len(page) > limit:
        page = page[:limit]
        last = page[-1]
        following = next_url(request, "cursor", cursors.encode("articles", last.published_at, last.pk))
    write = exported.item if ninjs else partial(representation.shown, request, fields=shown)
    return answer(
        request,
        {"items": [write(article) for article in page], "next": following},
        content_type=representation.NINJS if ninjs else JSON,
        tags=[pagecache.LATEST],
        articles=page,
    )


@router.get("/articles/{article_id}", response={200: ArticleOut, **ERRORS}, url_name="article")
def article_detail(request, article_id: int, fields: str | None = None, format: Format | None = None):
    """One article as readers see it; 410 Gone once it has been unpublished or deleted."""
    return _one(request, {"pk": article_id}, fields, format)


@router.get("/articles/by-slug/{slug}", response={200: ArticleOut, **ERRORS}, url_name="article-by-slug")
def article_by_slug(request, slug: str, fields: str | None = None, format: Format | None = None):
    return _one(request, {"slug": slug}, fields, format)


def _one(request, lookup, fields, format):
    shown = _fields(fields, representation.FIELDS)
    ninjs = representation.wants_ninjs(request, format)
    article = representation.articles(_visible(request), ninjs=ninjs, fields=shown).filter(**lookup).first()
    if article is None:
        if "slug" in lookup:
            gone = Article.objects.filter(**lookup).values_list("pk", flat=True).first()
            _missing(gone, f"no article at the slug {lookup['slug']!r}")
        _missing(lookup["pk"])
    if ninjs:
        return answer(request, exported.item(article), content_type=representation.NINJS, articles=[article])
    return answer(request, representation.shown(request, article, shown), articles=[article])


def _visible(request):
    """The reader rule, or for a preview key every article, as the desk sees them."""
    return Article.objects.all() if request.auth.previews else Article.objects.published()


def _missing(article_id, detail=""):
    """404, or 410 Gone for an article the public once saw (the changes feed says when it went)."""
    if (
        article_id is not None
        and ChangeEvent.objects.filter(
            article_id=article_id, change__in=[ChangeEvent.Change.UNPUBLISHED, ChangeEvent.Change.DELETED]
        ).exists()
    ):
        raise Problem(410, "Gone", f"article {article_id} was taken down; see /api/v1/changes")
    raise Problem(404, "Not Found", detail or f"no article {article_id}")


def _fields(fields, default):
    if not fields:
        return default
    wanted = [name.strip() for name in fields.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in representation.FIELDS]
    if unknown:
        raise Problem(
            400,
            "Bad Request",
            f"'fields': unknown field {unknown[0]!r}; known: {', '.join(representation.FIELDS)}",
        )
    return tuple(wanted)


def _ids(text):
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise Problem(400, "Bad Request", "'ids': comma-separated whole numbers, such as 12,40,41") from None
