"""`make bench`: how fast the site serves, how its pages grow with the archive, how fast it imports.

Speed goals live here, never in timed tests. One run on one machine measures:

1. Serving, over HTTP: gunicorn as in production (2 sync workers, DEBUG off, the project's settings)
   on 127.0.0.1, loaded by wrk -t2 -c16 for BENCH_SECONDS (default 10) per target, on a throwaway
   archive of BENCH_ARTICLES (default 1000): SQLite in a temp dir, or PostgreSQL with --postgres or
   BENCH_DATABASE_URL; local-memory cache, or Redis with BENCH_CACHE_URL. Targets: every article of
   the archive in turn (a wrk Lua script cycling through all their paths) with the page cache off
   (PAGE_CACHE=false), the same walk with it on, the newest article again and again and the home page
   again and again (page cache on); and the walk's ceiling, "the reads alone": the same article
   addresses on the floor's server doing only the article page's database reads (no template).
   Why ratios: requests/s on a shared 2-core machine move with whatever else runs on it, so each
   target is divided by the floor measured in the same run, before and after the others (the mean).
   The floor is plain Django under the same server, settings and middleware: one view returning a
   fixed 20 KB page, no database, no template, page cache off (bench/floor.py). A ratio of 1
   is a page costing no more than Django's request cycle itself, the best a page can do.
   Goals: hot cached article and home >= 0.85 of the floor; uncached article walk >= 0.25.
   Error answers (status >= 400) never count in requests/s; any error or socket error is reported
   beside the rate and fails the goal. Every target must answer 200 (no redirect) before it is loaded.
2. Growth, in-process (django.test.Client) on a throwaway PostgreSQL database, page cache off and the
   cache cleared before every request: median ms and query count of every public page, the desk's
   article list, its search and an article's change page (as a superuser), at each archive size of
   BENCH_GROWTH_SIZES (default 1000,100000). Goal: largest over smallest <= 1.2 with the same query
   count, or the page will not survive a real archive. VACUUM ANALYZE follows each bulk import, as
   autovacuum would on a live site. At each size the content API's list is also walked 100 at a time
   through `next` to its end: the last pages must cost what the first do (same goal), with one query
   count throughout, every published article seen exactly once.
3. Import rate in files/s, timed inside the importing process around `import_article` (one run per
   byline/tag chunk folder) over generated files in the seed format (distinct headlines and dates,
   10 sections, 6 byline and tag sets): the first import of an archive and a re-import of the same
   unchanged files, on every database used above. Goal: 1,000 files/s.

4. WordPress, a generated export (bench/wordpress.py) of BENCH_WXR_POSTS published posts
   (default 50,000, bodies of about 3.3 KB: a file of about 200 MB) and one a tenth of its size,
   each imported into a fresh database (SQLite, or PostgreSQL as in part 1) by `import_article FILE`
   in a process of its own, with
   the database task queue as in production (the related reading is the worker's, afterwards).
   Measured: posts/s, seconds, and the process's peak resident memory. Goals: 1,000 posts/s, the
   whole export in under a minute, and memory bounded: the big file's peak at most 1.5 times the
   small one's (a reader that held the file would need ten times).

5. Extraction: how right a saved page's import is beside trafilatura alone, field by field, on the
   56 pages of tests/interchange/pages (bench/extraction.py). Goal: at least trafilatura on every field.

6. A spike with publishing: an archive of BENCH_SPIKE_ARTICLES (10,000) served by gunicorn with the
   page cache on Redis (BENCH_CACHE_URL, else the bench's own Redis database), loaded by wrk for
   BENCH_SPIKE_SECONDS (60) over 30,000 addresses drawn with Zipf weights from the front, the section
   pages, the feeds and the articles newest first, while bench/spike.py saves one of the 50 newest
   stories every 5 s through the write path. Goals: requests/s at least 0.7 of the floor, no errors,
   and the renders of retired answers (counted by the page cache itself) no more than the answers in
   the walk that show the changed stories (read from their Surrogate-Key after the run).

7. Webhook fan-out (bench/fanout.py): 1,000 saves on the desk's write path with no webhook, then
   1,000 with 50 endpoints (one down), tasks in the database queue as in production; then one
   worker's delivery to a real local receiver. Goals: a save's median time unchanged (the editor's
   request sends nothing), every delivery made or waiting for its retry, none lost.

Environment: BENCH_SECONDS, BENCH_ARTICLES, BENCH_GROWTH_SIZES ("none" skips part 2), BENCH_REQUESTS
(per page in part 2, default 20), BENCH_PAGE_BUDGET (seconds per page in part 2 after 3 requests,
default 10), BENCH_DATABASE_URL (a PostgreSQL server, default postgres://postgres@127.0.0.1:5432: the
bench creates and drops its own newsroom_bench_* databases there, never the one the URL names),
BENCH_CACHE_URL (redis://127.0.0.1:6379/15: a dedicated database number, flushed before and after),
BENCH_WXR_POSTS (part 4; "0" skips it), BENCH_QUICK=1 or --quick (a smoke run: tiny sizes, 2 s
loads); --parts serving,growth,wordpress,extraction,spike,webhooks chooses the parts (default: all of them).
Every process it starts is stopped by its PID, every temp dir and database removed, even on failure.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SEED = ROOT / "seeds" / "000_72f1ca087c99e71b.txt"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_DB = 15

WORKERS = 2
WRK_THREADS = 2
WRK_CONNECTIONS = 16
WARMUP_SECONDS = 1  # wrk on the target before each measurement: templates compiled, caches filled
NOISE_MS = 1.0  # growth: medians below this are timer noise
GOALS = {
    "hot": 0.85,
    "api-hot-redis": 0.6,
    "walk-off": 0.25,
    "growth": 1.2,
    "import": 1000,
    "wxr_seconds": 60,
    "wxr_memory": 1.5,
    "spike": 0.7,
}
PARTS = ("serving", "growth", "wordpress", "extraction", "spike", "webhooks")
WXR_BODY_BYTES = 3300

SECTIONS = [
    "News", "World", "Politics", "Business", "Economy", "Science", "Health", "Culture", "Sport", "Opinion",
]  # fmt: skip
PLACES = [
    "Geneva", "Kyiv", "Brussels", "Istanbul", "Riyadh", "Warsaw", "Helsinki", "Vienna", "Ankara", "Oslo",
    "Doha", "Tbilisi", "Baku", "Prague", "Budapest", "Bucharest", "Sofia", "Riga", "Vilnius",
]  # fmt: skip
# One import_article run per chunk: (bylines, tags) given to every file of the chunk.
CHUNKS = [
    ("Ada Reporter, Bo Writer", "europe,diplomacy"),
    ("Chen Correspondent", "ukraine,russia"),
    ("Dana Editor, Ada Reporter", "europe,united states"),
    ("Eli Stringer", "kremlin,diplomacy,sanctions"),
    ("Fay Columnist", "elections"),
    ("Gus Wire", "economy,europe"),
]
SEARCH_WORD = PLACES[0].lower()  # in one headline out of len(PLACES)
MINUTES_APART = 7  # file i was published i * 7 minutes before the newest

GROWTH_PAGES = [
    ("home", "/", "reader"),
    ("section", "/sections/news/", "reader"),
    ("tag", "/tags/europe/", "reader"),
    ("author", "/authors/ada-reporter/", "reader"),
    ("article", "{article_path}", "reader"),
    ("search", f"/search/?q={SEARCH_WORD}", "reader"),
    ("rss", "/feeds/rss/", "reader"),
    ("atom", "/feeds/atom/", "reader"),
    ("sitemap index", "/sitemap.xml", "reader"),
    ("sitemap-articles", "{articles_sitemap_path}", "reader"),  # the newest month's
    ("news sitemap", "/news-sitemap.xml", "reader"),
    ("robots", "/robots.txt", "reader"),
    ("API list", "/api/v1/articles", "reader"),
    ("API article", "/api/v1/articles/{article_id}", "reader"),
    ("API search", f"/api/v1/search?q={SEARCH_WORD}", "reader"),
    ("API changes", "/api/v1/changes", "reader"),
    ("desk list", "/admin/articles/article/", "desk"),
    ("desk search", f"/admin/articles/article/?q={SEARCH_WORD}", "desk"),
    ("change page", "/admin/articles/article/{article_id}/change/", "desk"),
]

# The content API's whole archive, 100 at a time through `next`: page 1,000 must cost what page 1 does.
API_WALK = "/api/v1/articles?limit=100&fields=id,headline,url"

# wrk Lua: `done` writes the summary as JSON; the walk adds a `request` cycling through a file of paths,
# each thread taking every WRK_THREADS-th path from its own offset so that together they cover all.
WRK_REPORT_LUA = """
local started = 0
function setup(thread)
  thread:set("id", started)
  started = started + 1
end
function done(summary, latency, requests)
  local e = summary.errors
  local out = assert(io.open(os.getenv("BENCH_WRK_OUT"), "w"))
  out:write(string.format(
    '{"requests": %d, "duration_us": %d, "status": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"timeout": %d, "p50_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99)))
  out:close()
end
"""
WRK_WALK_LUA = """
local paths, index, step = {}, 1, 1
function init(args)
  for line in io.lines(os.getenv("BENCH_PATHS")) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  step = tonumber(os.getenv("BENCH_THREADS"))
  index = (id % #paths) + 1
end
function request()
  local path = paths[index]
  index = index + step
  if index > #paths then index = index - #paths end
  return wrk.format("GET", path)
end
"""


@dataclass
class Config:
    seconds: int
    warmup: int
    articles: int
    growth_sizes: list
    requests: int
    budget: float
    serve_postgres: bool
    postgres_server: str
    cache_url: str
    parts: set
    quick: bool
    wxr_posts: int = 50_000
    spike_articles: int = 10_000
    spike_seconds: int = 60
    wrk: str = "wrk"


def config_from(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: tiny sizes, 2 s loads (BENCH_QUICK=1)"
    )
    parser.add_argument("--postgres", action="store_true", help="serve from PostgreSQL instead of SQLite")
    parser.add_argument(
        "--parts",
        default=",".join(PARTS),
        help=", ".join(PARTS) + " (default: all)",
    )
    args = parser.parse_args(argv)
    parts = {part.strip() for part in args.parts.split(",")}
    if not parts <= set(PARTS):
        parser.error(f"--parts: {', '.join(PARTS)}, not {args.parts!r}")
    quick = args.quick or os.environ.get("BENCH_QUICK", "") not in ("", "0", "false")
    env = os.environ.get
    return Config(
        seconds=int(env("BENCH_SECONDS", 2 if quick else 10)),
        warmup=WARMUP_SECONDS,
        articles=int(env("BENCH_ARTICLES", 60 if quick else 1000)),
        growth_sizes=sizes_from(env("BENCH_GROWTH_SIZES", "40,160" if quick else "1000,100000")),
        requests=int(env("BENCH_REQUESTS", 5 if quick else 20)),
        budget=float(env("BENCH_PAGE_BUDGET", 3 if quick else 10)),
        serve_postgres=args.postgres or bool(env("BENCH_DATABASE_URL")),
        postgres_server=env("BENCH_DATABASE_URL") or DEFAULT_POSTGRES,
        cache_url=redis_url(env("BENCH_CACHE_URL", "")),
        parts=parts,
        quick=quick,
        wxr_posts=int(env("BENCH_WXR_POSTS", 2000 if quick else 50_000)),
        spike_articles=int(env("BENCH_SPIKE_ARTICLES", 300 if quick else 10_000)),
        spike_seconds=int(env("BENCH_SPIKE_SECONDS", 12 if quick else 60)),
    )


def sizes_from(text):
    """Archive sizes from "1000,100000", smallest first; none from "none" (no growth part)."""
    if text.strip().lower() in ("", "none", "0"):
        return []
    return sorted(int(size) for size in text.split(","))


def redis_url(url):
    """BENCH_CACHE_URL with a dedicated database number (15 when it names none); '' for local memory."""
    if not url:
        return ""
    parts = urllib.parse.urlsplit(url)
    if parts.path.strip("/") == "":
        return parts._replace(path=f"/{DEFAULT_REDIS_DB}").geturl()
    if parts.path.strip("/") == "0":
        raise SystemExit(
            "BENCH_CACHE_URL: the bench flushes its Redis database; name one other than 0, e.g. /15"
        )
    return url


# --- small helpers -------------------------------------------------------------------------------

_STARTED = time.monotonic()


def log(message):
    print(f"[{time.monotonic() - _STARTED:7.1f}s] {message}", file=sys.stderr, flush=True)


def number(value):
    return f"{value:,}"


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch_status(url, timeout=30):
    """The status of a GET, redirects not followed; None when nothing answers."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def ensure_wrk():
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("wrk is not installed and the bench is not root: run `sudo apt-get install -y wrk`.")
    log("installing wrk (apt-get install -y wrk)")
    for command in (
        ["apt-get", "install", "-y", "wrk"],
        ["apt-get", "update"],
        ["apt-get", "install", "-y", "wrk"],
    ):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
        if command[1] == "install" and result.returncode == 0:
            break
    found = shutil.which("wrk")
    if not found:
        raise SystemExit(f"could not install wrk: {result.stderr.strip()[-500:]}")
    return found


# --- the Django processes' environment -----------------------------------------------------------


def django_env(workdir, database_url, *, cache_url="", page_cache=False, settings="newsroom.settings"):
    """Production settings for every child process: DEBUG off, plain HTTP on 127.0.0.1, our own db."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        DEBUG="false",
        SECRET_KEY=_SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        BEHIND_TLS_PROXY="false",
        DATABASE_URL=database_url,
        CACHE_URL=cache_url or "locmemcache://newsroom-bench",
        PAGE_CACHE="true" if page_cache else "false",
        STATIC_ROOT=str(Path(workdir, "static")),
        MEDIA_ROOT=str(Path(workdir, "media")),
        TIME_ZONE="UTC",
        # Background work (search documents, related reading) inside the process that sets it off: the
        # import's time includes it and every page is complete; no worker process to run beside.
        TASK_BACKEND="immediate",
        LOG_LEVEL="WARNING",
        # wrk is one address asking thousands of times a second: the API's anonymous rate must not count.
        API_ANONYMOUS_RATE=str(10**9),
    )
    return env


_SECRET_KEY = secrets.token_urlsafe(50)


def manage(env, *args, timeout=600):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{(result.stdout + result.stderr)[-3000:]}")


def run_module(module, env, *args, timeout):
    """`python -m module *args` in a child process with exactly `env`; raises when it fails."""
    result = subprocess.run(
        [PYTHON, "-m", module, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(f"{module} failed:\n{(result.stdout + result.stderr)[-3000:]}")


# --- throwaway databases and cache ---------------------------------------------------------------


@contextmanager
def throwaway_postgres(server_url, purpose):
    """A fresh database on the PostgreSQL server of `server_url`, dropped at the end: its DATABASE_URL."""
    import psycopg
    from psycopg import sql

    name = f"newsroom_bench_{purpose}_{os.getpid()}"
    admin_url = urllib.parse.urlsplit(server_url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    log(f"created PostgreSQL database {name}")
    try:
        yield urllib.parse.urlsplit(server_url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        log(f"dropped PostgreSQL database {name}")


def analyze(database_url):
    """After a bulk import, what autovacuum would do on a live site: fresh statistics for the planner."""
    if database_url.startswith("postgres"):
        import psycopg

        with psycopg.connect(database_url, autocommit=True, connect_timeout=10) as connection:
            connection.execute("VACUUM ANALYZE")


def flush_cache(cache_url):
    if cache_url:
        import redis

        redis.Redis.from_url(cache_url, socket_timeout=10).flushdb()


@contextmanager
def bench_cache(cache_url):
    flush_cache(cache_url)
    try:
        yield
    finally:
        flush_cache(cache_url)


# --- the archive ---------------------------------------------------------------------------------


def seed_parts():
    paragraphs = SEED.read_text(encoding="utf-8").strip().split("\n\n")
    if paragraphs[0] != "Connect with us" or paragraphs[3:5] != ["Published", "on"]:
        raise SystemExit(f"{SEED.name} is no longer in the expected layout; update bench/__main__.py")
    return paragraphs[2], paragraphs[5:]


def generate_archive(folder, start, stop, newest):
    """Files start..stop-1 in seed format, one sub-folder per chunk: the import manifest."""
    headline, rest = seed_parts()
    body = "\n\n".join(rest) + "\n"
    base = headline.rsplit(" After ", 1)[0]  # "No Compromise on Occupied Territories"
    folders = [Path(folder, f"chunk{k}") for k in range(len(CHUNKS))]
    for path in folders:
        path.mkdir(parents=True)
    for index in range(start, stop):
        chunk = index % len(CHUNKS)
        section = SECTIONS[(index // len(CHUNKS)) % len(SECTIONS)]
        place = PLACES[index % len(PLACES)]
        when = newest - timedelta(minutes=MINUTES_APART * index)
        text = (
            f"Connect with us\n\n{section}\n\n{base} After {place} Meeting {index}\n\n"
            f"Published\n\non {when:%Y-%m-%d %H:%M}\n\n{body}"
        )
        # Files are known by their name across folders: names are unique over the whole archive.
        Path(folders[chunk], f"{index:07}.txt").write_text(text, encoding="utf-8")
    return [
        {"folder": str(path), "bylines": bylines, "tags": tags}
        for path, (bylines, tags) in zip(folders, CHUNKS, strict=True)
    ]


def import_archive(env, manifest, workdir, label, paths_file=None):
    """Import the manifest's folders in a child process: its result (files, seconds, counts)."""
    name = "".join(c if c.isalnum() else "-" for c in label)
    manifest_file = Path(workdir, f"manifest-{name}.json")
    manifest_file.write_text(json.dumps(manifest))
    result_file = Path(workdir, f"import-{name}.json")
    files = sum(len(list(Path(chunk["folder"]).iterdir())) for chunk in manifest)
    log(f"import {label}: {number(files)} files")
    extra = ["--paths", str(paths_file)] if paths_file else []
    run_module(
        "bench.import_rate", env, str(manifest_file), str(result_file), *extra, timeout=300 + files * 0.2
    )
    result = json.loads(result_file.read_text())
    result["label"] = label
    log(f"import {label}: {result['files'] / result['seconds']:.0f} files/s ({result['counts']})")
    return result


def collectstatic(env):
    """Once per run: whitenoise's manifest storage (DEBUG off) needs the hashed files in STATIC_ROOT."""
    if not Path(env["STATIC_ROOT"], "staticfiles.json").exists():
        log("collectstatic")
        manage(env, "collectstatic", "--noinput")


def migrate(env):
    log("migrate")
    manage(env, "migrate", "--noinput")


# --- gunicorn and wrk ----------------------------------------------------------------------------


@contextmanager
def gunicorn(app, env, workdir, label):
    """The app under gunicorn (2 sync workers) on a free port until the block ends: its origin."""
    port = free_port()
    command = [
        PYTHON, "-m", "gunicorn", app,
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(WORKERS),
        "--worker-class", "sync",
        # Several gunicorns may run on this machine; none may take over another's control socket.
        "--no-control-socket",
    ]  # fmt: skip
    log_path = Path(workdir, f"gunicorn-{label}.log")
    with open(log_path, "wb") as log_file:
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
    origin = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while fetch_status(f"{origin}/robots.txt", timeout=5) is None:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn ({label}) did not start:\n{log_path.read_text()[-2000:]}")
            time.sleep(0.2)
        yield origin, log_path
    finally:
        stop(server)


def stop(process):
    """Stop a process we started, and its workers (its own session), by its PID."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wrk(config, url, seconds, workdir, paths_file=None):
    """One wrk run: requests, good requests/s, errors, latency percentiles."""
    script = Path(workdir, "walk.lua" if paths_file else "report.lua")
    script.write_text(WRK_REPORT_LUA + (WRK_WALK_LUA if paths_file else ""))
    out = Path(workdir, "wrk.json")
    out.unlink(missing_ok=True)
    env = dict(
        os.environ, BENCH_WRK_OUT=str(out), BENCH_THREADS=str(WRK_THREADS), BENCH_PATHS=str(paths_file or "")
    )
    command = [
        config.wrk, f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), url,
    ]  # fmt: skip
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 60)
    if result.returncode != 0 or not out.exists():
        raise RuntimeError(f"wrk failed: {result.stdout}{result.stderr}")
    data = json.loads(out.read_text())
    errors = data["status"] + data["read"] + data["write"] + data["timeout"]
    # `requests` are complete answers, error statuses (>= 400) among them; those never count.
    good = data["requests"] - data["status"]
    return {
        "requests": data["requests"],
        "rps": good / (data["duration_us"] / 1e6),
        "errors": errors,
        "connect_errors": data["connect"],
        "p50_ms": data["p50_us"] / 1000,
        "p99_ms": data["p99_us"] / 1000,
    }


def load(origin, path, config, workdir, *, name, goal=None, paths_file=None, warm_path=None):
    """Check the target answers 200, warm the workers up, then measure it: a result row."""
    row = {"name": name, "goal": goal}
    for check in [path] if not paths_file else _first_and_last(paths_file):
        status = fetch_status(origin + check)
        if status != 200:
            row["failure"] = f"{check} answered {status}, not 200"
            log(f"{name}: {row['failure']}")
            return row
    wrk(config, origin + (warm_path or path), config.warmup, workdir)
    log(f"{name}: wrk {config.seconds}s")
    row.update(wrk(config, origin + path, config.seconds, workdir, paths_file))
    if paths_file:
        row["paths"] = len(Path(paths_file).read_text().split())
    return row


def _first_and_last(paths_file):
    lines = Path(paths_file).read_text().split()
    return [lines[0], lines[-1]]


# --- part 1: serving -----------------------------------------------------------------------------


def serving_part(config, workdir):
    """Floor, hot pages and walks under gunicorn + wrk; also the import rate of the served database."""
    database = "postgresql" if config.serve_postgres else "sqlite"
    if config.serve_postgres:
        throwaway = throwaway_postgres(config.postgres_server, "serving")
    else:
        throwaway = _sqlite(workdir)
    with throwaway as database_url:
        env = django_env(workdir, database_url)
        migrate(env)
        collectstatic(env)
        paths_file = Path(workdir, "serving-paths.txt")
        imports = import_twice(env, workdir, config.articles, database, paths_file)
        analyze(database_url)
        floor_env = django_env(workdir, database_url, cache_url=config.cache_url, settings="bench.floor")
        rows = [
            measure_floor(floor_env, config, workdir, "floor (before)"),
            measure_reads_alone(floor_env, config, workdir, paths_file),
            *measure_pages(config, workdir, database_url, paths_file, page_cache=False),
            *measure_pages(config, workdir, database_url, paths_file, page_cache=True),
            measure_floor(floor_env, config, workdir, "floor (after)"),
        ]
    return {"database": database, "rows": rows, "imports": imports}


def import_twice(env, workdir, count, database, paths_file):
    """A new archive of `count` files imported, then the same files again: the two import results."""
    archive = Path(workdir, "serving-archive")
    manifest = generate_archive(archive, 0, count, _newest())
    try:
        return [
            import_archive(env, manifest, workdir, f"{database} new", paths_file),
            import_archive(env, manifest, workdir, f"{database} unchanged"),
        ]
    finally:
        shutil.rmtree(archive)


def measure_floor(env, config, workdir, name):
    with gunicorn("bench.floor:wsgi()", env, workdir, "floor") as (origin, server_log):
        return _with_log(load(origin, "/", config, workdir, name=name), server_log)


def measure_reads_alone(env, config, workdir, paths_file):
    """The uncached walk's ceiling: every article's database reads on the floor's server, answered with
    the floor page, so no template and no page cache; a walk cannot beat it without a cache."""
    newest, oldest = _first_and_last(paths_file)
    with gunicorn("bench.floor:wsgi()", env, workdir, "reads") as (origin, server_log):
        row = load(
            origin,
            newest,
            config,
            workdir,
            name="walk, the reads alone",
            paths_file=paths_file,
            warm_path=oldest,
        )
        return _with_log(row, server_log)


def measure_pages(config, workdir, database_url, paths_file, *, page_cache):
    """The project's own server: the walk over every article, and with the page cache the hot pages."""
    newest, oldest = _first_and_last(paths_file)
    state = "on" if page_cache else "off"
    walk = dict(
        path=newest,
        name=f"walk {number(config.articles)} articles, cache {state}",
        goal=None if page_cache else GOALS["walk-off"],
        paths_file=paths_file,
        # Warming up on the oldest article compiles the templates and caches at most that one page.
        warm_path=oldest,
    )
    targets = [walk]
    api_article = f"/api/v1/articles/by-slug/{newest.strip('/').split('/')[-1]}"
    if page_cache:
        # The content API's answers share the page cache; on Redis its goal is the 0.6.
        api_goal = GOALS["api-hot-redis"] if config.cache_url else GOALS["hot"]
        targets += [
            dict(path=newest, name="hot article, cache on", goal=GOALS["hot"]),
            dict(path="/", name="hot home, cache on", goal=GOALS["hot"]),
            dict(path="/api/v1/articles", name="hot API list, cache on", goal=api_goal),
            dict(path=api_article, name="hot API article, cache on", goal=api_goal),
        ]
    else:
        targets += [
            dict(path=api_article, name="API article, cache off"),
            dict(
                path="/api/v1/articles?limit=100&fields=id,headline,url",
                name="API list of 100, 3 fields, cache off",
            ),
        ]
    env = django_env(workdir, database_url, cache_url=config.cache_url, page_cache=page_cache)
    rows = []
    with bench_cache(config.cache_url), gunicorn("newsroom.wsgi", env, workdir, f"cache-{state}") as served:
        origin, server_log = served
        for target in targets:
            rows.append(_with_log(load(origin, config=config, workdir=workdir, **target), server_log))
    return rows


@contextmanager
def _sqlite(workdir):
    yield f"sqlite:///{Path(workdir, 'bench.sqlite3')}"


def _newest():
    """The newest generated article's time: an hour ago, to the minute, in UTC."""
    return datetime.now(UTC).replace(second=0, microsecond=0, tzinfo=None) - timedelta(hours=1)


def _with_log(row, server_log):
    """Errors under load: the server log's last lines tell why."""
    if row.get("errors"):
        row["log"] = server_log.read_text()[-1500:]
    return row


# --- part 4: a WordPress export ------------------------------------------------------------------


def wordpress_part(config, workdir):
    """The export at a tenth of its size and whole, each into a fresh database: rate and peak memory."""
    runs = []
    for posts in (max(config.wxr_posts // 10, 1), config.wxr_posts):
        export = Path(workdir, f"export-{posts}.xml")
        log(f"wordpress: writing an export of {number(posts)} posts")
        run_module(
            "bench.wordpress",
            dict(os.environ),
            "generate",
            str(export),
            str(posts),
            str(WXR_BODY_BYTES),
            timeout=900,
        )
        if config.serve_postgres:
            throwaway = throwaway_postgres(config.postgres_server, f"wordpress{posts}")
        else:
            throwaway = _sqlite_named(workdir, f"wordpress-{posts}.sqlite3")
        with throwaway as database_url:
            env = django_env(workdir, database_url)
            env["TASK_BACKEND"] = "database"
            migrate(env)
            result_file = Path(workdir, f"wordpress-{posts}.json")
            log(f"wordpress: importing {export.stat().st_size / 1e6:.0f} MB")
            run_module(
                "bench.wordpress",
                env,
                "import",
                str(export),
                str(result_file),
                timeout=900 + posts * 0.05,
            )
        result = json.loads(result_file.read_text())
        result.update(posts=posts, megabytes=export.stat().st_size / 1e6)
        runs.append(result)
        export.unlink()
        log(f"wordpress: {posts / result['seconds']:.0f} posts/s, peak {result['peak_mb']:.0f} MB")
    return {"runs": runs, "imports": [], "database": "postgresql" if config.serve_postgres else "sqlite"}


@contextmanager
def _sqlite_named(workdir, name):
    path = Path(workdir, name)
    try:
        yield f"sqlite:///{path}"
    finally:
        path.unlink(missing_ok=True)


def print_wordpress(config, wordpress):
    small, big = wordpress["runs"]
    print()
    print(
        f"WordPress: import_article EXPORT.xml (streamed), fresh {wordpress['database']} database, database task queue "
        f"(goals: ≥ {GOALS['import']} posts/s, {number(big['posts'])} posts in < {GOALS['wxr_seconds']} s, "
        f"peak memory ≤ {GOALS['wxr_memory']}× the tenth-size file's)"
    )
    header = f"{'export':<24}{'MB':>8}{'seconds':>9}{'posts/s':>9}{'peak MB':>9}  outcomes"
    print(header)
    print("-" * len(header))
    for run in (small, big):
        outcomes = ", ".join(f"{count} {name}" for name, count in run["counts"].items() if count)
        name = f"{number(run['posts'])} posts"
        print(f"{name:<24}{run['megabytes']:>8.0f}{run['seconds']:>9.1f}{run['posts'] / run['seconds']:>9.0f}{run['peak_mb']:>9.0f}  {outcomes}")  # fmt: skip
    rate = big["posts"] / big["seconds"]
    memory = big["peak_mb"] / small["peak_mb"]
    complete = big["counts"].get("created") == big["posts"]
    print(f"  rate {rate:.0f} posts/s: {'met' if rate >= GOALS['import'] else 'NOT MET'}")
    seconds_met = big["seconds"] < GOALS["wxr_seconds"] or big["posts"] < 50_000
    print(f"  {number(big['posts'])} posts in {big['seconds']:.0f} s: {'met' if seconds_met else 'NOT MET'}"
          + (" (fewer than 50,000 posts: a smoke run)" if big["posts"] < 50_000 else ""))  # fmt: skip
    print(f"  peak memory ratio {memory:.2f} for {big['megabytes'] / small['megabytes']:.0f}× the file: "
          f"{'met' if memory <= GOALS['wxr_memory'] else 'NOT MET'}")  # fmt: skip
    if not complete:
        print("  NOT MET: not every post was created")


# --- part 2: growth ------------------------------------------------------------------------------


def growth_part(config, workdir):
    """Per-page cost in-process at each archive size, on PostgreSQL; the import rate on PostgreSQL."""
    results, imports = {}, []
    with throwaway_postgres(config.postgres_server, "growth") as database_url:
        env = django_env(workdir, database_url, page_cache=False)
        migrate(env)
        collectstatic(env)
        newest, done = _newest(), 0
        for size in config.growth_sizes:
            imports += grow(env, workdir, done, size, newest)
            analyze(database_url)
            done = size
            results[size] = measure_growth(config, env, workdir, size)
    return {"results": results, "imports": imports}


def grow(env, workdir, done, size, newest):
    """Articles done..size-1 imported (the first archive also re-imported unchanged): import results."""
    folder = Path(workdir, f"growth-{size}")
    manifest = generate_archive(folder, done, size, newest)
    try:
        if done == 0:
            return [
                import_archive(env, manifest, workdir, "postgresql new"),
                import_archive(env, manifest, workdir, "postgresql unchanged"),
            ]
        label = f"postgresql +{number(size - done)} to {number(size)}"
        return [import_archive(env, manifest, workdir, label)]
    finally:
        shutil.rmtree(folder)


def measure_growth(config, env, workdir, size):
    log(f"growth: pages at {number(size)} articles")
    pages_file = Path(workdir, "growth-pages.json")
    pages_file.write_text(json.dumps(GROWTH_PAGES))
    result_file = Path(workdir, f"growth-{size}.json")
    options = ["--requests", str(config.requests), "--budget", str(config.budget)]
    timeout = len(GROWTH_PAGES) * (config.budget + 300) + 300
    options += ["--walk", API_WALK]
    timeout += size // 10  # the walk: a page of 100 in well under 100 ms
    run_module("bench.growth", env, str(pages_file), str(result_file), *options, timeout=timeout)
    return json.loads(result_file.read_text())


# --- the report ----------------------------------------------------------------------------------


def print_machine():
    """What the numbers were measured on: absolute figures only compare within one such line."""
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"make bench {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores, load average {load}; "
        f"code {commit.stdout.strip() or 'not a git checkout'}"
    )


def print_serving(config, serving):
    cache = "Redis " + config.cache_url if config.cache_url else "local-memory cache"
    print()
    print(
        f"Serving: gunicorn {WORKERS} sync workers, DEBUG off; wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} "
        f"-d{config.seconds}s on 127.0.0.1; {serving['database']}, {cache}, {number(config.articles)} articles"
    )
    print_serving_rows(serving["rows"])


def print_serving_rows(rows):
    """The table of targets, each as a ratio to the mean of the floors measured in the same run."""
    floors = [row["rps"] for row in rows if row["name"].startswith("floor") and "rps" in row]
    floor = statistics.mean(floors) if floors else None
    header = f"{'target':<34}{'req/s':>9}{'ratio':>8}{'goal':>8}  {'met':<5}{'requests':>9}{'errors':>8}{'p50 ms':>8}{'p99 ms':>8}"
    print(header)
    print("-" * len(header))
    notes = []
    for row in rows:
        print(_serving_line(row, floor, notes))
    if floors:
        drift = (max(floors) - min(floors)) / floor
        line = f"{'floor (mean of before and after)':<34}{floor:>9.0f}{1:>8.3f}"
        print(line)
        if drift > 0.1:
            notes.append(f"the floor moved {drift:.0%} between before and after: the machine's load changed")
    for row in rows:
        if "paths" in row:
            notes.append(f"{row['name']}: {number(row['requests'])} requests over {number(row['paths'])} paths "
                         f"({row['requests'] / row['paths']:.2f} passes)")  # fmt: skip
        if row.get("log"):
            notes.append(f"{row['name']}: server log ends with:\n{row['log']}")
    for note in notes:
        print(f"  note: {note}")


def _serving_line(row, floor, notes):
    goal = f"≥{row['goal']:.2f}" if row.get("goal") else "—"
    if "failure" in row:
        notes.append(f"{row['name']}: {row['failure']}")
        return f"{row['name']:<34}{'—':>9}{'—':>8}{goal:>8}  {'FAIL':<5} not measured: {row['failure']}"
    ratio = row["rps"] / floor if floor else float("nan")
    if row.get("goal"):
        met = "yes" if ratio >= row["goal"] and not row["errors"] else "NO"
    else:
        met = "NO" if row["errors"] else "—"
    if row["errors"] or row["connect_errors"]:
        notes.append(f"{row['name']}: {row['errors']} error answers or socket errors, {row['connect_errors']} connect errors; errors are not counted in req/s")  # fmt: skip
    return (
        f"{row['name']:<34}{row['rps']:>9.0f}{ratio:>8.3f}{goal:>8}  {met:<5}"
        f"{row['requests']:>9}{row['errors']:>8}{row['p50_ms']:>8.1f}{row['p99_ms']:>8.1f}"
    )


def print_imports(imports):
    print()
    print(
        f"Import: import_article --publish --byline --tag over folders of seed-format files (goal ≥ {GOALS['import']} files/s)"
    )
    header = f"{'run':<36}{'files':>9}{'seconds':>9}{'files/s':>9}{'goal':>8}  {'met':<5}outcomes"
    print(header)
    print("-" * len(header))
    for run in imports:
        rate = run["files"] / run["seconds"] if run["seconds"] else float("inf")
        outcomes = ", ".join(f"{count} {name}" for name, count in run["counts"].items() if count)
        expected = "unchanged" if "unchanged" in run["label"] else "created"
        ok = run["counts"][expected] == run["files"]
        met = "yes" if rate >= GOALS["import"] and ok else "NO"
        flag = "" if ok else f"  (expected all {expected})"
        print(f"{run['label']:<36}{run['files']:>9}{run['seconds']:>9.2f}{rate:>9.0f}{'≥' + str(GOALS['import']):>8}  {met:<5}{outcomes}{flag}")  # fmt: skip


def print_growth(config, growth):
    results = growth["results"]
    sizes = sorted(results)
    if not sizes:
        return
    first, last = sizes[0], sizes[-1]
    print()
    print(
        f"Growth: in-process (django.test.Client), PostgreSQL, page cache off and cache cleared before each "
        f"request; median of up to {config.requests} requests ({config.budget:g} s per page at most)"
    )
    columns = "".join(f"{'ms@' + number(size):>12}{'queries':>9}" for size in sizes)
    header = f"{'page':<18}{columns}{'ratio':>8}{'goal':>7}  {'met':<5}same queries"
    print(header)
    print("-" * len(header))
    for name, _, _ in GROWTH_PAGES:
        cells = "".join(
            f"{results[size][name]['median_ms']:>12.1f}{results[size][name]['queries']:>9}" for size in sizes
        )
        ratio = results[last][name]["median_ms"] / results[first][name]["median_ms"]
        same = len({results[size][name]["queries"] for size in sizes}) == 1
        # Below a millisecond the ratio is the timer's noise, not the archive's doing.
        flat = ratio <= GOALS["growth"] or results[last][name]["median_ms"] < NOISE_MS
        met = "yes" if flat and same else "NO"
        print(
            f"{name:<18}{cells}{ratio:>8.2f}{'≤' + str(GOALS['growth']):>7}  {met:<5}{'yes' if same else 'NO'}"
        )
    print(
        f"  ratio: median at {number(last)} articles over median at {number(first)}; "
        f"a page under {NOISE_MS:g} ms counts as flat"
    )
    _print_walks(results, sizes)
    fewest = min(
        (results[size][name]["requests"], size, name) for size in sizes for name, _, _ in GROWTH_PAGES
    )
    if fewest[0] < config.requests:
        print(
            f"  note: {fewest[2]} at {number(fewest[1])} articles: only {fewest[0]} requests within the budget"
        )
    if config.quick:
        print(
            "  note: quick mode: archives this small (smaller than a page of results) say nothing about growth"
        )


def _print_walks(results, sizes):
    print()
    print(f"API walk: {API_WALK} followed through `next` to the end, cache cleared before every page")
    header = f"{'articles':>10}{'pages':>8}{'seen':>9}{'once':>6}{'first ms':>10}{'last ms':>9}{'ratio':>7}{'goal':>7}  {'met':<5}queries"
    print(header)
    print("-" * len(header))
    for size in sizes:
        walk = results[size].get("api walk")
        if walk is None:
            continue
        ratio = walk["last_ms"] / walk["first_ms"]
        whole = walk["articles"] == walk["distinct"] == walk["published"]
        flat = ratio <= GOALS["growth"] or walk["last_ms"] < NOISE_MS
        met = "yes" if flat and whole and len(walk["queries"]) == 1 else "NO"
        print(
            f"{number(size):>10}{walk['pages']:>8}{number(walk['articles']):>9}{'yes' if whole else 'NO':>6}"
            f"{walk['first_ms']:>10.1f}{walk['last_ms']:>9.1f}{ratio:>7.2f}{'≤' + str(GOALS['growth']):>7}  "
            f"{met:<5}{', '.join(map(str, walk['queries']))}"
        )
    print(
        "  ratio: the median of the last pages over the first; 'once': every published article seen exactly once"
    )


# --- extraction ----------------------------------------------------------------------------------


def extraction_part(config, workdir):
    """Scored in a process of its own, with Django set up as the importer needs it."""
    result = subprocess.run(
        [PYTHON, "-m", "bench.extraction"],
        cwd=ROOT,
        env=django_env(workdir, f"sqlite:///{Path(workdir, 'extraction.sqlite3')}"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode:
        raise RuntimeError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "no output")
    return {"report": result.stdout, "imports": []}


def print_extraction(config, results):
    print(results["report"], end="")


# --- part 6: a spike with publishing --------------------------------------------------------------

SPIKE_REQUESTS = 30_000  # the length of the walk wrk cycles through, drawn from the Zipf distribution
SPIKE_INTERVAL = 5  # seconds between two saves on the desk


def spike_part(config, workdir):
    """Readers in a Zipf distribution over the archive, the front, section pages and feeds, while an
    editor saves a story every SPIKE_INTERVAL s; on Redis (the default bench Redis if none is set)."""
    cache_url = config.cache_url or redis_url(f"redis://127.0.0.1:6379/{DEFAULT_REDIS_DB}")
    database = "postgresql" if config.serve_postgres else "sqlite"
    if config.serve_postgres:
        throwaway = throwaway_postgres(config.postgres_server, "spike")
    else:
        throwaway = _sqlite_named(workdir, "spike.sqlite3")
    with throwaway as database_url:
        env = django_env(workdir, database_url)
        migrate(env)
        collectstatic(env)
        articles_file, archive = Path(workdir, "spike-articles.txt"), Path(workdir, "spike-archive")
        manifest = generate_archive(archive, 0, config.spike_articles, _newest())
        imports = [import_archive(env, manifest, workdir, f"{database} spike archive", articles_file)]
        shutil.rmtree(archive)
        analyze(database_url)
        paths_file = Path(workdir, "spike-paths.txt")
        distinct = _zipf_walk(articles_file, paths_file)
        floor_env = django_env(workdir, database_url, cache_url=cache_url, settings="bench.floor")
        rows = [measure_floor(floor_env, config, workdir, "floor (before)")]
        served = django_env(workdir, database_url, cache_url=cache_url, page_cache=True)
        served["PAGE_CACHE_COUNT_RENDERS"] = "true"
        published = Path(workdir, "spike-published.json")
        with (
            bench_cache(cache_url),
            gunicorn("newsroom.wsgi", served, workdir, "spike") as (origin, server_log),
        ):
            log(
                f"spike: every one of the {number(len(distinct))} addresses once, so that the spike meets a warm cache"
            )
            _answers_showing(origin, distinct, set())
            wrk(config, origin + "/", config.warmup, workdir, paths_file)
            before = _renders(cache_url)
            desk = subprocess.Popen(
                [PYTHON, "-m", "bench.spike", str(config.spike_seconds), str(SPIKE_INTERVAL), str(published)],
                cwd=ROOT,
                env=served,
            )
            try:
                log(f"spike: wrk {config.spike_seconds}s with a save every {SPIKE_INTERVAL} s")
                row = wrk(config, origin + "/", config.spike_seconds, workdir, paths_file)
                desk.wait(timeout=120)
            finally:
                stop(desk)
            after = _renders(cache_url)
            desk_result = json.loads(published.read_text())
            shown_by = _answers_showing(origin, distinct, set(desk_result["changed"]))
            row.update(name=f"spike, {number(config.spike_articles)} articles", goal=GOALS["spike"])
            rows.append(_with_log(row, server_log))
        rows.append(measure_floor(floor_env, config, workdir, "floor (after)"))
    return {
        "database": database,
        "cache_url": cache_url,
        "rows": rows,
        "imports": imports,
        "distinct": len(distinct),
        "renders": {kind: after[kind] - before[kind] for kind in after},
        "changed": desk_result["changed"],
        "save_ms": desk_result["save_ms"],
        "showing": sum(shown_by[pk] for pk in desk_result["changed"]),
    }


def _zipf_walk(articles_file, paths_file):
    """SPIKE_REQUESTS addresses drawn with Zipf weights (1/rank) over the front, the sections, the
    feeds and the articles newest first, written for wrk; returns the distinct ones."""
    import random

    ranked = ["/", *(f"/sections/{name.lower()}/" for name in SECTIONS), "/feeds/rss/", "/feeds/atom/"]
    ranked += articles_file.read_text().split()
    drawn = random.Random(2026).choices(  # noqa: S311 (a repeatable draw, not a secret)
        ranked, weights=[1 / rank for rank in range(1, len(ranked) + 1)], k=SPIKE_REQUESTS
    )
    paths_file.write_text("\n".join(drawn) + "\n")
    return sorted(set(drawn))


def _renders(cache_url):
    """The page cache's render counters (PAGE_CACHE_COUNT_RENDERS), read from Redis."""
    import redis

    client = redis.Redis.from_url(cache_url, socket_timeout=10)
    return {kind: int(client.get(f":1:page-cache:renders:{kind}") or 0) for kind in ("new", "retired")}


def _answers_showing(origin, paths, article_ids):
    """How many of the walk's distinct answers show each changed article, by their Surrogate-Key."""
    from collections import Counter
    from concurrent.futures import ThreadPoolExecutor

    def tags(path):
        with urllib.request.urlopen(origin + path, timeout=30) as response:
            return set(response.headers.get("Surrogate-Key", "").split())

    counts = Counter()
    with ThreadPoolExecutor(4) as pool:
        for found in pool.map(tags, paths):
            counts.update(pk for pk in article_ids if f"a{pk}" in found)
    return counts


def print_spike(config, spike):
    print()
    print(
        f"Spike: wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} {config.spike_seconds}s over {number(SPIKE_REQUESTS)} "
        f"Zipf-drawn addresses ({number(spike['distinct'])} distinct) while the desk saves a story every "
        f"{SPIKE_INTERVAL} s; gunicorn {WORKERS} sync workers, {spike['database']}, Redis {spike['cache_url']}"
    )
    print_serving_rows(spike["rows"])
    changes = len(spike["changed"])
    renders = spike["renders"]["retired"]
    met = "met" if renders <= spike["showing"] else "NOT MET"
    print(
        f"  {changes} saves (median {statistics.median(spike['save_ms']) if changes else 0:.0f} ms each, "
        f"commit and retirement included); renders of retired answers: {renders}, against "
        f"{spike['showing']} answers in the walk showing the changed stories: {met}; first renders: "
        f"{spike['renders']['new']}"
    )


# --- part 7: webhook fan-out ---------------------------------------------------------------------

FANOUT_ARTICLES = 200  # the archive whose stories the desk updates


def webhooks_part(config, workdir):
    """bench/fanout.py on a throwaway database: publishing time with and without 50 endpoints, then
    one worker's delivery of every event to a real local receiver, one endpoint down."""
    events, endpoints = (40, 5) if config.quick else (1000, 50)
    throwaway = (
        throwaway_postgres(config.postgres_server, "fanout")
        if config.serve_postgres
        else _sqlite_named(workdir, "fanout.sqlite3")
    )
    with throwaway as database_url:
        env = django_env(workdir, database_url)
        migrate(env)
        archive = Path(workdir, "fanout-archive")
        manifest = generate_archive(archive, 0, FANOUT_ARTICLES, _newest())
        imports = [import_archive(env, manifest, workdir, "webhooks archive")]
        shutil.rmtree(archive)
        log(f"webhooks: {events} saves without webhooks, {events} with {endpoints}, then their delivery")
        result = subprocess.run(
            [PYTHON, "-m", "bench.fanout", str(events), str(endpoints)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
    if result.returncode:
        raise RuntimeError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "no output")
    return {"fanout": json.loads(result.stdout.strip().splitlines()[-1]), "imports": imports}


def print_webhooks(config, results):
    found = results["fanout"]
    made = found["states"].get("delivered", 0)
    expected = found["events"] * found["endpoints"]
    lost = expected - found["deliveries"]
    print(f"\nWebhook fan-out: {number(found['events'])} events to {found['endpoints']} endpoints, one down")
    print(
        f"  a save on the desk: median {found['save_ms_without']:.1f} ms without webhooks, "
        f"{found['save_ms_with']:.1f} ms with them (ratio {found['save_ms_with'] / found['save_ms_without']:.2f}); "
        f"the saves queued {number(found['tasks_queued_by_saves'])} tasks and sent nothing themselves"
    )
    print(
        f"  one worker: {number(made)} deliveries made in {found['sending_s']:.1f} s "
        f"({made / found['sending_s']:.0f}/s); each live receiver got {found['received_min']}"
        f"–{found['received_max']} distinct messages"
    )
    print(
        f"  the endpoint that is down: {found['down_attempts']} attempt, {number(found['down_waiting'])} "
        f"deliveries waiting for its retry in {found['down_retry_in_s']:.0f} s; "
        f"deliveries recorded {number(found['deliveries'])} of {number(expected)}: {lost} lost"
    )


# --- main ----------------------------------------------------------------------------------------


def main(argv=None):
    config = config_from(sys.argv[1:] if argv is None else argv)
    sys.stdout.reconfigure(line_buffering=True)
    print_machine()
    if config.parts & {"serving", "spike"}:
        config.wrk = ensure_wrk()
    parts = [
        ("serving", serving_part, print_serving),
        ("growth", growth_part, print_growth),
        ("wordpress", wordpress_part, print_wordpress),
        ("extraction", extraction_part, print_extraction),
        ("spike", spike_part, print_spike),
        ("webhooks", webhooks_part, print_webhooks),
    ]
    if not config.growth_sizes:
        config.parts.discard("growth")
    if not config.wxr_posts:
        config.parts.discard("wordpress")
    failed = []
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as workdir:
        for name, run, report in parts:
            if name not in config.parts:
                continue
            try:
                results = run(config, workdir)
            except Exception as error:
                failed.append(name)
                print(f"\n{name}: NOT MEASURED: {type(error).__name__}: {error}")
            else:
                report(config, results)
                if results["imports"]:
                    print_imports(results["imports"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
