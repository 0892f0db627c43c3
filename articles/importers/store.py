"""Saving parsed articles through the write path, a batch at a time, keyed on their source.

An import owns the text of what it imports (headline, section, dateline, body, caption, the
bylines and tags it is given). The desk owns the workflow: status and publication time are set
only when the import creates the article; a later import changes the time only when told to
(--published-at) and never the status. A file whose bytes and options are those of the last
import is answered "unchanged" from the stored fingerprint, without writing anything.

An item's former key (what an earlier version knew it by: a WordPress post's guid) finds an article
stored under it when none has its key yet; the article is adopted under the new key, not duplicated.

Each batch is one transaction; new articles go in together (editing.create_articles), anything
else one savepoint per file, so a failed file takes back only its own changes.

What an item carries itself (bylines, tags, a status, a wanted slug, a standfirst, a lead picture,
its old address) is used where the command's options say nothing: --byline and --section replace
the item's, --tag adds to them, --status decides for items whose format has no status. An item
held back (a password-protected post, one without a title or a body) stays a draft whatever is asked.
"""

import hashlib
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from taggit.models import Tag

from accounts.models import Author
from newsroom.slugs import slug_for
from newsroom.text import safe_text

from ..editing import articles as editing
from ..models import Article, OldAddress, Section, Status
from .base import ImportFailed, ParsedArticle
from .pictures import Pictures

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
    status: Status | None = None  # None: the item's own, else a draft
    published_at: datetime | None = None
    # Throw the work away at the end: report what would happen, write nothing.
    dry_run: bool = False

    def fingerprint(self, parsed: ParsedArticle) -> str:
        """What an import of `parsed` with these options would write, as one comparable value."""
        wanted = (parsed.checksum, self.section, self.bylines, self.tags, str(self.published_at or ""))
        return hashlib.sha256(repr(wanted).encode()).hexdigest()


@dataclass(frozen=True)
class Item:
    name: str  # what the summary calls it (a path, or <stdin>)
    source: str  # the stable key its article is known by
    parsed: ParsedArticle


@dataclass
class Result:
    item: Item
    outcome: Outcome | None = None
    article: Article | None = None
    error: str = ""
    missing: list = field(default_factory=list)  # (url, why) of the pictures it could not have


@dataclass
class _Names:
    """Sections, authors and tags by name, looked up once per batch."""

    sections: dict = field(default_factory=dict)
    authors: dict = field(default_factory=dict)
    tags: dict = field(default_factory=dict)
    pictures: Pictures | None = None


def store_batch(
    items: list[Item], *, options: ImportOptions, pictures: Pictures | None = None
) -> list[Result]:
    """Create or update the articles of `items` in one transaction; one Result per item, in order.

    `pictures` brings the pictures items point at into the library; without it (a dry run) none are.
    """
    results = [Result(item) for item in items]
    pictures = None if options.dry_run else pictures
    names = _Names(pictures=pictures)
    with transaction.atomic():
        formers = {item.parsed.former_key for item in items if item.parsed.former_key}
        known = {
            article.source: article
            for article in _imported()
            .filter(source__in={item.source for item in items} | formers)
            .only("pk", "source", "source_checksum", "slug", "status")
        }
        fresh, others, seen = [], [], set()
        for result in results:
            item, stored = result.item, known.get(result.item.source)
            if stored is not None and stored.source_checksum == options.fingerprint(item.parsed):
                result.outcome, result.article = Outcome.UNCHANGED, stored
            elif stored is None and item.parsed.former_key in known:
                others.append(result)  # its article, stored under its former key, is adopted one by one
            elif stored is None and item.source not in seen:
                seen.add(item.source)
                fresh.append(result)
            else:
                others.append(result)
        try:
            with transaction.atomic():
                _create(fresh, options, names)
        except ImportFailed as error:
            # A byline or tag given for the whole run is refused: every new file fails with it.
            for result in fresh:
                result.error = str(error)
        except (IntegrityError, ValidationError):
            # Another import wrote some of these meanwhile, or one has a field the database refuses:
            # take them one at a time, each judged and reported on its own.
            for result in fresh:
                result.outcome, result.article, result.error = None, None, ""
            others = fresh + others
            names = _Names(pictures=pictures)
            if pictures:
                pictures.forget()
        for result in others:
            _store_one(result, options, names)
        if options.dry_run:
            transaction.set_rollback(True)
    return results


def _create(results, options, names):
    prepared = []
    for result in results:
        try:
            # A picture the item brought into the library goes back with it when it fails.
            # (Only when it may add any: a savepoint per item is a round trip to the database each.)
            with transaction.atomic() if names.pictures and names.pictures.may_add else nullcontext():
                article = _new_article(result, options, names)
                prepared.append(
                    (
                        result,
                        article,
                        _bylines(result.item, options, names),
                        _tags(result.item, options, names),
                    )
                )
        except ImportFailed as error:
            result.error = str(error)
            if names.pictures:
                names.pictures.forget()  # what it brought in went back with it
    _give_unique_slugs([article for _, article, _, _ in prepared])
    editing.create_articles(
        [
            (article, authors, tags, _summary("Imported", result.item))
            for result, article, authors, tags in prepared
        ]
    )
    _keep_old_addresses([(article, result.item.parsed.old_path) for result, article, _, _ in prepared])
    for result, article, _, _ in prepared:
        result.outcome, result.article = Outcome.CREATED, article


def _store_one(result, options, names):
    item = result.item
    try:
        with transaction.atomic():
            article = _imported().select_for_update().filter(source=item.source).first()
            if article is None and item.parsed.former_key:
                article = _imported().select_for_update().filter(source=item.parsed.former_key).first()
                if article is not None:
                    article.source = item.source
                    Article.objects.filter(pk=article.pk).update(source=item.source)
            if article is not None and article.source_checksum == options.fingerprint(item.parsed):
                result.outcome, result.article = Outcome.UNCHANGED, article
                return
            outcome = Outcome.UPDATED
            if article is None:
                article, outcome = _new_article(result, options, names), Outcome.CREATED
                _give_unique_slugs([article])
            else:
                _fill(article, result, options, names)
                if options.published_at and article.published_at != options.published_at:
                    # An explicit --published-at is a deliberate correction of the date, even on update.
                    article.published_at = options.published_at
            verb = "Imported" if outcome == Outcome.CREATED else "Re-imported"
            editing.save_article(
                article,
                bylines=_bylines(item, options, names) or None,
                tags=_tags(item, options, names) or None,
                summary=_summary(verb, item),
            )
            _keep_old_addresses([(article, item.parsed.old_path)])
            result.outcome, result.article = outcome, article
    except ImportFailed as error:
        result.error = str(error)
    except ValidationError as error:
        result.error = _describe(error)
    except IntegrityError:
        # The same source was created by a concurrent import between our read and our write.
        stored = _imported().filter(source=item.source).first()
        if stored is None:
            result.error = "the database refused it (a clash with another article's address)"
        else:
            same = stored.source_checksum == options.fingerprint(item.parsed)
            result.outcome, result.article = (Outcome.UNCHANGED if same else Outcome.UPDATED), stored
    if result.outcome is None:
        result.missing = []
        if names.pictures:
            names.pictures.forget()  # the pictures it brought in went back with it


def _summary(verb, item):
    """The revision's summary: where it came from, and what the import flagged, for the desk to see."""
    notes = "".join(f"; {note}" for note in item.parsed.notes)
    return f"{verb} from {item.source}{notes}"[:255]


def _imported():
    """Articles that came from an import. The unique index on `source` leaves out the empty ones
    (desk-made articles); saying so lets the database use it, where `source IN (…)` alone scans the table."""
    return Article.objects.exclude(source="").order_by()


def _new_article(result, options, names):
    parsed = result.item.parsed
    article = Article(source=result.item.source, slug=parsed.slug)
    article.status = Status.DRAFT if parsed.held else Status(options.status or parsed.status or Status.DRAFT)
    article.published_at = options.published_at or parsed.published_at
    if article.status == Status.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
    _fill(article, result, options, names)
    return article


def _fill(article, result, options, names):
    parsed = result.item.parsed
    article.headline = parsed.headline
    article.section = _section(options.section or parsed.section_name, names)
    article.dateline = parsed.dateline
    article.body = parsed.body_html
    if parsed.standfirst:
        article.dek = parsed.standfirst
    if article.lead_image_alt in ("", article.lead_image_caption):
        # The scraped caption line doubles as the image's description until an editor writes one.
        article.lead_image_alt = parsed.lead_image_caption[:300]
    article.lead_image_caption = parsed.lead_image_caption
    if names.pictures is not None:
        _bring_pictures(article, result, names.pictures)
    article.source_checksum = options.fingerprint(parsed)
    if len(article.headline) > Article._meta.get_field("headline").max_length:
        raise ImportFailed(
            f"the headline is longer than {Article._meta.get_field('headline').max_length} characters"
        )


def _bring_pictures(article, result, pictures):
    """The lead picture and the body's figures from the library, each brought in when new."""
    before = len(pictures.missing)
    article.body = pictures.place(article.body)
    lead = result.item.parsed.lead_image
    if lead is not None and (image := pictures.find(lead)) is not None:
        article.lead_image = image
    result.missing = pictures.missing[before:]


def _keep_old_addresses(pairs):
    """Each article's address on its old site redirects to it (the latest import of a path wins)."""
    limit = OldAddress._meta.get_field("path").max_length
    wanted = {path: article for article, path in pairs if path and len(path) <= limit}
    if not wanted:
        return
    OldAddress.objects.filter(path__in=wanted).delete()
    OldAddress.objects.bulk_create(OldAddress(path=path, article=article) for path, article in wanted.items())


def _bylines(item, options, names):
    """--byline replaces the item's own bylines; an item without any keeps the article's."""
    return [_author(name, names) for name in options.bylines or item.parsed.bylines]


def _section(name: str, names: _Names) -> Section:
    if name in names.sections:
        return names.sections[name]
    tidy = _name(name, "section", Section)
    if not tidy:
        raise ImportFailed("no section: the file names none and --section was not given")
    if not any(character.isalnum() for character in tidy):
        raise ImportFailed(f"the section name {name!r} has no letters or digits")
    slug = slug_for(tidy, fallback="", max_length=Section._meta.get_field("slug").max_length)
    section = Section.objects.filter(slug=slug).first() if slug else None
    section = section or Section.objects.filter(name__iexact=tidy).first()
    names.sections[name] = section or Section.objects.create(name=tidy)
    return names.sections[name]


def _name(name, kind, model):
    """A section's, byline's or tag's name as it will be stored; refused when it would not fit."""
    tidy = safe_text(name, multiline=False)
    limit = model._meta.get_field("name").max_length
    if len(tidy) > limit:
        raise ImportFailed(
            f"the {kind} {tidy[:40]!r}… is too long: {len(tidy)} characters, the limit is {limit}"
        )
    return tidy


def _give_unique_slugs(articles):
    """Slugs from headlines, unique among stored articles and each other."""
    bases = [
        slug_for(article.slug or article.headline, fallback="article", max_length=SLUG_MAX_LENGTH)
        for article in articles
    ]
    taken = set(Article.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    for article, base in zip(articles, bases, strict=True):
        slug, number = base, 1
        while slug in taken or (number > 1 and Article.objects.filter(slug=slug).exists()):
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        article.slug = slug


def _author(name: str, names: _Names) -> Author:
    if name in names.authors:
        return names.authors[name]
    tidy = _name(name, "byline", Author)
    if not any(character.isalnum() for character in tidy):
        raise ImportFailed(f"the byline {name!r} has no letters or digits")
    slug = slug_for(tidy, fallback="", max_length=Author._meta.get_field("slug").max_length)
    author = Author.objects.filter(slug=slug).first() if slug else None
    names.authors[name] = author or Author.objects.create(name=tidy)
    return names.authors[name]


def _tags(item, options, names: _Names):
    """Tag objects for the item's tags and --tag's (case as first written wins), created when new."""
    found = []
    for name in dict.fromkeys((*item.parsed.tags, *options.tags)):
        tidy = _name(name, "tag", Tag)
        if not any(character.isalnum() for character in tidy):
            raise ImportFailed(f"the tag {name!r} has no letters or digits")
        key = tidy.lower()
        if key not in names.tags:
            names.tags[key] = Tag.objects.filter(name__iexact=tidy).first() or Tag.objects.create(name=tidy)
        if names.tags[key] not in found:
            found.append(names.tags[key])
    return found


def _describe(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)
