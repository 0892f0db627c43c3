"""/changes: every change to what the public sees, oldest first, from the outbox (models/changes.py).

A partner that follows `next` from the start, and applies each change (fetch on published, updated and
corrected; drop on unpublished and deleted), holds exactly the public archive. Events show once their
moment has come (a scheduled publication at its time) and CHANGES_SETTLE_SECONDS have passed, so a
transaction that commits a little after its events' moment is never skipped by a reader already past it.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from ninja import Query, Router

from ..models import Article, ChangeEvent
from ..models.changes import ARTICLE_CHANGES
from . import cursors, representation
from .answers import answer, next_url
from .schemas import ChangePage, ProblemOut

router = Router(tags=["changes"])
MAX_LIMIT = 100


@router.get("/changes", response={200: ChangePage, 400: ProblemOut}, url_name="changes")
def change_list(
    request,
    since: str | None = Query(None, description="the position 'next' gave; from the first change without it"),
    limit: int = Query(MAX_LIMIT, ge=1, le=MAX_LIMIT),
):
    """Changes oldest first, each with the article as the public sees it now (null once it is gone)."""
    settled = timezone.now() - timedelta(seconds=settings.CHANGES_SETTLE_SECONDS)
    events = ChangeEvent.objects.filter(at__lte=settled, change__in=ARTICLE_CHANGES)
    position = None
    if since:
        position = cursors.decode("changes", since, "since")
        events = events.filter(Q(at__gt=position[0]) | Q(at=position[0], pk__gt=position[1]))
    page = list(events.order_by("at", "id")[:limit])
    public = {
        article.pk: article
        for article in representation.articles(
            Article.objects.published().filter(pk__in={event.article_id for event in page})
        )
    }
    if page:
        position = (page[-1].at, page[-1].pk)
    # Always a `next`: where to ask again, even when nothing has changed yet.
    following = (
        next_url(request, "since", cursors.encode("changes", *position))
        if position
        else (request.build_absolute_uri(request.get_full_path()))
    )
    items = [
        {
            "id": event.article_id,
            "change": event.change,
            "at": representation.when(event.at),
            "article": representation.shown(request, public[event.article_id], representation.LIST_FIELDS)
            if event.article_id in public
            else None,
        }
        for event in page
    ]
    # Never from a cache for long: a partner polls it to learn what happened since.
    return answer(request, {"items": items, "next": following}, max_age=0)
