"""The build this server runs: a short digest of its code, templates, static files and settings.

Cached answers are kept under it (public/middleware.py), so a deploy or a settings change retires
every cached page at once, and servers running the same build share one cache. BUILD_VERSION (a
release or commit name, set by the deploy) is used as it is instead of the files' digest.
"""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("newsroom", "articles", "accounts", "templates", "static")
SUFFIXES = {".py", ".html", ".txt", ".xml", ".js", ".css", ".svg", ".json"}


@cache
def build_version():
    digest = hashlib.blake2b(digest_size=8)
    if settings.BUILD_VERSION:
        digest.update(settings.BUILD_VERSION.encode())
    else:
        for path in sorted(_source_files()):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    digest.update(_settings_text().encode())
    return digest.hexdigest()


def _source_files():
    for name in SOURCES:
        folder = ROOT / name
        if folder.is_dir():
            yield from (
                path
                for path in folder.rglob("*")
                if path.suffix in SUFFIXES and "__pycache__" not in path.parts and path.is_file()
            )


# Settings that say where this server finds things, not what pages say: they may differ between
# the servers of one deploy, which must still share the cache.
PER_SERVER = ("DATABASE", "CACHES", "SECRET", "PASSWORD", "LOGGING", "TASKS", "EMAIL", "_ROOT", "BASE_DIR")


def _settings_text():
    """The settings' values, in order: a changed setting is a new build."""
    return repr(
        sorted(
            (name, repr(getattr(settings, name)))
            for name in dir(settings)
            if name.isupper() and not any(part in name for part in PER_SERVER)
        )
    )
