"""`make run`'s database steps (migrate, import seeds, demo editor and reporter) on a fresh database, twice,
then the site served from it, as a newcomer would see it."""

import os
import re
import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEED_SLUG
from tests.processes import fetch, free_port, manage, serving


@pytest.fixture
def fresh_database(tmp_path):
    path = tmp_path / "newsroom.sqlite3"
    env = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DEBUG", "SECRET_KEY"}
    }
    env.pop("NEWSROOM_DEMO_PASSWORD", None)
    env["DATABASE_URL"] = f"sqlite:///{path}"
    env["MEDIA_ROOT"] = str(tmp_path / "media")
    return path, env


def make_demo_data(env):
    result = subprocess.run(
        ["make", "--no-print-directory", "demo-data", f"PY={sys.executable}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def authenticates(env, username, password):
    code = (
        "from django.contrib.auth import authenticate; "
        f"print(authenticate(username={username!r}, password={password!r}) is not None)"
    )
    result = manage("shell", "--verbosity", "0", "--command", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip() == "True"


def rows(path, sql):
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


def test_demo_data_twice_creates_everything_once(fresh_database):
    path, env = fresh_database

    first = make_demo_data(env)
    password, reporter_password = re.findall(r"password: (\S+)", first)
    assert first.count("(shown only this once)") == 2
    assert "1 created, 0 updated, 0 unchanged, 0 skipped, 0 failed." in first

    second = make_demo_data(env)
    assert "0 created, 0 updated, 1 unchanged, 0 skipped, 0 failed." in second
    assert "Demo editor 'editor' exists; its password is unchanged" in second
    assert "Demo reporter 'reporter' exists; its password is unchanged" in second
    assert password not in second and reporter_password not in second

    assert rows(path, "select slug, status from articles_article") == [(SEED_SLUG, "published")]
    assert rows(path, "select username, is_staff, is_superuser from accounts_user order by id") == [
        ("editor", 1, 0),
        ("reporter", 1, 0),
    ]
    assert rows(
        path,
        "select u.username, g.name from auth_group g join accounts_user_groups ug on ug.group_id = g.id"
        " join accounts_user u on u.id = ug.user_id order by u.id",
    ) == [("editor", "Editor"), ("reporter", "Reporter")]

    assert authenticates(env, "editor", password)
    assert authenticates(env, "reporter", reporter_password)


def test_demo_password_can_be_chosen(fresh_database):
    _, env = fresh_database
    env["NEWSROOM_DEMO_PASSWORD"] = "a-long-chosen-demo-password"
    output = make_demo_data(env)
    assert "a-long-chosen-demo-password" not in output
    assert "Its password is the one in NEWSROOM_DEMO_PASSWORD." in output
    assert authenticates(env, "editor", "a-long-chosen-demo-password")
    assert authenticates(env, "reporter", "a-long-chosen-demo-password")


def test_the_seed_article_is_served_after_demo_data(fresh_database):
    _, env = fresh_database
    make_demo_data(env)
    port = free_port()
    command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    with serving(command, env, port) as origin:
        status, _, html = fetch(f"{origin}/articles/{SEED_SLUG}/")
        assert status == 200 and "No Compromise on Occupied Territories" in html
        status, _, css = fetch(f"{origin}/static/css/site.css")
        assert status == 200 and ".article__headline" in css
        status, _, login = fetch(f"{origin}/admin/login/")
        assert status == 200 and "Newsroom desk" in login
