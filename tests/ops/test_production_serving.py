"""The production stack for real: DEBUG off, collectstatic, gunicorn and whitenoise."""

import os
import secrets
import sys

import pytest

from tests.conftest import SEED_SLUG
from tests.processes import fetch, free_port, manage, serving

HOST = "news.example.org"


@pytest.fixture
def production_env(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        BEHIND_TLS_PROXY="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    for args in (
        ["migrate", "--noinput"],
        ["import_article", "seeds/", "--publish"],
        ["collectstatic", "--noinput"],
    ):
        result = manage(*args, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
    return env


def through_proxy(url, *, https=True):
    """What a TLS-terminating proxy in front of gunicorn would send on."""
    headers = {"Host": HOST}
    if https:
        headers["X-Forwarded-Proto"] = "https"
    return fetch(url, headers)


def test_gunicorn_serves_pages_and_hashed_static_files(production_env):
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "newsroom.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
    ]
    with serving(command, production_env, port) as origin:
        status, headers, html = through_proxy(f"{origin}/articles/{SEED_SLUG}/")
        assert status == 200
        assert "No Compromise on Occupied Territories" in html
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert f'<link rel="canonical" href="https://{HOST}/articles/{SEED_SLUG}/">' in html

        stylesheet = html.split('<link rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        assert stylesheet.startswith("/static/css/site.") and stylesheet != "/static/css/site.css"
        status, headers, css = through_proxy(f"{origin}{stylesheet}")
        assert status == 200 and ".article__headline" in css
        assert "immutable" in headers["Cache-Control"]

        status, headers, _ = through_proxy(f"{origin}/", https=False)
        assert status == 301 and headers["Location"] == f"https://{HOST}/"

        status, _, html = through_proxy(f"{origin}/articles/not-there/")
        assert status == 404
        assert "We couldn’t find that page" in html and "Traceback" not in html
