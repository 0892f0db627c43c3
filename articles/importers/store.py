"""Saving a ParsedArticle: one transaction per article, keyed on its source so re-imports update.

An import owns the text of what it imports (headline, section, dateline, body, caption, the
bylines and tags it is given). The desk owns the workflow: status and publication time are set
only when the import creates the article; a later import changes the time only when told to
(--published-at) and never the status.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from accounts.models import Author

from ..models import Article, Byline, Section
from ..revisions import record
from ..sanitize import sanitize_body
from ..workflow import Status, place
from .base import ImportFailed, ParsedArticle

SLUG_MAX_LENGTH = 80


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class ImportOptions:
    section: str = ""
    bylines: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    status: Status = Status.DRAFT
    published_at: datetime | None = None
    # Throw the work away at the end: report what would happen, write nothing.
    dry_run: bool = False


def store(parsed: ParsedArticle, *, source: str, options: ImportOptions) -> tuple[Outcome, Article]:
    """Create or update the article imported from `source`, atomically."""
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(source=source).first()
        outcome = Outcome.UPDATED
        if article is None:
            article = Article(source=source)
            place(article, options.status, options.published_at or parsed.published_at)
            outcome = Outcome.CREATED

        article.headline = parsed.headline
        article.section = _section(options.section or parsed.section_name)
        article.dateline = parsed.dateline
        article.body = parsed.body_html
        if article.lead_image_alt in ("", article.lead_image_caption):
            # The scraped caption line doubles as the image's description until an editor writes one.
            article.lead_image_alt = parsed.lead_image_caption[:300]
        article.lead_image_caption = parsed.lead_image_caption
        article.source_checksum = parsed.checksum
        if outcome == Outcome.CREATED:
            article.slug = _unique_slug(parsed.headline)
        elif options.published_at and article.published_at != options.published_at:
            # An explicit --published-at is a deliberate correction of the date, even on update.
            article.published_at = options.published_at

        fields_changed = outcome == Outcome.CREATED or _has_changes(article)
        try:
            article.full_clean()
        except ValidationError as error:
            raise ImportFailed(_describe(error)) from None
        if fields_changed:
            article.save()
        relations_changed = _set_bylines(article, options.bylines) | _set_tags(article, options.tags)

        if outcome == Outcome.UPDATED and not (fields_changed or relations_changed):
            outcome = Outcome.UNCHANGED
        else:
            verb = "Imported" if outcome == Outcome.CREATED else "Re-imported"
            record(article, None, f"{verb} from {source}")
        if options.dry_run:
            transaction.set_rollback(True)
    return outcome, article


def _section(name: str) -> Section:
    if not name:
        raise ImportFailed("no section: the file names none and --section was not given")
    slug = slugify(name)
    if not slug:
        raise ImportFailed(f"the section name {name!r} has no letters or digits")
    if len(name) > Section._meta.get_field("name").max_length:
        raise ImportFailed(f"the section name {name[:40]!r}... is too long")
    section = Section.objects.filter(slug=slug).first() or Section.objects.filter(name__iexact=name).first()
    return section or Section.objects.create(name=name, slug=slug)


def _unique_slug(headline: str) -> str:
    base = slugify(headline)[:SLUG_MAX_LENGTH].strip("-") or "article"
    slug, number = base, 2
    while Article.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _has_changes(article: Article) -> bool:
    stored = Article.objects.get(pk=article.pk)
    names = (
        "headline",
        "section_id",
        "dateline",
        "lead_image_caption",
        "lead_image_alt",
        "published_at",
        "source_checksum",
    )
    # The body is compared as it will be stored, after sanitising.
    if stored.body != sanitize_body(article.body):
        return True
    return any(getattr(stored, name) != getattr(article, name) for name in names)


def _set_bylines(article: Article, names) -> bool:
    """Replace the bylines with `names`, in order. No names given keeps the current ones."""
    if not names:
        return False
    authors = [_author(name) for name in names]
    current = list(article.bylines.order_by("order", "id").values_list("author_id", flat=True))
    if current == [author.pk for author in authors]:
        return False
    article.bylines.all().delete()
    Byline.objects.bulk_create(
        Byline(article=article, author=author, order=position) for position, author in enumerate(authors)
    )
    return True


def _author(name: str) -> Author:
    slug = slugify(name)
    if not slug:
        raise ImportFailed(f"the byline {name!r} has no letters or digits")
    if len(name) > Author._meta.get_field("name").max_length:
        raise ImportFailed(f"the byline {name[:40]!r}... is too long for a name")
    author, _ = Author.objects.get_or_create(slug=slug, defaults={"name": name})
    return author


def _set_tags(article: Article, names) -> bool:
    """Replace the tags with `names`. No names given keeps the current ones."""
    if not names:
        return False
    current = {tag.name.lower() for tag in article.tags.all()}
    if current == {name.lower() for name in names}:
        return False
    article.tags.set(list(names))
    return True


def _describe(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)
