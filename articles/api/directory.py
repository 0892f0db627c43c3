"""/sections, /topics and /authors: what articles are filed under and written by, as far as the public
sees (only those on at least one article a reader can see), each with its own /{slug}."""

from django.db.models import Q
from django.urls import reverse
from ninja import Query, Router
from taggit.models import Tag

from accounts.models import Author

from ..core import pagecache
from ..models import Article, Section
from . import cursors
from .answers import answer, next_url
from .problems import Problem
from .schemas import AuthorOut, AuthorPage, NamedOut, NamedPage, ProblemOut

router = Router(tags=["sections, topics and authors"])
DEFAULT_LIMIT, MAX_LIMIT = 50, 100


def _section(request, section):
    url = request.build_absolute_uri(section.get_absolute_url())
    return {"slug": section.slug, "name": section.name, "description": section.description, "url": url}


def _topic(request, tag):
    url = request.build_absolute_uri(reverse("articles:tag", args=[tag.slug]))
    return {"slug": tag.slug, "name": tag.name, "description": "", "url": url}


def _author(request, author):
    return {
        "slug": author.slug,
        "name": author.name,
        "job_title": author.job_title,
        "bio": author.bio,
        "url": request.build_absolute_uri(author.get_absolute_url()),
    }


KINDS = {
    "sections": (lambda: Article.objects.credited_in_public(Section.objects.all(), "section"), _section),
    "topics": (lambda: Article.objects.credited_in_public(Tag.objects.all(), "tags"), _topic),
    "authors": (lambda: Article.objects.credited_in_public(Author.objects.all(), "bylines__author"), _author),
}


def _page(request, kind, limit, cursor):
    found, shown = KINDS[kind]
    queryset = found().order_by("slug", "pk")
    if cursor:
        _, pk = cursors.decode(kind, cursor, "cursor")
        slug = queryset.model.objects.filter(pk=pk).values_list("slug", flat=True).first() or ""
        queryset = queryset.filter(Q(slug__gt=slug) | Q(slug=slug, pk__gt=pk))
    page = list(queryset[: limit + 1])
    following = None
    if len(page) > limit:
        page = page[:limit]
        following = next_url(request, "cursor", cursors.encode(kind, None, page[-1].pk))
    # Which sections, topics and authors have public articles changes with each publication.
    items = [shown(request, item) for item in page]
    return answer(request, {"items": items, "next": following}, tags=[pagecache.LATEST])


def _one(request, kind, slug):
    found, shown = KINDS[kind]
    item = found().filter(slug=slug).first()
    if item is None:
        raise Problem(404, "Not Found", f"no {kind[:-1]} {slug!r} on any public article")
    return answer(request, shown(request, item), tags=[pagecache.LATEST])


@router.get("/sections", response={200: NamedPage, 400: ProblemOut}, url_name="sections")
def section_list(request, limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT), cursor: str | None = None):
    """Sections, by slug."""
    return _page(request, "sections", limit, cursor)


@router.get("/sections/{slug}", response={200: NamedOut, 404: ProblemOut}, url_name="section")
def section_detail(request, slug: str):
    return _one(request, "sections", slug)


@router.get("/topics", response={200: NamedPage, 400: ProblemOut}, url_name="topics")
def topic_list(request, limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT), cursor: str | None = None):
    """Topics (the desk's tags), by slug."""
    return _page(request, "topics", limit, cursor)


@router.get("/topics/{slug}", response={200: NamedOut, 404: ProblemOut}, url_name="topic")
def topic_detail(request, slug: str):
    return _one(request, "topics", slug)


@router.get("/authors", response={200: AuthorPage, 400: ProblemOut}, url_name="authors")
def author_list(request, limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT), cursor: str | None = None):
    """Authors with a byline on a public article, by slug."""
    return _page(request, "authors", limit, cursor)


@router.get("/authors/{slug}", response={200: AuthorOut, 404: ProblemOut}, url_name="author")
def author_detail(request, slug: str):
    return _one(request, "authors", slug)
