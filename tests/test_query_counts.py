"""Every public page costs the same number of queries, however many tags, bylines or articles."""

from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

# Queries per page: session-less request, so only the page's own reads (menu included).
# article: the article, its bylines, tags and corrections, plus the menu of sections.
EXPECTED = {"home": 5, "section": 6, "tag": 6, "author": 7, "article": 5}
_tag_numbers = count()


@pytest.fixture
def newsroom():
    return {"section": make_section("World"), "author": make_author("Prolific Person", slug="prolific")}


def add_articles(newsroom, how_many):
    """Articles with three tags and two bylines each, all in one section and by one author."""
    for _ in range(how_many):
        make_article(
            section=newsroom["section"],
            authors=[newsroom["author"], make_author()],
            tags=["alpha", "beta", f"tag-{next(_tag_numbers)}"],
        )


def page_path(page):
    return {
        "home": "/",
        "section": "/sections/world/",
        "tag": "/tags/alpha/",
        "author": "/authors/prolific/",
        "article": Article.objects.first().get_absolute_url(),
    }[page]


def queries_for(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


@pytest.mark.parametrize("page", EXPECTED)
def test_query_count_is_fixed(client, newsroom, page):
    add_articles(newsroom, 2)
    few = queries_for(client, page_path(page))

    add_articles(newsroom, 8)
    Article.objects.first().tags.add("gamma", "delta", "epsilon")
    many = queries_for(client, page_path(page))

    assert few == many == EXPECTED[page]
