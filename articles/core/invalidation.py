"""What a write retires from the caches: the one rule from a change to the tags of the answers it
touched (the tags are pagecache's; every answer names what it shows).

- Any change readers can see to an article retires every answer that shows it (its page, each list,
  feed and API answer it appears in), the search results and the sitemaps.
- A change to what lists it is in (published or taken down, moved in time, a new address, another
  section, other topics or authors) also retires those lists: the newest, its section's, topics' and
  authors' (as they were and as they are), and the answers for addresses nothing filled.
- A section gaining its first public article or losing its last changes every page's menu: all go.
- A scheduled article is no answer's until its time comes: the page cache's record retires everything
  at that moment, so a write that brings the next such moment forward moves the record on.
"""

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from ..models import Article, Byline, Status, TaggedArticle
from . import pagecache
from .changes import visible

# Fields whose change moves an article in or out of, or along, the lists that show it.
LISTED_BY = {"status", "published_at", "slug", "section_id", "bylines", "tags"}


def article_saved(article, stored, changed, moved_subjects=()):
    """After save_article's write: `stored` is the row before (or None), `changed` the fields that
    changed, `moved_subjects` the tags of topics and authors it joined or left."""
    now = timezone.now()
    seen_before = stored is not None and visible(stored["status"], stored["published_at"], now)
    seen_now = visible(article.status, article.published_at, now)
    if article.status == Status.PUBLISHED and not seen_now:
        _schedule_changed()
    if not (seen_before or seen_now):
        return
    tags = {pagecache.article_tag(article.pk), pagecache.SEARCH, pagecache.SITEMAP}
    if seen_before != seen_now or changed & LISTED_BY:
        tags |= {pagecache.LATEST, pagecache.MISSING, *moved_subjects}
        tags |= subjects([article.pk], {article.pk: article.section_id})
        before = stored["section_id"] if seen_before else None
        after = article.section_id if seen_now else None
        if stored is not None and stored["section_id"] != article.section_id:
            tags.add(pagecache.section_tag(stored["section_id"]))
        if before != after and _menu_changes(gained={after}, lost={before}):
            tags = None
    pagecache.content_changed(tags=tags)


def articles_created(articles):
    """After the importer's batch of new articles: the lists the published ones join."""
    now = timezone.now()
    seen = [article for article in articles if visible(article.status, article.published_at, now)]
    if any(article.status == Status.PUBLISHED and article not in seen for article in articles):
        _schedule_changed()
    if seen:
        tags = {pagecache.LATEST, pagecache.MISSING, pagecache.SEARCH, pagecache.SITEMAP}
        tags |= subjects([article.pk for article in seen], {a.pk: a.section_id for a in seen})
        gained = {article.section_id for article in seen}
        pagecache.content_changed(tags=None if _menu_changes(gained=gained) else tags)


def articles_shown_changed(article_ids):
    """Something shown with these articles changed (a live update, a correction, a picture, their
    reading lists): the answers that show them, and the sitemaps' times."""
    tags = {pagecache.article_tag(pk) for pk in article_ids}
    if tags:
        pagecache.content_changed(tags=tags | {pagecache.SITEMAP})


def reading_changed(article_ids):
    """These articles' reading lists changed: only their own pages show them."""
    tags = {pagecache.reading_tag(pk) for pk in article_ids}
    if tags:
        pagecache.content_changed(tags=tags)


def subjects(article_ids, sections):
    """The tags of the lists these articles are in by subject: their sections, topics and authors."""
    tags = {pagecache.section_tag(pk) for pk in sections.values() if pk is not None}
    tags |= {
        pagecache.topic_tag(pk)
        for pk in TaggedArticle.objects.filter(content_object_id__in=article_ids).values_list(
            "tag_id", flat=True
        )
    }
    tags |= {
        pagecache.author_tag(pk)
        for pk in Byline.objects.filter(article_id__in=article_ids).values_list("author_id", flat=True)
    }
    return tags


def _menu_changes(gained=(), lost=()):
    """Every page's menu lists the sections with something public: a section that has just gained
    its first article, or lost its last, changes every page (one query, inside the write)."""
    gained, lost = {pk for pk in gained if pk is not None}, {pk for pk in lost if pk is not None}
    section_ids = gained | lost
    if not section_ids:
        return False
    counts = dict(
        Article.objects.published()
        .filter(section_id__in=section_ids)
        .order_by()  # the default ordering would split the groups
        .values_list("section_id")
        .annotate(public=Count("id"))
        .values_list("section_id", "public")
    )
    # A publication is counted already: the first one leaves one; the last one gone leaves none.
    return any(counts.get(pk, 0) <= 1 for pk in gained) or any(pk not in counts for pk in lost)


def _schedule_changed():
    transaction.on_commit(pagecache.reschedule, robust=True)
