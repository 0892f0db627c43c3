"""The project in real processes: manage.py commands, and servers on a free port of 127.0.0.1."""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager

import psycopg
from django.db import connection

from tests.conftest import ROOT


def manage(*args, env, timeout=300):
    """Run `manage.py *args` in a fresh process with exactly `env`; the finished process."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@contextmanager
def fresh_database(tmp_path):
    """The environment of a new, migrated database of the kind the suite runs on, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield _migrated(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
        return
    settings = connection.settings_dict
    server = f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    name = f"newsroom_fresh_{secrets.token_hex(4)}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _migrated(f"{server}/{name}")
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def refusing_database_url(tmp_path):
    """A database URL of the suite's kind that really refuses every connection."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'no-such-folder' / 'db.sqlite3'}"  # SQLite cannot open it
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@127.0.0.1:{free_port()}/{settings['NAME']}"  # nothing listens


def _migrated(url):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["DATABASE_URL"] = url
    result = manage("migrate", "--noinput", "-v0", env=env)
    assert result.returncode == 0, result.stderr
    return env


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(command, env, port, timeout=30):
    """Run `command` until the block ends; wait (bounded) until it answers on `port`."""
    # A file, not a pipe: a chatty server must never block on a full pipe.
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            origin = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + timeout
            while fetch(f"{origin}/", timeout=2) is None:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"server did not start: {log.read().decode()[-2000:]}")
                time.sleep(0.2)
            yield origin
        finally:
            server.terminate()
            server.wait(timeout=10)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, headers=None, timeout=10, data=None):
    """GET (or POST `data`, a dict) without following redirects: (status, headers, text), or None when
    nothing answers."""
    opener = urllib.request.build_opener(_NoRedirect)
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with opener.open(
            urllib.request.Request(url, body, headers=headers or {}), timeout=timeout
        ) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()
    except OSError:
        return None
