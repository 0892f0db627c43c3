"""Writing articles out: one module per format, each turning articles into text for a stream.

Every format reads back through import_article (see importers/), so that a newsroom can leave as
easily as it came: ninjs and WordPress carry everything an article is (text, bylines, tags,
section, state and times); the scraped text format what it has room for.
"""

from django.conf import settings


def origin() -> str:
    """The site's address for absolute links in exports (SITE_URL; in development, `make run`'s)."""
    return settings.EMAIL_LINK_ORIGIN or "http://127.0.0.1:8000"


def uri(article) -> str:
    """The article's lasting identity in exports: where it came from when it was imported, else an
    address on this site that outlives a change of slug."""
    return article.source or f"{origin()}/?article={article.pk}"
