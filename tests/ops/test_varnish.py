"""A real Varnish (Debian's varnish and varnish-modules' xkey) with the repository's VCL in front of a
real gunicorn: a change on the desk purges exactly the pages that show it. CI installs Varnish
(.ci/run) and sets REQUIRE_VARNISH, so there the test cannot be skipped."""

import os
import secrets
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest

from tests.conftest import ROOT
from tests.processes import fetch, free_port, fresh_database, manage, serving

VARNISHD = shutil.which("varnishd") or (
    "/usr/sbin/varnishd" if os.path.exists("/usr/sbin/varnishd") else None
)
pytestmark = pytest.mark.skipif(
    VARNISHD is None and not os.environ.get("REQUIRE_VARNISH"), reason="Varnish is not installed here"
)
HEADERS = {"X-Forwarded-Proto": "https"}


def _environment(base, tmp_path, varnish_port):
    env = dict(base)
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        BEHIND_TLS_PROXY="true",
        # The server and the desk's process below share one cache, as app servers share Redis.
        CACHE_URL=f"filecache://{tmp_path / 'cache'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        TASK_BACKEND="immediate",
        PAGE_CACHE_PURGE="varnish",
        PAGE_CACHE_PURGE_URL=f"http://127.0.0.1:{varnish_port}",
    )
    return env


@contextmanager
def varnish(tmp_path, port, backend_port):
    """varnishd in the foreground on `port` with deploy/varnish/newsroom.vcl, its backend moved to
    `backend_port`; stopped by its PID when the block ends."""
    assert VARNISHD, "REQUIRE_VARNISH is set but varnishd is not installed"
    vcl = (ROOT / "deploy" / "varnish" / "newsroom.vcl").read_text()
    assert '.port = "8000";' in vcl
    config = tmp_path / "newsroom.vcl"
    config.write_text(vcl.replace('.port = "8000";', f'.port = "{backend_port}";'))
    command = [VARNISHD, "-F", "-j", "none", "-n", str(tmp_path / "varnish"), "-a", f"127.0.0.1:{port}"]
    command += ["-f", str(config), "-s", "malloc,32m", "-p", "vcc_allow_inline_c=off"]
    with open(tmp_path / "varnish.log", "wb") as log, _running(command, log) as process:
        deadline = time.monotonic() + 30
        while fetch(f"http://127.0.0.1:{port}/robots.txt", HEADERS, timeout=2) is None:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"varnishd did not start: {(tmp_path / 'varnish.log').read_text()[-2000:]}"
                )
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"


@contextmanager
def _running(command, log):
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


def _through(origin, path):
    status, headers, body = fetch(f"{origin}{path}", HEADERS)
    return status, headers["X-Cache"], body, headers


def _desk(env, code):
    """Run `code` in a process of its own, as the desk's server would, with the articles at hand."""
    setup = "from articles.models import Article; from articles.editing.articles import save_article; "
    result = manage("shell", "-v0", "-c", setup + code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_change_purges_exactly_the_pages_that_show_it(tmp_path):
    varnish_port, app_port = free_port(), free_port()
    with fresh_database(tmp_path) as base:
        env = _environment(base, tmp_path, varnish_port)
        for args in (["import_article", "seeds/", "--publish"], ["collectstatic", "--noinput", "-v0"]):
            result = manage(*args, env=env)
            assert result.returncode == 0, result.stderr
        unrelated = _desk(
            env, "print(Article.objects.get().slug)"
        )  # the seed; the new story shares nothing with it
        changed = _desk(
            env,
            "from django.utils import timezone; from articles.models import Section; "
            "article = Article(headline='Harbour wall to be repaired', slug='harbour-wall', "
            "section=Section.objects.create(name='Sport', slug='sport'), body='<p>The wall.</p>', status='published', "
            "published_at=timezone.now()); save_article(article); print(article.slug)",
        )
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{app_port}", "--workers", "1"]
        with (
            serving([*command, "newsroom.wsgi:application"], env, app_port),
            varnish(tmp_path, varnish_port, app_port) as origin,
        ):
            pages = {"changed": f"/articles/{changed}/", "unrelated": f"/articles/{unrelated}/"}
            for path in pages.values():
                assert _through(origin, path)[:2] == (200, "MISS"), path
                status, cache, _, headers = _through(origin, path)
                assert (status, cache) == (200, "HIT"), path
                assert "xkey" not in headers and "Surrogate-Key" not in headers  # kept for Varnish alone
                assert "s-maxage=86400" in headers["Cache-Control"]  # a day: Varnish is told of changes

            _desk(
                env,
                f"article = Article.objects.get(slug={changed!r}); "
                "article.headline = 'Headline changed on the desk'; save_article(article)",
            )

            status, cache, body, _ = _through(origin, pages["changed"])
            assert (status, cache) == (200, "MISS") and "Headline changed on the desk" in body
            assert _through(origin, pages["changed"])[1] == "HIT"
            assert _through(origin, pages["unrelated"])[1] == "HIT"  # not shown with it: still kept


def test_only_the_purgers_may_purge(tmp_path):
    """The VCL's purge answers say what they did; a PURGE without tags is refused."""
    varnish_port, app_port = free_port(), free_port()
    with fresh_database(tmp_path) as base:
        env = _environment(base, tmp_path, varnish_port)
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{app_port}", "--workers", "1"]
        with (
            serving([*command, "newsroom.wsgi:application"], env, app_port),
            varnish(tmp_path, varnish_port, app_port) as origin,
        ):
            import urllib.request

            def purge(headers):
                request = urllib.request.Request(origin + "/", method="PURGE", headers=headers)
                try:
                    with urllib.request.urlopen(request, timeout=5) as response:
                        return response.status
                except urllib.error.HTTPError as error:
                    return error.code

            assert purge({"xkey-purge": "a1 latest"}) == 200
            assert purge({}) == 400
