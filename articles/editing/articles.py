"""THE write path: every writer of an article saves it through save_article().

The desk's form, the importer, restoring a revision, the workflow's moves (and every later writer:
autosave, an API) call it. It checks the fields, sets the stored forms pages read (cleaned body HTML,
summary, word count), keeps an old public address redirecting, replaces bylines and tags, records a
revision when the text changed, records what the public sees change (core/changes.py, in the same
transaction), and leaves the slow rest to run after the transaction commits:
search document and related reading, the page cache. (Pictures are the library's: see library.py.)
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag

from accounts.models import Author
from newsroom.text import safe_text

from ..core import body_media, changes, invalidation, pagecache
from ..core.sanitize import BodyWouldLoseText, reading_forms
from ..models import Article, BodyImage, Byline, Image, Revision, Section, SlugRedirect, Status, TaggedArticle
from . import indexing, revisions

# What readers read: a change to any of these on a live article moves its "Updated on".
READER_TEXT = ("headline", "dek", "dateline", "body", "lead_image", "lead_image_caption")
# What is compared with the stored row to tell what a save changed (revisions keep the text ones).
TRACKED = (
    *revisions.TEXT_FIELDS,
    "section_id",
    "status",
    "published_at",
    "source_checksum",
)
REVISED = {*revisions.TEXT_FIELDS, "section_id", "bylines", "tags"}


def save_article(article, *, by=None, bylines=None, tags=None, summary=""):
    """Save `article` (new or not) as the one write path does; return the names of what changed.

    `bylines` (Authors, in order) and `tags` (names or Tags) replace the current ones when given.
    `summary` names the change in the revision history ("Imported from …"); by default it lists the
    fields that changed. Raises ValidationError, leaving the database as it was, when a field is invalid.
    """
    stored = _stored(article)
    created = stored is None
    _check(article)
    _set_reading_forms(article)
    if by is not None:
        article.last_edited_by = by
        if created:
            article.created_by = by
    changed = {name for name in TRACKED if created or stored[name] != _value(article, name)}
    if not created and changed & set(READER_TEXT) and _is_public(stored) and article.is_published:
        article.revised_at = timezone.now()

    with transaction.atomic():
        article.save()
        if created or "slug" in changed:
            _keep_old_address(article, stored)
        if bylines is None and created and getattr(by, "author", None) is not None:
            # A reporter's own story carries their byline unless they chose others.
            bylines = [by.author]
        moved = set()  # the topics and authors whose lists it joined or left
        if bylines is not None and (authors := _replace_bylines(article, bylines)) is not None:
            changed.add("bylines")
            moved |= {pagecache.author_tag(pk) for pk in authors}
        if tags is not None and (topics := _replace_tags(article, tags)) is not None:
            changed.add("tags")
            moved |= {pagecache.topic_tag(pk) for pk in topics}
        if created or "body" in changed:
            _replace_body_images(article)
        if created or changed & REVISED:
            revisions.record(article, by, summary)
        changes.saved(article, stored, changed)
        invalidation.article_saved(article, stored, changed, moved)
        indexing.refresh_later([article.pk])
    return changed


def restore_revision(article, revision, by):
    """Put the article's text, section, bylines and tags back as `revision` had them: a new revision."""
    data = revision.data
    for name in revisions.TEXT_FIELDS:
        if name == "slug" and article.status == Status.PUBLISHED:
            continue  # a published address stays put
        if name not in data:
            continue  # kept before revisions held it: left as it is
        if name in revisions.PICTURE_FIELDS:
            setattr(article, name, revisions.picture_of(data, name))
        else:
            setattr(article, name, data[name])
    section = data.get("section")
    if section and Section.objects.filter(pk=section[0]).exists():
        article.section_id = section[0]
    authors = Author.objects.in_bulk([author_id for author_id, _ in data.get("bylines", [])])
    bylines = [authors[author_id] for author_id, _ in data.get("bylines", []) if author_id in authors]
    summary = f"Restored revision {revision.number}"
    changed = save_article(article, by=by, bylines=bylines, tags=data.get("tags", []), summary=summary)
    if not changed & REVISED:
        revisions.record(article, by, summary)  # a restore is always in the history, even of equal text


def _set_reading_forms(article):
    try:
        forms = reading_forms(body=article.body, dek=article.dek, dateline=article.dateline)
    except BodyWouldLoseText as error:
        raise ValidationError({"body": str(error)}) from None
    shown = body_media.image_ids(forms.body)
    pictures = Image.objects.in_bulk(shown) if shown else {}  # no query for a body without pictures
    article.body, article.body_html = forms.body, body_media.render(forms.body_html, pictures)
    article.summary, article.word_count = forms.summary, forms.word_count


def rerender_bodies(article_ids):
    """Write again the stored HTML of bodies whose library pictures changed (their sizes made, their
    credit edited). Not an edit: no revision, no "Updated on"."""
    for article in Article.objects.filter(pk__in=article_ids).only("pk", "body", "dek", "dateline"):
        _set_reading_forms(article)
        Article.objects.filter(pk=article.pk).update(body_html=article.body_html)


def _replace_body_images(article):
    """The library keeps the pictures a body shows (BodyImage protects them from deletion)."""
    wanted = set(body_media.image_ids(article.body))
    current = set(BodyImage.objects.filter(article=article).values_list("image_id", flat=True))
    BodyImage.objects.filter(article=article, image_id__in=current - wanted).delete()
    BodyImage.objects.bulk_create(_body_image_rows({article: wanted - current}))


def _body_image_rows(pictured):
    """BodyImage rows for {article: picture ids}, for the pictures the library still holds (one query)."""
    wanted = {image_id for ids in pictured.values() for image_id in ids}
    existing = set(Image.objects.filter(pk__in=wanted).values_list("pk", flat=True)) if wanted else set()
    return [
        BodyImage(article=article, image_id=image_id)
        for article, ids in pictured.items()
        for image_id in ids
        if image_id in existing
    ]


def _stored(article):
    if article.pk is None:
        return None
    return Article.objects.filter(pk=article.pk).values(*TRACKED).first()


def _value(article, name):
    return getattr(article, f"{name}_id") if name in revisions.PICTURE_FIELDS else getattr(article, name)


def _is_public(stored):
    return stored["status"] == Status.PUBLISHED and stored["published_at"] <= timezone.now()


def _check(article):
    """The fields' own rules (required, lengths, choices), without a query: forms and the importer
    check uniqueness before they get here, and the database's constraints back them."""
    # Foreign keys would each cost a query (the database's constraints back them).
    article.clean_fields(exclude=["section", "created_by", "last_edited_by", "lead_image"])
    if article.status == Status.PUBLISHED and article.published_at is None:
        raise ValidationError({"published_at": "A published article needs its publication time."})


def _keep_old_address(article, stored):
    """A slug taken back stops redirecting; an address readers may have seen keeps working."""
    _release_slugs([article.slug])
    if stored is not None and stored["status"] == Status.PUBLISHED:
        SlugRedirect.objects.update_or_create(old_slug=stored["slug"], defaults={"article": article})


def _release_slugs(slugs):
    """Addresses that articles take (back) stop redirecting elsewhere."""
    SlugRedirect.objects.filter(old_slug__in=slugs).delete()


def _byline_rows(article, authors):
    return [Byline(article=article, author=author, order=position) for position, author in enumerate(authors)]


def _tag_rows(article, tags):
    # Rows in the writer's order: pages list tags by row (see ArticleQuerySet.topics_prefetch).
    return [TaggedArticle(content_object=article, tag=tag) for tag in tags]


def _replace_bylines(article, authors):
    """The bylines become `authors`, in order: None when they already were, else the ids of the
    authors added or taken off (empty when only the order changed)."""
    wanted = list(dict.fromkeys(authors))
    current = list(article.bylines.order_by("order", "id").values_list("author_id", flat=True))
    if current == [author.pk for author in wanted]:
        return None
    article.bylines.all().delete()
    Byline.objects.bulk_create(_byline_rows(article, wanted))
    return set(current) ^ {author.pk for author in wanted}


def _replace_tags(article, tags):
    """The article's tags become `tags` (names or Tags), in that order, each once: None when they
    already were, else the ids of the tags added or taken off."""
    wanted = _tag_objects(tags)
    current = list(article.tagged_items.order_by("id").values_list("tag_id", flat=True))
    if current == [tag.pk for tag in wanted]:
        return None
    article.tagged_items.all().delete()
    TaggedArticle.objects.bulk_create(_tag_rows(article, wanted))
    return set(current) ^ {tag.pk for tag in wanted}


def _tag_objects(tags):
    """Tags for names or Tags, in order, each once; a name matches its tag whatever its case, and a
    new name becomes a tag as written."""
    found, seen = [], set()
    for tag in tags:
        if not isinstance(tag, Tag):
            name = _tag_name(tag)
            tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        if tag.name.lower() not in seen:
            seen.add(tag.name.lower())
            found.append(tag)
    return found


def _tag_name(name):
    """A tag named by a writer, as it will be stored; a clear refusal instead of a database error."""
    tidy = safe_text(name, multiline=False)
    limit = Tag._meta.get_field("name").max_length
    if not tidy:
        raise ValidationError({"tags": f"The tag {name!r} has no visible characters."})
    if len(tidy) > limit:
        raise ValidationError(
            {"tags": f"The tag “{tidy[:40]}…” is {len(tidy)} characters; the limit is {limit}."}
        )
    return tidy


def create_articles(new, *, by=None):
    """Many new articles at once, by save_article's own steps, in a fixed number of queries.

    `new` holds (article, authors, tags, summary) tuples; tags are Tag objects. For the importer, which
    has checked slugs and sources beforehand; a clash raises IntegrityError and the caller's savepoint
    takes everything back.
    """
    if not new:
        return []
    articles = []
    for article, _, _, _ in new:
        _check(article)
        _set_reading_forms(article)
        article.created_by = article.last_edited_by = by
        article.version = 1
        articles.append(article)
    Article.objects.bulk_create(articles)
    _release_slugs([article.slug for article in articles])
    Byline.objects.bulk_create(
        row for article, authors, _, _ in new for row in _byline_rows(article, authors)
    )
    TaggedArticle.objects.bulk_create(row for article, _, tags, _ in new for row in _tag_rows(article, tags))
    BodyImage.objects.bulk_create(
        _body_image_rows({article: body_media.image_ids(article.body) for article in articles})
    )
    Revision.objects.bulk_create(
        revisions.first(article, by, summary, authors, [tag.name for tag in tags])
        for article, authors, tags, summary in new
    )
    changes.created(articles)
    invalidation.articles_created(articles)
    indexing.refresh_later([article.pk for article in articles])
    return articles
