"""A section, tag or author with nothing public answers exactly as one that does not exist: its name
(and so the story being prepared) does not leak before publication."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Status
from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

PAGES = ("{}", "{}rss/", "{}atom/")


@pytest.fixture
def unpublished():
    """A section, tag and author credited only on a draft, a story in review and a scheduled one."""
    section, author = (
        make_section("Merger Talks", slug="merger-talks"),
        make_author("Secret Source", slug="secret-source"),
    )
    for status, published_at in (
        (Status.DRAFT, None),
        (Status.REVIEW, None),
        (Status.PUBLISHED, timezone.now() + timedelta(days=1)),
    ):
        make_article(
            status=status, published_at=published_at, section=section, authors=[author], tags=["Takeover"]
        )
    make_article("Something public", section=make_section("News"))
    return {"sections": "merger-talks", "tags": "takeover", "authors": "secret-source"}


@pytest.mark.parametrize("kind", ["sections", "tags", "authors"])
@pytest.mark.parametrize("page", PAGES)
def test_nothing_public_answers_as_missing(client, unpublished, kind, page):
    hidden = client.get(page.format(f"/{kind}/{unpublished[kind]}/"))
    missing = client.get(page.format(f"/{kind}/no-such-{kind}/"))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content.replace(unpublished[kind].encode(), b"?") == missing.content.replace(
        f"no-such-{kind}".encode(), b"?"
    )
    assert b"Merger" not in hidden.content and b"Secret" not in hidden.content


def test_they_are_in_no_sitemap_or_menu(client, unpublished):
    for path in ("/sitemap-sections.xml", "/sitemap-tags.xml", "/sitemap-authors.xml", "/"):
        body = client.get(path).content
        assert b"merger-talks" not in body and b"takeover" not in body and b"secret-source" not in body, path
