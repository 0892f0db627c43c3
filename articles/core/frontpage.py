"""The front page as editors program it: a pinned lead, ordered featured slots, a breaking-news strip.

A slot shows only while its article is public and its `until` has not passed; an empty, expired or
unpublished slot is filled by the newest article not shown elsewhere on the page. The moments a slot
or the strip expires are moments the page changes without a write, so the page cache's record counts
them (cache.next_change) as it counts scheduled publications.
"""

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from ..models import Article, BreakingNews, FrontPageSlot
from . import changes

FEATURED_SLOTS = 4  # positions 1..4; position 0 is the lead


def live_slots(now=None):
    return FrontPageSlot.objects.filter(Q(until__isnull=True) | Q(until__gt=now or timezone.now()))


def pinned_articles():
    """{position: article} for the slots a reader can see now, in one query (teaser columns)."""
    articles = (
        Article.objects.published()
        .teaser_columns()
        .select_related("section", "front_slot", "lead_image")
        .filter(front_slot__in=live_slots())
    )
    return {article.front_slot.position: article for article in articles}


def staged_articles(rows, now=None):
    """{position: article} that readers would see now if `rows` (as arrange() takes them) were saved."""
    now = now or timezone.now()
    wanted = {
        position: row[0].pk
        for position, row in enumerate(rows)
        if row is not None and (row[1] is None or row[1] > now)
    }
    public = (
        Article.objects.published()
        .teaser_columns()
        .select_related("section", "lead_image")
        .in_bulk(wanted.values())
    )
    return {position: public[pk] for position, pk in wanted.items() if pk in public}


def compose(pinned, newest):
    """The lead, the featured list and the rest: each empty place taken by the next of `newest`
    (newest first, none of them pinned)."""
    rest = list(newest)
    lead = pinned.get(0) or (rest.pop(0) if rest else None)
    featured = []
    for position in range(1, FEATURED_SLOTS + 1):
        article = pinned.get(position) or (rest.pop(0) if rest else None)
        if article is not None:
            featured.append(article)
    return lead, featured, rest


def arrange(rows, user):
    """Store the front page as a list of (article, until) or None, position by position, at once.

    Saved row by row (five at most) so that the page cache's signals see every change.
    """
    with transaction.atomic():
        before = _line_up(FrontPageSlot.objects.order_by("position"))
        FrontPageSlot.objects.all().delete()
        for position, row in enumerate(rows):
            if row is not None:
                FrontPageSlot.objects.create(position=position, article=row[0], until=row[1], placed_by=user)
        ends = [row[1] for row in rows if row is not None and row[1] is not None]
        changes.front_page_arranged(before, _line_up(FrontPageSlot.objects.order_by("position")), ends)


def _line_up(slots):
    return [(slot.position, slot.article_id, slot.until) for slot in slots]


def breaking_news():
    """The strip readers see now, or None."""
    now = timezone.now()
    return (
        BreakingNews.objects.filter(live=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .only("text", "link")
        .first()
    )


def next_expiry(now=None):
    """The next moment a slot or the strip expires by itself, or None."""
    now = now or timezone.now()
    slot = FrontPageSlot.objects.filter(until__gt=now).aggregate(first=Min("until"))["first"]
    strip = BreakingNews.objects.filter(live=True, expires_at__gt=now).aggregate(first=Min("expires_at"))
    moments = [moment for moment in (slot, strip["first"]) if moment is not None]
    return min(moments) if moments else None
