"""API keys: made and revoked on the desk by editors, shown once, kept as a digest; scopes; rates."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import ApiKey, Status
from tests.factories import make_article
from tests.staff import make_editor, make_reporter

pytestmark = pytest.mark.django_db


def new_key(scope=ApiKey.Scope.PUBLIC, rate=600):
    key = ApiKey(name="Mobile app", scope=scope, rate=rate)
    token = key.issue()
    key.save()
    return key, token


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_an_editor_makes_a_key_on_the_desk_and_sees_it_once(client):
    client.force_login(make_editor())
    response = client.post(
        "/admin/articles/apikey/add/",
        {"name": "Partner: Daily Wire", "scope": "public", "rate": 300},
        follow=True,
    )
    shown = re.search(r"nr_[0-9a-f]{8}_[\w-]+", response.content.decode()).group()
    assert response["Cache-Control"].startswith("max-age=0") and "no-store" in response["Cache-Control"]
    assert all(shown not in morsel.value for morsel in response.cookies.values())  # never in a message cookie
    key = ApiKey.objects.get()
    assert key.digest == ApiKey.digest_of(shown) and shown not in (key.digest, key.prefix, key.name)
    assert shown.startswith(f"nr_{key.prefix}_")
    assert shown not in client.get(f"/admin/articles/apikey/{key.pk}/change/").content.decode()
    assert client.get("/api/v1/articles", headers=bearer(shown)).status_code == 200


def test_reporters_cannot_see_keys(client):
    client.force_login(make_reporter())
    assert client.get("/admin/articles/apikey/").status_code == 403


def test_a_revoked_key_is_refused_at_once(client):
    key, token = new_key()
    make_article()
    assert client.get("/api/v1/articles", headers=bearer(token)).status_code == 200
    editor = make_editor()
    client.force_login(editor)
    client.post("/admin/articles/apikey/", {"action": "revoke", "_selected_action": [key.pk]})
    client.logout()
    response = client.get("/api/v1/articles", headers=bearer(token))
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header", ["Bearer nr_12345678_nope", "Bearer", "Basic abc", "Bearer nothing-like-ours"]
)
def test_a_wrong_key_is_a_401_problem(client, header):
    response = client.get("/api/v1/articles", headers={"Authorization": header})
    assert response.status_code == 401 and json.loads(response.content)["status"] == 401


def test_over_the_rate_is_a_429_with_retry_after(client):
    _, token = new_key(rate=3)
    codes = [client.get("/api/v1/sections", headers=bearer(token)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/api/v1/sections", headers=bearer(token))
    assert 1 <= int(limited["Retry-After"]) <= 61


def test_anonymous_callers_have_their_own_low_rate(client, settings):
    settings.API_ANONYMOUS_RATE = 2
    settings.PAGE_CACHE = False
    codes = [client.get("/api/v1/changes").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_last_used_is_kept(client):
    key, token = new_key()
    client.get("/api/v1/sections", headers=bearer(token))
    key.refresh_from_db()
    assert key.last_used_at is not None and timezone.now() - key.last_used_at < timedelta(minutes=1)


def test_a_preview_key_sees_drafts_and_scheduled_articles_never_cached(client):
    draft = make_article("Draft", status=Status.DRAFT)
    scheduled = make_article("Soon", published_at=timezone.now() + timedelta(hours=1))
    _, preview = new_key(ApiKey.Scope.PREVIEW)
    _, public = new_key()
    response = client.get(f"/api/v1/articles/{draft.pk}", headers=bearer(preview))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    listed = json.loads(client.get("/api/v1/articles", headers=bearer(preview)).content)
    assert scheduled.pk in [item["id"] for item in listed["items"]]
    assert client.get(f"/api/v1/articles/{draft.pk}", headers=bearer(public)).status_code == 404
    assert client.get(f"/api/v1/articles/{scheduled.pk}").status_code == 404


def test_a_public_key_reads_the_cached_answer_and_a_revoked_one_is_refused_even_then(client, settings):
    article = make_article()
    _, token = new_key()
    client.get(f"/api/v1/articles/{article.pk}")  # anonymous: rendered and cached
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/articles/{article.pk}", headers=bearer(token))
    assert response.status_code == 200
    # The key's look-up and its last use: no article is read, the page cache answers.
    assert not any("articles_article" in query["sql"] for query in queries.captured_queries)
    ApiKey.objects.update(revoked_at=timezone.now())
    assert client.get(f"/api/v1/articles/{article.pk}", headers=bearer(token)).status_code == 401


@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [
        (0, "203.0.113.9", "127.0.0.1"),  # no proxy trusted: the header is the caller's own words
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # a caller's own entry on the left is ignored
        (2, "198.51.100.1, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "127.0.0.1"),  # fewer entries than proxies: not through them, not believed
    ],
)
def test_the_anonymous_rate_counts_the_callers_address_behind_trusted_proxies(
    rf, settings, proxies, forwarded, address
):
    from articles.api.callers import client_address

    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/api/v1/articles", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")
    assert client_address(request) == address


def test_a_revoked_key_is_a_record_that_no_longer_changes(client):
    key, _ = new_key()
    key.revoked_at = timezone.now()
    key.save()
    client.force_login(make_editor())
    page = client.get(f"/admin/articles/apikey/{key.pk}/change/").content.decode()
    assert 'name="name"' not in page and 'name="scope"' not in page
    assert 'name="name"' in client.get("/admin/articles/apikey/add/").content.decode()
