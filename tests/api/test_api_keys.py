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
    client.post("/admin/articles/apikey/", {"action": "revoke", "_selected_action": [key.pk], "post": "yes"})
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


def choose(*keys, **extra):
    """What the key list's action form posts: the action, the chosen keys, the Go button (`index`)."""
    return {"action": "revoke", "_selected_action": [key.pk for key in keys], **extra}


def test_revoking_asks_first_and_changes_nothing_until_confirmed(client):
    key, token = new_key()
    other = ApiKey(name="Partner <b>&</b> co", scope=ApiKey.Scope.PREVIEW)
    other.issue()
    other.save()
    old = ApiKey(name="Old feed", revoked_at=timezone.now() - timedelta(days=2))
    old.issue()
    old.save()
    client.force_login(make_editor())
    response = client.post("/admin/articles/apikey/", choose(key, other, old, index=0))
    assert response.status_code == 200
    assert "admin/articles/apikey/revoke_confirmation.html" in [t.name for t in response.templates]
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Revoke these 2 keys?" in page and "from its next request, at once" in page
    assert "Partner &lt;b&gt;&amp;&lt;/b&gt; co" in page and "<b>&</b>" not in page  # escaped
    assert key.prefix in page and other.prefix in page
    # The form carries exactly the keys still in use, the action's name and the confirmation.
    chosen = re.findall(r'name="_selected_action" value="(\d+)"', page)
    assert sorted(map(int, chosen)) == sorted([key.pk, other.pk])
    assert 'name="action" value="revoke"' in page and 'name="post" value="yes"' in page
    assert 'type="submit" value="Yes, revoke"' in page and "No, take me back" in page
    # The one already revoked is named as left alone, and not posted again.
    assert "Already revoked: left as it is" in page and "Old feed" in page
    assert ApiKey.objects.filter(revoked_at=None).count() == 2
    assert client.get("/api/v1/sections", headers=bearer(token)).status_code == 200


def test_the_confirming_post_revokes_and_keeps_who_did_it(client):
    from django.contrib.admin.models import LogEntry

    key, token = new_key()
    earlier = timezone.now() - timedelta(days=2)
    old = ApiKey(name="Old feed", revoked_at=earlier)
    old.issue()
    old.save()
    editor = make_editor()
    client.force_login(editor)
    response = client.post("/admin/articles/apikey/", choose(key, old, post="yes"), follow=True)
    assert response.redirect_chain == [("/admin/articles/apikey/", 302)]
    assert "1 key revoked: refused from now on." in response.content.decode()
    key.refresh_from_db()
    old.refresh_from_db()
    assert key.revoked_at is not None and old.revoked_at == earlier  # a revoked key's time stays
    entry = LogEntry.objects.get(object_id=str(key.pk))
    assert entry.user == editor and entry.change_message == "Revoked."
    client.logout()
    assert client.get("/api/v1/sections", headers=bearer(token)).status_code == 401


def test_keys_all_revoked_already_are_not_asked_about(client):
    old = ApiKey(name="Old feed", revoked_at=timezone.now())
    old.issue()
    old.save()
    client.force_login(make_editor())
    response = client.post("/admin/articles/apikey/", choose(old, index=0), follow=True)
    assert response.redirect_chain == [("/admin/articles/apikey/", 302)]
    assert "already revoked: nothing changed" in response.content.decode()


@pytest.mark.parametrize("step", [{"index": 0}, {"post": "yes"}])
def test_a_reporter_can_neither_see_nor_confirm_a_revocation(client, step):
    key, token = new_key()
    client.force_login(make_reporter())
    response = client.post("/admin/articles/apikey/", choose(key, **step))
    assert response.status_code == 403 and "Yes, revoke" not in response.content.decode()
    key.refresh_from_db()
    assert key.revoked_at is None
    assert client.get("/api/v1/sections", headers=bearer(token)).status_code == 200


def test_the_key_list_puts_the_name_and_the_state_first(client):
    new_key()
    client.force_login(make_editor())
    response = client.get("/admin/articles/apikey/")
    page = response.content.decode()
    columns = re.findall(r'<th scope="col" class="[^"]*column-(\w+)', page)
    assert columns[:2] == ["name", "state"]
    assert "@media (max-width: 767px)" in page  # the phone's rules, for this list only
    assert '<td class="field-state">in use</td>' in page
