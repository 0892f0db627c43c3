"""What readers see now: /front (the lead, the top stories and the breaking strip), a live story's
updates (/articles/{id}/live) and /search, with the site's own rules for each."""

from django.conf import settings
from django.db.models import BigIntegerField, F, Q
from django.db.models.functions import Cast
from ninja import Query, Router

from ..core import frontpage, pagecache
from ..core.search import clean_query, search
from ..desk import live
from ..models import Article, LiveUpdate
from . import cursors, representation
from .answers import answer, next_url
from .problems import Problem
from .schemas import FrontOut, LivePage, ProblemOut, SearchOut

router = Router(tags=["now"])
TOP_STORIES = 1 + frontpage.FEATURED_SLOTS + 10  # the lead, the featured slots and the newest after them
MAX_LIMIT = 100
SCORE_SCALE = 1_000_000  # a rank to six places


@router.get("/front", response={200: FrontOut}, url_name="front")
def front(request):
    """The front page's lead and top stories in the editors' order, and the breaking strip, if any."""
    pinned = frontpage.pinned_articles()
    newest = Article.objects.published().exclude(pk__in=[article.pk for article in pinned.values()])
    lead, featured, rest = frontpage.compose(pinned, newest.order_by("-published_at", "-id")[:TOP_STORIES])
    order = [article.pk for article in (lead, *featured, *rest) if article is not None]
    found = representation.articles(Article.objects.published()).in_bulk(order)
    stories = [
        representation.shown(request, found[pk], representation.LIST_FIELDS) for pk in order if pk in found
    ]
    strip = frontpage.breaking_news()
    breaking = {"text": strip.text, "link": strip.link} if strip else None
    response = answer(
        request,
        {"lead": stories[0] if stories else None, "top": stories[1:], "breaking": breaking},
        tags=[pagecache.FRONT, pagecache.LATEST],
        articles=[found[pk] for pk in order if pk in found],
    )
    response.page_cache_max_age = settings.LIVE_POLL_SECONDS
    return response


@router.get(
    "/articles/{article_id}/live",
    response={200: LivePage, 400: ProblemOut, 404: ProblemOut},
    url_name="article-live",
)
def live_updates(
    request, article_id: int, limit: int = Query(20, ge=1, le=MAX_LIMIT), cursor: str | None = None
):
    """A live story's updates, newest first; follow `next` for older ones."""
    article = Article.objects.published().filter(pk=article_id, live_started_at__isnull=False).first()
    if article is None:
        raise Problem(404, "Not Found", f"no live story {article_id}")
    before = cursors.decode("live", cursor, "cursor")[1] if cursor else None
    if before is not None and not LiveUpdate.objects.filter(pk=before, article=article).exists():
        raise Problem(400, "Bad Request", "'cursor' belongs to another story")
    updates = live.shown(article, before=before, limit=limit + 1)
    following = None
    if len(updates) > limit:
        updates = updates[:limit]
        following = next_url(request, "cursor", cursors.encode("live", None, updates[-1].pk))
    items = [
        {
            "id": update.pk,
            "title": update.title,
            "html": update.html,
            "by": live.poster_name(update),
            "posted_at": representation.when(update.created_at),
            "changed_at": representation.when(update.changed_at),
        }
        for update in updates
    ]
    response = answer(request, {"items": items, "next": following}, articles=[article])
    response.page_cache_max_age = settings.LIVE_POLL_SECONDS
    return response


@router.get("/search", response={200: SearchOut, 400: ProblemOut}, url_name="search")
def search_articles(request, q: str, limit: int = Query(20, ge=1, le=MAX_LIMIT), cursor: str | None = None):
    """The site's own search and ranking over what readers can see, best first; follow `next`."""
    query = clean_query(q)
    if not query:
        raise Problem(400, "Bad Request", "'q': give some words to search for")
    # Ranks are floats; paged by a whole-number score so that a cursor's position compares exactly.
    ranked = search(Article.objects.published(), query).annotate(
        score=Cast(F("rank") * SCORE_SCALE, BigIntegerField())
    )
    if cursor:
        score, moment, pk = cursors.decode("search", cursor, "cursor", scored=True)
        ranked = ranked.filter(
            Q(score__lt=score)
            | Q(score=score, published_at__lt=moment)
            | Q(score=score, published_at=moment, pk__lt=pk)
        )
    page = list(
        ranked.order_by("-score", "-published_at", "-id").values_list("pk", "score", "published_at")[
            : limit + 1
        ]
    )
    following = None
    if len(page) > limit:
        page = page[:limit]
        pk, score, moment = page[-1]
        following = next_url(request, "cursor", cursors.encode("search", moment, pk, score=score))
    found = representation.articles(Article.objects.published()).in_bulk([pk for pk, *_ in page])
    items = [
        representation.shown(request, found[pk], representation.LIST_FIELDS) for pk, *_ in page if pk in found
    ]
    return answer(request, {"query": query, "items": items, "next": following}, tags=[pagecache.SEARCH])
