"""Keeping what is derived from articles current: their search documents and their related reading.

A write calls refresh_later(ids); when its transaction commits, every article it touched is refreshed
once, in the background (refresh_articles), however many times it was touched.
"""

import threading

from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from taggit.models import Tag

from accounts.models import Author
from newsroom.text import plain_text

from ..core import invalidation
from ..core.background import retried
from ..core.search import uses_database_search
from ..models import Article, Byline, Status, TaggedArticle
from . import reading

_pending = threading.local()

VECTOR_SQL = """
UPDATE articles_article AS a SET search_vector =
    setweight(to_tsvector(%(config)s::regconfig, coalesce(a.headline, '')), 'A')
    || setweight(to_tsvector(%(config)s::regconfig, coalesce(a.dek, '')), 'B')
    || setweight(to_tsvector(%(config)s::regconfig, p.body), 'C')
    || setweight(to_tsvector(%(config)s::regconfig, concat_ws(' ',
        (SELECT string_agg(t.name, ' ') FROM articles_taggedarticle ta
            JOIN taggit_tag t ON t.id = ta.tag_id WHERE ta.content_object_id = a.id),
        (SELECT string_agg(au.name, ' ') FROM articles_byline b
            JOIN accounts_author au ON au.id = b.author_id WHERE b.article_id = a.id))), 'D')
FROM unnest(%(ids)s::bigint[], %(bodies)s::text[]) AS p(id, body)
WHERE a.id = p.id
"""
REINDEX_BATCH = 500  # bodies read and sent back at a time


def refresh_later(article_ids):
    """Refresh these articles' derived data once the current transaction commits (at once outside one)."""
    ids = getattr(_pending, "ids", None)
    if ids is None:
        ids = _pending.ids = set()
    ids.update(pk for pk in article_ids if pk is not None)
    # One callback per call: a callback registered inside a savepoint that rolls back is dropped, so
    # the set is flushed by whichever callback survives; the others find it empty.
    transaction.on_commit(_enqueue)


def _enqueue():
    ids, _pending.ids = getattr(_pending, "ids", None), set()
    if ids:
        refresh_articles.enqueue(sorted(ids))


@retried
def refresh_articles(article_ids):
    """Search documents and related reading of articles whose text, tags or bylines changed."""
    reindex(article_ids)
    chosen = reading.refresh(article_ids)
    if Article.objects.filter(pk__in=article_ids, status=Status.PUBLISHED).exists():
        invalidation.reading_changed(chosen)


def reindex(article_ids):
    """Recompute the search document of these articles (a no-op where the database has no full-text search)."""
    ids = [article_id for article_id in article_ids if article_id is not None]
    if not (ids and uses_database_search()):
        return
    ids = sorted(set(ids))
    for start in range(0, len(ids), REINDEX_BATCH):
        # The rows are locked in id order first: two imports refreshing the same articles at once then
        # wait for each other instead of deadlocking (an UPDATE's join visits rows in no set order).
        with transaction.atomic():
            rows = (
                Article.objects.filter(pk__in=ids[start : start + REINDEX_BATCH])
                .order_by("pk")
                .select_for_update()
                .values_list("pk", "body")
            )
            found, bodies = [], []
            for pk, body in rows:
                found.append(pk)
                # The body as readers read it ("Mark<sup>up</sup>" is one word), by the one plain-text rule.
                bodies.append(plain_text(body))
            with connection.cursor() as cursor:
                cursor.execute(VECTOR_SQL, {"config": settings.SEARCH_CONFIG, "ids": found, "bodies": bodies})


# Names that articles' search documents carry, edited elsewhere in the desk.


@receiver(post_save, sender=Author)
def _author_renamed(sender, instance, created, **kwargs):
    if not created:
        refresh_later(Byline.objects.filter(author=instance).values_list("article_id", flat=True))


@receiver(post_save, sender=Tag)
def _tag_renamed(sender, instance, created, **kwargs):
    if not created:
        refresh_later(TaggedArticle.objects.filter(tag=instance).values_list("content_object_id", flat=True))
