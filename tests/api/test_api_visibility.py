"""Visibility is the reader rule, in every resource, for every caller: a matrix of article states,
resources and callers. Only a preview key sees more, and only where an article is asked for itself."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import ApiKey, Status
from tests.factories import make_article, make_author, save

pytestmark = pytest.mark.django_db

STATES = ["draft", "review", "scheduled", "unpublished"]


@pytest.fixture(autouse=True)
def _changes_at_once(settings):
    settings.CHANGES_SETTLE_SECONDS = 0


def hidden_article(state):
    author = make_author(f"Hidden {state.title()} Writer")
    fields = {"authors": [author], "tags": [f"Hidden {state}"], "headline": f"Zebra {state} story"}
    if state == "draft":
        return make_article(status=Status.DRAFT, **fields)
    if state == "review":
        return make_article(status=Status.REVIEW, **fields)
    if state == "scheduled":
        return make_article(published_at=timezone.now() + timedelta(hours=3), **fields)
    article = make_article(**fields)
    article.status = Status.DRAFT
    save(article)
    return article


def key(scope, revoked=False):
    made = ApiKey(name=scope, scope=scope, revoked_at=timezone.now() if revoked else None)
    token = made.issue()
    made.save()
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def on_front(front):
    return [front["lead"], *front["top"]] if front["lead"] else front["top"]


CALLERS = {
    "anonymous": lambda: {},
    "public key": lambda: key(ApiKey.Scope.PUBLIC),
    "preview key": lambda: key(ApiKey.Scope.PREVIEW),
}


def answers(client, headers, article):
    """What every resource says of `article` for a caller: whether it is there."""

    def body(url):
        response = client.get(url, **headers)
        return response.status_code, json.loads(response.content)

    def listed(url):
        return any(item["id"] == article.pk for item in body(url)[1]["items"])

    slug = article.bylines.first().author.slug
    tag = article.topics[0].slug
    return {
        "list": listed("/api/v1/articles"),
        "list by section": listed(f"/api/v1/articles?section={article.section.slug}"),
        "list by author": listed(f"/api/v1/articles?author={slug}"),
        "list by ids": listed(f"/api/v1/articles?ids={article.pk}"),
        "search": listed("/api/v1/search?q=zebra"),
        "changes": any(item["article"] is not None for item in body("/api/v1/changes")[1]["items"]),
        "front": article.pk in [story["id"] for story in on_front(body("/api/v1/front")[1])],
        "author listed": slug in [item["slug"] for item in body("/api/v1/authors")[1]["items"]],
        "topic listed": tag in [item["slug"] for item in body("/api/v1/topics")[1]["items"]],
        "detail": body(f"/api/v1/articles/{article.pk}")[0] == 200,
        "by slug": body(f"/api/v1/articles/by-slug/{article.slug}")[0] == 200,
    }


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("state", STATES)
def test_no_hidden_article_shows_anywhere_but_to_a_preview_key_asking_for_it(client, state, caller):
    article = hidden_article(state)
    seen = answers(client, CALLERS[caller](), article)
    shown = {resource for resource, there in seen.items() if there}
    if caller == "preview key":
        # The desk's view of one article; a scheduled one is also in the preview list (it has a time).
        allowed = {"detail", "by slug"}
        if state == "scheduled":
            allowed |= {"list", "list by section", "list by author", "list by ids"}
        assert shown == allowed
    else:
        assert shown == set()


@pytest.mark.parametrize("caller", CALLERS)
def test_a_published_article_shows_everywhere(client, caller):
    article = make_article("Zebra crossing opens", authors=[make_author("Seen Writer")], tags=["Roads"])
    assert all(answers(client, CALLERS[caller](), article).values())


def test_a_revoked_key_gets_nothing(client):
    article = make_article(authors=[make_author()], tags=["Roads"])
    headers = key(ApiKey.Scope.PREVIEW, revoked=True)
    for url in ("/api/v1/articles", f"/api/v1/articles/{article.pk}", "/api/v1/changes", "/api/v1/front"):
        assert client.get(url, **headers).status_code == 401


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/api/v1/articles?limit=100", 6),
        ("/api/v1/articles/{pk}", 7),
        ("/api/v1/changes", 7),
        ("/api/v1/front", 9),
        ("/api/v1/authors", 2),
        ("/api/v1/search?q=zebra", 7),
    ],
)
def test_every_endpoint_keeps_its_query_budget_whatever_the_archive(
    client, settings, url, budget, django_assert_max_num_queries
):
    settings.PAGE_CACHE = False
    articles = [make_article(f"Zebra {n}", authors=[make_author()], tags=["One", "Two"]) for n in range(25)]
    with django_assert_max_num_queries(budget):
        assert client.get(url.format(pk=articles[0].pk)).status_code == 200
