"""When the database or the cache is away: readers get a 503 (or the cached page), editors their text
back, load balancers an answer from /healthz; never a traceback. The database really refuses: a real
gunicorn is started against a database URL nothing answers on."""

import http.cookies
import json
import re
import secrets
import sys

import pytest
from django.core.cache import caches
from django.test import override_settings

from tests.conftest import SEED_SLUG
from tests.processes import fetch, free_port, fresh_database, manage, refusing_database_url, serving

HOST = "news.example.org"
PASSWORD = "outage-test-password-1"


def test_healthz_answers_ok_when_both_answer(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert not response.cookies


@pytest.fixture
def redis_away():
    """The cache is Redis on a port where nothing listens."""
    unreachable = {
        "default": {
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=unreachable):
        yield caches["default"]


def test_without_the_cache_pages_are_served_from_the_database(client, db, redis_away):
    from tests.factories import make_article

    article = make_article("Still readable")  # its commit bumps the content version: dropped, not raised
    for path in ("/", article.get_absolute_url(), "/feeds/rss/", "/sitemap.xml"):
        assert client.get(path).status_code == 200, path
    assert redis_away.get("anything", "missing") == "missing"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "unreachable"}


def _environment(base, tmp_path, database_url=None):
    env = dict(base)
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        BEHIND_TLS_PROXY="true",
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        # A cache both servers share, whatever the suite's CACHE_URL: files in the test's folder.
        CACHE_URL=f"filecache://{tmp_path / 'cache'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        TASK_BACKEND="immediate",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _gunicorn(env):
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    command += ["--timeout", "30", "newsroom.wsgi:application"]
    return serving(command, env, port)


def _headers(cookies=None, **extra):
    headers = {"Host": HOST, "X-Forwarded-Proto": "https", **extra}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    return headers


def _cookies(response_headers):
    jar = http.cookies.SimpleCookie()
    for value in response_headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def _log_in(origin):
    _, headers, _ = fetch(f"{origin}/admin/login/", _headers())
    cookies = _cookies(headers)
    form = {
        "username": "ed",
        "password": PASSWORD,
        "csrfmiddlewaretoken": cookies["csrftoken"],
        "next": "/admin/",
    }
    status, headers, _ = fetch(
        f"{origin}/admin/login/", _headers(cookies, Origin=f"https://{HOST}"), data=form
    )
    assert status == 302, "the editor could not log in"
    return {**cookies, **_cookies(headers)}


def test_with_the_database_away_readers_get_a_503_editors_their_text_and_healthz_says_so(tmp_path):
    with fresh_database(tmp_path) as base:
        working = _environment(base, tmp_path)
        for args in (
            ["import_article", "seeds/", "--publish"],
            ["collectstatic", "--noinput", "-v0"],
            ["shell", "-v0", "-c", f"from accounts.models import User; User.objects.create_superuser('ed', 'ed@example.org', '{PASSWORD}')"],
        ):  # fmt: skip
            result = manage(*args, env=working)
            assert result.returncode == 0, result.stderr
        article = f"/articles/{SEED_SLUG}/"
        with _gunicorn(working) as origin:
            assert fetch(f"{origin}{article}", _headers())[0] == 200  # now in the shared cache
            cookies = _log_in(origin)

        with _gunicorn(_environment(base, tmp_path, refusing_database_url(tmp_path))) as origin:
            # A page in the cache is served as before.
            status, headers, page = fetch(f"{origin}{article}", _headers())
            assert status == 200 and "Published on" in page

            # Anything else: a short 503 that says when to come back.
            for path in ("/sections/news/", "/search/?q=kremlin", "/feeds/atom/"):
                status, headers, page = fetch(f"{origin}{path}", _headers())
                assert status == 503, path
                assert headers["Retry-After"] == "30"
                assert "Back in a moment" in page and "Traceback" not in page

            # An editor's save: it says nothing was saved, and gives the text back.
            body = "<p>Paragraph one of a story that must not be lost.</p>"
            sent = {
                "csrfmiddlewaretoken": cookies["csrftoken"],
                "headline": "A headline typed during the outage",
                "body": body,
                "bylines-TOTAL_FORMS": "0",
                "_save": "Save",
            }
            status, headers, page = fetch(
                f"{origin}/admin/articles/article/add/",
                _headers(cookies, Origin=f"https://{HOST}"),
                data=sent,
            )
            assert status == 503
            assert "nothing you sent was saved" in page
            assert "A headline typed during the outage" in page
            assert "&lt;p&gt;Paragraph one of a story that must not be lost.&lt;/p&gt;" in page
            assert cookies["csrftoken"] not in page and "TOTAL_FORMS" not in page
            assert "Traceback" not in page

            status, _, answer = fetch(f"{origin}/healthz", _headers())
            assert status == 503
            assert json.loads(answer) == {"database": "unreachable", "cache": "ok"}
            assert not re.search(r"password|postgres://|sqlite:", answer)
