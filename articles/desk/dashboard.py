"""The editorial overview on the admin's front page: what is waiting for whom."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Prefetch
from django.utils import timezone

from ..core.permissions import VIEW_PERMISSION
from ..models import Article, Stage, Transition
from .comments import open_count, open_mentions

SHOWN_PER_LIST = 8


@dataclass(frozen=True)
class Mentions:
    count: int
    comments: list


def desk_mentions(user):
    """The open threads that @name the user, newest mention first (two queries)."""
    if not user.has_perm(VIEW_PERMISSION):
        return None
    return Mentions(*open_mentions(user, shown=SHOWN_PER_LIST))


@dataclass(frozen=True)
class DeskList:
    kind: str
    title: str
    count: int
    articles: list
    more_url: str
    empty: str


def desk_overview(user):
    """Four lists, each with its full count and its first few articles, in a fixed number of queries."""
    if not user.has_perm(VIEW_PERMISSION):
        return []
    now = timezone.now()
    lists = [
        (
            "mine",
            "My drafts",
            Article.objects.owned_by(user).in_stage(Stage.DRAFT).order_by("-updated_at"),
            "?state=draft&mine=1",
            "Nothing on your desk.",
        ),
        (
            "review",
            "Awaiting review",
            Article.objects.in_stage(Stage.REVIEW).order_by("updated_at"),
            "?state=review",
            "Nothing waiting for an editor.",
        ),
        (
            "scheduled",
            "Scheduled",
            Article.objects.scheduled().order_by("published_at"),
            "?state=scheduled",
            "Nothing scheduled.",
        ),
        (
            "published",
            "Recently published",
            Article.objects.published().filter(published_at__gte=now - timedelta(days=7)),
            "?state=published",
            "Nothing published in the last seven days.",
        ),
    ]
    bylines = Article.objects.bylines_prefetch()
    # A reporter's draft whose last move was a return shows who returned it and why, on their own list.
    moves = Prefetch("transitions", queryset=Transition.objects.select_related("user"), to_attr="moves")
    return [
        DeskList(
            kind=kind,
            title=title,
            count=queryset.count(),
            articles=list(
                queryset.select_related("section", "last_edited_by")
                .annotate(open_comments=open_count())
                .prefetch_related(bylines, *([moves] if kind == "mine" else []))[:SHOWN_PER_LIST]
            ),
            more_url=more_url,
            empty=empty,
        )
        for kind, title, queryset, more_url, empty in lists
    ]
