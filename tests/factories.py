"""One line per object in tests: each helper builds exactly what it is asked for."""

from datetime import timedelta
from itertools import count

from django.test import TestCase
from django.utils import timezone

from accounts.models import Author
from articles.editing.articles import save_article
from articles.editing.library import add
from articles.models import Article, Section, Status

_numbers = count(1)


def make_section(name=None, **fields):
    name = name or f"Section {next(_numbers)}"
    return Section.objects.create(
        name=name, slug=fields.pop("slug", name.lower().replace(" ", "-")), **fields
    )


def make_author(name=None, **fields):
    name = name or f"Author {next(_numbers)}"
    return Author.objects.create(name=name, slug=fields.pop("slug", name.lower().replace(" ", "-")), **fields)


def make_article(headline=None, *, authors=(), tags=(), **fields):
    """A published article (an hour old) unless `status` or `published_at` say otherwise.

    Saved through the write path, with what it sets off after commit (search document, related
    reading, renditions, the page cache) run at once, as if the test's transaction had committed.
    """
    number = next(_numbers)
    fields.setdefault("status", Status.PUBLISHED)
    if fields["status"] == Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    fields.setdefault("body", f"<p>Body of article {number}.</p>")
    if "section" not in fields:
        fields["section"] = Section.objects.first() or make_section("News")
    article = Article(
        headline=headline or f"Headline {number}", slug=fields.pop("slug", f"article-{number}"), **fields
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        save_article(article, bylines=list(authors), tags=list(tags))
    _reload_derived(article)
    return article


def save(article, **changes):
    """Save an edited article as every writer does: through the write path, its after-commit work run."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        changed = save_article(article, **changes)
    _reload_derived(article)
    return changed


def make_image(width=1600, height=900, *, name="scene.png", alt="A scene", **words):
    """A library picture (a plain PNG unless `picture`, a Pillow image, is given), its renditions made."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.staff import png_bytes

    picture = words.pop("picture", None)
    content = _png(picture) if picture is not None else png_bytes(width, height)
    with TestCase.captureOnCommitCallbacks(execute=True):
        image = add(SimpleUploadedFile(name, content, content_type="image/png"), alt=alt, **words)
    image.refresh_from_db()
    return image


def _png(picture):
    import io

    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def _reload_derived(article):
    # What the background work stored (the lead image's renditions among it).
    article.refresh_from_db(fields=["reading_list", "version", "revised_at"])
    if article.lead_image_id:
        article.lead_image.refresh_from_db()
