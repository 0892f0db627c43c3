"""One line per object in tests: each helper builds exactly what it is asked for."""

from datetime import timedelta
from itertools import count

from django.utils import timezone

from accounts.models import Author
from articles.models import Article, Byline, Section
from articles.workflow import Status

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
    """A published article (an hour old) unless `status` or `published_at` say otherwise."""
    number = next(_numbers)
    fields.setdefault("status", Status.PUBLISHED)
    if fields["status"] == Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    fields.setdefault("body", f"<p>Body of article {number}.</p>")
    if "section" not in fields:
        fields["section"] = Section.objects.first() or make_section("News")
    article = Article.objects.create(
        headline=headline or f"Headline {number}", slug=fields.pop("slug", f"article-{number}"), **fields
    )
    for position, author in enumerate(authors):
        Byline.objects.create(article=article, author=author, order=position)
    if tags:
        article.tags.add(*tags)
    return article
