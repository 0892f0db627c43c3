"""Related reading: chosen in the background after a save, from bounded queries; shown from stored ids.

An article's "Related" list is the articles sharing most of its tags (newest first among equals), filled
up from its section's newest; "More from" is its first author's newest other work. Both are chosen by
refresh() and stored in Article.reading_list, so the article page reads them in one query whatever the
size of the archive. Candidates are the newest few hundred per tag and per author (indexed, no sort), and
scheduled articles are kept: the page shows only those a reader may see at the time it is rendered.
"""

from collections import Counter, defaultdict

from ..models import Article, Byline, Status, TaggedArticle

SHOWN = 4  # per list on the page
KEPT = 8  # stored per list: room for some to be unpublished later
CANDIDATES_PER_TAG = 200


def refresh(article_ids):
    """Choose the reading lists of these articles, then of the articles they now point to.

    The second round lets an older story learn of a newer one on its subject or by its author.
    Returns the ids of the articles whose lists changed (their pages show other headlines now).
    """
    chosen, changed = _choose_and_store(set(article_ids))
    neighbours = {other for lists in chosen.values() for ids in lists.values() for other in ids}
    _, changed_too = _choose_and_store(neighbours - set(chosen))
    return changed | changed_too


def shown(article):
    """(related, more_by) for the article page: readable articles only, in the stored order."""
    stored = article.reading_list or {}
    related_ids, more_ids = stored.get("related", []), stored.get("more_by", [])
    found = (
        Article.objects.published()
        .teaser_columns()
        .select_related("section", "lead_image")
        .in_bulk([*related_ids, *more_ids])
    )
    related = [found[pk] for pk in related_ids if pk in found][:SHOWN]
    taken = {article.pk for article in related}
    more_by = [found[pk] for pk in more_ids if pk in found and pk not in taken][:SHOWN]
    return related, more_by


def _choose_and_store(article_ids):
    articles = list(
        Article.objects.filter(pk__in=article_ids).only("pk", "section_id", "status", "reading_list")
    )
    if not articles:
        return {}, set()
    tags = defaultdict(list)
    for article_id, tag_id in TaggedArticle.objects.filter(content_object__in=article_ids).values_list(
        "content_object_id", "tag_id"
    ):
        tags[article_id].append(tag_id)
    first_authors = _first_authors(article_ids)

    tagged = _newest(TaggedArticle, "tag_id", "content_object_id", {t for ids in tags.values() for t in ids})
    by_author = _newest(Byline, "author_id", "article_id", set(first_authors.values()))
    sections = {article.section_id for article in articles if article.section_id}
    section_newest = {
        section_id: list(
            Article.objects.filter(section_id=section_id, status=Status.PUBLISHED)
            .order_by("-published_at", "-id")
            .values_list("pk", flat=True)[: KEPT + 1]
        )
        for section_id in sections
    }
    candidates = {pk for ids in [*tagged.values(), *by_author.values()] for pk in ids}
    publishable = dict(
        Article.objects.filter(pk__in=candidates, status=Status.PUBLISHED).values_list("pk", "published_at")
    )

    chosen, changed = {}, []
    for article in articles:
        shared = Counter(pk for tag_id in tags[article.pk] for pk in tagged.get(tag_id, []))
        related = sorted(
            (pk for pk in shared if pk in publishable and pk != article.pk),
            key=lambda pk: (shared[pk], publishable[pk], pk),
            reverse=True,
        )[:KEPT]
        for pk in section_newest.get(article.section_id, []):
            if len(related) >= KEPT:
                break
            if pk != article.pk and pk not in related:
                related.append(pk)
        author_work = by_author.get(first_authors.get(article.pk), [])
        more_by = sorted(
            (pk for pk in author_work if pk in publishable and pk != article.pk),
            key=lambda pk: (publishable[pk], pk),
            reverse=True,
        )[:KEPT]
        lists = {"related": related, "more_by": more_by}
        if article.reading_list != lists:
            article.reading_list = lists
            changed.append(article)
        chosen[article.pk] = lists
    Article.objects.bulk_update(changed, ["reading_list"], batch_size=500)
    return chosen, {article.pk for article in changed}


def _first_authors(article_ids):
    first = {}
    for article_id, author_id in (
        Byline.objects.filter(article__in=article_ids)
        .order_by("order", "id")
        .values_list("article_id", "author_id")
    ):
        first.setdefault(article_id, author_id)
    return first


def _newest(model, key, article_field, keys):
    """For each key (a tag or an author), the ids of its newest articles, through an index, unsorted."""
    return {
        value: list(
            model.objects.filter(**{key: value})
            .order_by(f"-{article_field}")
            .values_list(article_field, flat=True)[:CANDIDATES_PER_TAG]
        )
        for value in keys
    }
