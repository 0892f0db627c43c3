from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_72f1ca087c99e71b.txt"
SEED_SLUG = "no-compromise-on-occupied-territories-after-poutine-witkoff-meeting"


@pytest.fixture
def seed_bytes():
    return SEED.read_bytes()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs a quarter of a second per user: the permission matrix creates hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded files from tests never land in the project's media folder.
    settings.MEDIA_ROOT = tmp_path / "media"


pytest_plugins = ["tests.chromium", "tests.receivers"]


@pytest.fixture
def library_image(db):
    """A 1600 x 900 picture in the media library, its renditions made."""
    from tests.factories import make_image

    return make_image(1600, 900)


@pytest.fixture(autouse=True)
def _empty_cache():
    # Crawler pages are cached; a test must never read what an earlier test rendered.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _requests_commit(monkeypatch):
    """In production a request's writes are committed when it ends, and what they set off then runs
    (background tasks, the page cache's new version). Inside a test's transaction that commit never
    comes, so each test-client request runs its on-commit work as it ends, as the commit would."""
    from django.test import Client, TestCase

    send = Client.request

    def request(self, **params):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return send(self, **params)

    monkeypatch.setattr(Client, "request", request)
