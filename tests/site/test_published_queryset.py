"""Who sees what: each stored status, with a publication time in the past, in the future or none.

Readers see what `Article.objects.published()` returns; the desk sees `workflow.stage()` and filters
with `in_stage()`. Rows are built with `Article.objects.create`, so nothing but the rule under test
decides; the one cell the database refuses (published, with no time) is tested as refused.
"""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.desk.workflow import stage
from articles.models import Article, Section, Stage, Status

pytestmark = pytest.mark.django_db

WHEN = {"past": timedelta(hours=-1), "future": timedelta(hours=1), "none": None}
ROWS = [(status, when) for status in Status for when in WHEN if (status, when) != (Status.PUBLISHED, "none")]


def make_row(section, status, when, now):
    offset = WHEN[when]
    return Article.objects.create(
        headline=f"{status.label}, {when}",
        slug=f"{status.value}-{when}",
        status=status,
        published_at=None if offset is None else now + offset,
        section=section,
    )


@pytest.fixture
def every_row():
    """One article per cell of the table, all in the database at once."""
    section = Section.objects.create(name="News", slug="news")
    now = timezone.now()
    return {(status, when): make_row(section, status, when, now) for status, when in ROWS}


def test_readers_see_only_published_articles_whose_time_has_passed(every_row):
    seen = set(Article.objects.published().values_list("slug", flat=True))
    assert seen == {"published-past"}


@pytest.mark.parametrize(("status", "when"), ROWS, ids=[f"{status.value}-{when}" for status, when in ROWS])
def test_the_python_twin_agrees_with_the_query(every_row, status, when):
    article = every_row[status, when]
    assert article.is_published == Article.objects.published().filter(pk=article.pk).exists()
    assert article.is_published == (status == Status.PUBLISHED and when == "past")


DESK = {
    (Status.DRAFT, "past"): Stage.DRAFT,
    (Status.DRAFT, "future"): Stage.DRAFT,
    (Status.DRAFT, "none"): Stage.DRAFT,
    (Status.REVIEW, "past"): Stage.REVIEW,
    (Status.REVIEW, "future"): Stage.REVIEW,
    (Status.REVIEW, "none"): Stage.REVIEW,
    (Status.PUBLISHED, "past"): Stage.PUBLISHED,
    (Status.PUBLISHED, "future"): Stage.SCHEDULED,
}


@pytest.mark.parametrize(
    ("status", "when", "expected"),
    [(status, when, expected) for (status, when), expected in DESK.items()],
    ids=[f"{status.value}-{when}" for status, when in DESK],
)
def test_the_stage_the_desk_shows(every_row, status, when, expected):
    assert stage(every_row[status, when]) == expected


def test_the_desk_calls_published_only_what_readers_see(every_row):
    public = set(Article.objects.published().values_list("pk", flat=True))
    shown_as_published = {article.pk for article in every_row.values() if stage(article) == Stage.PUBLISHED}
    assert shown_as_published == public


@pytest.mark.parametrize("shown", list(Stage))
def test_the_desk_filters_each_stage_as_it_shows_it(every_row, shown):
    listed = set(Article.objects.in_stage(shown).values_list("pk", flat=True))
    assert listed == {article.pk for article in every_row.values() if stage(article) == shown}


def test_a_published_article_without_its_time_is_refused_by_the_database():
    section = Section.objects.create(name="News", slug="news")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(headline="Timeless", slug="timeless", status=Status.PUBLISHED, section=section)


def test_the_moment_of_publication_counts_as_passed(monkeypatch):
    section = Section.objects.create(name="News", slug="news")
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)
    on_the_dot = Article.objects.create(
        headline="On the dot", slug="on-the-dot", status=Status.PUBLISHED, published_at=now, section=section
    )
    assert list(Article.objects.published()) == [on_the_dot]
    assert stage(on_the_dot) == Stage.PUBLISHED

    monkeypatch.setattr(timezone, "now", lambda: now - timedelta(microseconds=1))
    assert not Article.objects.published().exists()
    assert stage(on_the_dot) == Stage.SCHEDULED
