"""Settings come from the environment: safe for development, strict in production."""

import json
import os
import secrets
import socket

import pytest
from django.core.cache import caches
from django.test import override_settings

from tests.processes import manage

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "news.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://news.example.org",
    "SITE_URL": "https://news.example.org",
}
CONFIG_VARIABLES = {
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL", "CACHE_URL",
    "EMAIL_URL", "SITE_URL", "SOCIAL_LINKS", "TIME_ZONE", "STATIC_ROOT", "MEDIA_ROOT", "SERVE_MEDIA",
    # Set by the browser tests for their own process only.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}  # fmt: skip


def manage_with(*args, **variables):
    """Run manage.py in a fresh process with exactly these configuration variables set."""
    env = {key: value for key, value in os.environ.items() if key not in CONFIG_VARIABLES}
    env.update(variables)
    return manage(*args, env=env)


def settings_in(**variables):
    code = (
        "from django.conf import settings as s; import json; print(json.dumps({"
        "'DEBUG': s.DEBUG, 'ENGINE': s.DATABASES['default']['ENGINE'], "
        "'NAME': str(s.DATABASES['default']['NAME']), 'CACHE': s.CACHES['default']['BACKEND'], "
        "'CACHE_LOCATION': s.CACHES['default'].get('LOCATION'), 'EMAIL': s.EMAIL_BACKEND, "
        "'STATIC': s.STORAGES['staticfiles']['BACKEND'], 'SOCIAL': s.SOCIAL_LINKS, "
        "'HOSTS': s.ALLOWED_HOSTS, 'SSL_REDIRECT': s.SECURE_SSL_REDIRECT, "
        "'EMAIL_LINK_ORIGIN': s.EMAIL_LINK_ORIGIN}))"
    )
    result = manage_with("shell", "--verbosity", "0", "--command", code, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_development_defaults_need_no_configuration():
    values = settings_in()
    assert values["DEBUG"] is True
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"].endswith("db.sqlite3")
    assert values["CACHE"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["EMAIL"] == "django.core.mail.backends.console.EmailBackend"
    assert "127.0.0.1" in values["HOSTS"]


def test_production_refuses_to_start_without_a_secret_key():
    result = manage_with("check", DEBUG="false", ALLOWED_HOSTS="news.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = manage_with("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_deployment_checklist_asks_for_the_site_url_that_email_links_need():
    without = {key: value for key, value in PRODUCTION.items() if key != "SITE_URL"}
    result = manage_with("check", "--deploy", "--fail-level", "WARNING", **without)
    assert result.returncode != 0
    assert "newsroom.W001" in result.stderr + result.stdout


def test_email_links_default_to_the_development_server_and_follow_site_url():
    assert settings_in()["EMAIL_LINK_ORIGIN"] == "http://127.0.0.1:8000"
    assert (
        settings_in(SITE_URL="https://news.example.org/")["EMAIL_LINK_ORIGIN"] == "https://news.example.org"
    )
    assert settings_in(**{**PRODUCTION, "SITE_URL": ""})["EMAIL_LINK_ORIGIN"] == ""


def test_production_uses_postgres_redis_smtp_and_hashed_static_files():
    values = settings_in(
        **PRODUCTION,
        DATABASE_URL="postgres://newsroom@db.internal:5432/newsroom",
        CACHE_URL="redis://127.0.0.1:6379/1",
        EMAIL_URL="smtp+tls://mailer:secret@smtp.example.org:587",
        SOCIAL_LINKS="Mastodon|https://social.example/@paper,Bluesky|https://bsky.example/paper",
    )
    assert values["DEBUG"] is False
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["NAME"] == "newsroom"
    # Django's Redis backend, keeping its clients (newsroom/redis_cache.py).
    assert values["CACHE"] == "newsroom.redis_cache.RedisCache"
    assert values["CACHE_LOCATION"] == "redis://127.0.0.1:6379/1"
    assert values["EMAIL"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["STATIC"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["SOCIAL"] == [
        ["Mastodon", "https://social.example/@paper"],
        ["Bluesky", "https://bsky.example/paper"],
    ]
    assert values["HOSTS"] == ["news.example.org"]
    assert values["SSL_REDIRECT"] is True


def test_demo_accounts_are_refused_in_production():
    result = manage_with("create_demo_editor", **PRODUCTION, DATABASE_URL="sqlite:///:memory:")
    assert result.returncode != 0
    assert "Demo accounts are for local development only" in result.stderr


def redis_is_up():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def test_the_redis_cache_backend_really_talks_to_redis():
    if not redis_is_up():
        if os.environ.get("CI"):
            pytest.fail("Redis is expected on 127.0.0.1:6379 in CI")
        pytest.skip("no Redis on 127.0.0.1:6379")
    redis_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
        "KEY_PREFIX": f"newsroom-test-{secrets.token_hex(4)}",
    }
    with override_settings(CACHES={"default": redis_cache}):
        cache = caches.create_connection("default")
        try:
            cache.set("headline", "Hello", timeout=30)
            assert cache.get("headline") == "Hello"
        finally:
            cache.delete("headline")
