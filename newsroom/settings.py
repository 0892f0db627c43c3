"""Newsroom settings: one module, every knob read from the environment.

Local development needs no configuration at all (DEBUG on, SQLite, local-memory cache).
Production sets DEBUG=false plus SECRET_KEY and ALLOWED_HOSTS; see .env.example and the README.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# An optional .env beside manage.py; real environment variables win over it.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    # Only ever used on a developer's machine: production refuses to start without a real key.
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-local-development-only-key")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "newsroom.apps.DeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles so that runserver serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "django_prose_editor",
    "django_tasks",
    # The database queue behind TASK_BACKEND=database; installed everywhere so its tables always exist.
    "django_tasks_db",
    # Only so that the API's docs page loads Swagger UI from our own static files, not a CDN.
    "ninja",
    "accounts",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A content-API key checked (and its rate counted) before the page cache, which then answers a
    # public key's read as it answers everyone's.
    "articles.api.middleware.KeyedReadsMiddleware",
    # Anonymous readers' pages from the cache, before sessions, CSRF or authentication do any work.
    "articles.public.middleware.PageCacheMiddleware",
    # A 404 at a path an imported article had on the old site becomes a redirect to it (inside the
    # page cache: a cached answer, 404 or redirect, costs no look-up).
    "articles.public.old_addresses.OldAddressMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"
ASGI_APPLICATION = "newsroom.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
                "articles.public.context_processors.navigation",
            ],
        },
    },
]

# SQLite file by default; DATABASE_URL=postgres://user@host:5432/name for PostgreSQL (psycopg 3).
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock (up to `timeout` seconds) when a transaction begins, instead of failing
    # with "database is locked" when a read turns into a write beside another writer (two imports).
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=30)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters travel apart from the SQL (psycopg 3 server-side binding): no client-side quoting and
    # splitting of every statement, a quarter more imported files per second. One statement carries at
    # most 65,535 parameters then: a bulk_create of more than ~2,000 articles needs a batch_size (the
    # importer writes 500 at a time).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("server_side_binding", True)
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory by default; CACHE_URL=redis://127.0.0.1:6379/0 in production.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://newsroom")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The same backend, without a new redis.Redis client object per call (see newsroom/redis_cache.py).
    CACHES["default"]["BACKEND"] = "newsroom.redis_cache.RedisCache"
    # A Redis that does not answer costs a request at most this long before the cache fails open.
    CACHES["default"].setdefault("OPTIONS", {}).update(socket_connect_timeout=1, socket_timeout=1)

# The public page cache (articles/public/middleware.py): anonymous readers' answers, kept in CACHES["default"],
# each retired when something it shows changes (core/invalidation.py), all of them on a deploy.
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
# The deploy's release or commit name; unset, the page cache names the build by its files' digest.
BUILD_VERSION = env("BUILD_VERSION", default="")
# Seconds a page stays in the shared cache (changes retire it sooner).
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=600)
# The CDN or Varnish in front, told what changed (articles/core/purges.py): "", varnish, fastly or cloudflare.
PAGE_CACHE_PURGE = env("PAGE_CACHE_PURGE", default="")
if PAGE_CACHE_PURGE not in ("", "varnish", "fastly", "cloudflare"):
    raise ImproperlyConfigured(
        f"PAGE_CACHE_PURGE is varnish, fastly, cloudflare or empty, not {PAGE_CACHE_PURGE!r}"
    )
# Varnish: its address; Fastly and Cloudflare: their API's base (the real one unless set, for tests).
PAGE_CACHE_PURGE_URL = env("PAGE_CACHE_PURGE_URL", default="")
# Fastly's service id or Cloudflare's zone id, and the API token.
PAGE_CACHE_PURGE_SERVICE = env("PAGE_CACHE_PURGE_SERVICE", default="")
PAGE_CACHE_PURGE_TOKEN = env("PAGE_CACHE_PURGE_TOKEN", default="")
if PAGE_CACHE_PURGE == "varnish" and not PAGE_CACHE_PURGE_URL:
    raise ImproperlyConfigured("PAGE_CACHE_PURGE=varnish needs PAGE_CACHE_PURGE_URL, the Varnish to purge")
if PAGE_CACHE_PURGE in ("fastly", "cloudflare") and not (PAGE_CACHE_PURGE_SERVICE and PAGE_CACHE_PURGE_TOKEN):
    raise ImproperlyConfigured(
        f"PAGE_CACHE_PURGE={PAGE_CACHE_PURGE} needs PAGE_CACHE_PURGE_SERVICE and _TOKEN"
    )
# Browsers revalidate every time (max-age 0 with an ETag: a 304 costs one cache look-up), so a change
# shows at the next visit. Shared caches keep s-maxage: a day when they are told of changes, else a minute.
PAGE_CACHE_MAX_AGE = env.int("PAGE_CACHE_MAX_AGE", default=0)
PAGE_CACHE_S_MAXAGE = env.int("PAGE_CACHE_S_MAXAGE", default=86400 if PAGE_CACHE_PURGE else 60)
PAGE_CACHE_STALE_WHILE_REVALIDATE = env.int("PAGE_CACHE_STALE_WHILE_REVALIDATE", default=30)
# When a hot answer is retired, one request renders it while the others wait for it, this long at most.
PAGE_CACHE_RENDER_WAIT_SECONDS = env.float("PAGE_CACHE_RENDER_WAIT_SECONDS", default=10)
# Each app process keeps its hottest answers (this many, this many bytes at most) beside a shared Redis,
# answering them after one small round trip that proves them current.
PAGE_CACHE_HOT_ENTRIES = env.int("PAGE_CACHE_HOT_ENTRIES", default=500)
PAGE_CACHE_HOT_BYTES = env.int("PAGE_CACHE_HOT_BYTES", default=32 * 1024 * 1024)
# Count renders in the shared cache (page-cache:renders:new and :retired): for `make bench`'s spike.
PAGE_CACHE_COUNT_RENDERS = env.bool("PAGE_CACHE_COUNT_RENDERS", default=False)

# Background work (django-tasks: Django 6's tasks API). "immediate" runs each task inside the request that
# queues it (development and tests: no second process); production sets TASK_BACKEND=database and runs
# `manage.py db_worker` beside the app servers (see the README).
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASK_BACKEND = env.str("TASK_BACKEND", default="immediate")
if TASK_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASK_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {TASK_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASK_BACKEND], "QUEUES": ["default"]}}

# import_article refuses larger files (bytes; --max-size overrides): an article's text is a few
# kilobytes, and a runaway file would be held whole in memory and on every page that lists it.
# The content API's changes feed shows a change this long after its moment, so that a transaction that
# commits a little after it is never passed over by a partner already reading past it.
CHANGES_SETTLE_SECONDS = env.int("CHANGES_SETTLE_SECONDS", default=5)
# Requests a minute the content API answers an address without a key (keys have their own rate).
API_ANONYMOUS_RATE = env.int("API_ANONYMOUS_RATE", default=120)
# How many proxies (load balancer, CDN) stand between callers and gunicorn and append X-Forwarded-For:
# a caller's address (for the API's anonymous rate) is then the one the outermost of them saw.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Webhooks (articles/webhooks/): each attempt waits this long for an answer. Only https, and only to
# public addresses, unless these say otherwise (development, or a receiver on the same private network).
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10)
WEBHOOK_ALLOW_HTTP = env.bool("WEBHOOK_ALLOW_HTTP", default=False)
WEBHOOK_ALLOW_PRIVATE = env.bool("WEBHOOK_ALLOW_PRIVATE", default=False)
IMPORT_MAX_FILE_SIZE = env.int("IMPORT_MAX_FILE_SIZE", default=2 * 1024 * 1024)
# Where imported items that name no section go (created when missing); each is flagged for a look.
IMPORT_DEFAULT_SECTION = env.str("IMPORT_DEFAULT_SECTION", default="News")

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en-us")
# The newsroom's own time zone: dates are shown in it and stored in UTC.
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded images are served by Django only in development unless the operator opts in;
# in production a front proxy or object store should serve MEDIA_ROOT.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            # Hashed, compressed, cached forever: needs `manage.py collectstatic` at deploy time.
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# The public site.
SITE_NAME = env.str("SITE_NAME", default="Newsroom")
# What the newsroom calls its tags, on the desk and on article pages ("Topics", "Keywords", "Themen").
TOPICS_LABEL = env.str("TOPICS_LABEL", default="Topics")
# Absolute origin for canonical links, e.g. https://news.example.org; empty means the request's host.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
# Links in emails need an origin (no request to take one from): SITE_URL, or in development the address
# `make run` serves. `check --deploy` warns when production leaves SITE_URL unset.
EMAIL_LINK_ORIGIN = SITE_URL or ("http://127.0.0.1:8000" if DEBUG else "")
# "Connect with us" bar: comma-separated "Label|URL" pairs.
SOCIAL_LINKS = [
    tuple(item.split("|", 1))
    for item in env.list(
        "SOCIAL_LINKS",
        default=[
            "Facebook|https://www.facebook.com/",
            "X|https://x.com/",
            "Instagram|https://www.instagram.com/",
            "YouTube|https://www.youtube.com/",
        ],
    )
    if "|" in item
]
ARTICLES_PER_PAGE = env.int("ARTICLES_PER_PAGE", default=20)
# How often the desk's article form keeps unsaved text while someone types (articles/autosave.py).
AUTOSAVE_SECONDS = env.int("AUTOSAVE_SECONDS", default=30)
# How often an open live story's page asks for new updates; also the longest a browser or CDN keeps them.
LIVE_POLL_SECONDS = env.int("LIVE_POLL_SECONDS", default=15)
# PostgreSQL text-search configuration (stemming and stop words) for the site's language.
SEARCH_CONFIG = env.str("SEARCH_CONFIG", default="english")

TAGGIT_CASE_INSENSITIVE = True

# Production hardening: everything `manage.py check --deploy` asks for, on whenever DEBUG is off.
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    # Set when a TLS-terminating proxy sits in front of gunicorn and sends X-Forwarded-Proto.
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Console in development; EMAIL_URL=smtp+tls://user:password@smtp.example.org:587 in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Operator", address) for address in env.list("ADMINS", default=[])]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # One line per task state change is noise; failures and retries still show (core/background.py logs them).
    "loggers": {"django_tasks": {"level": env.str("TASKS_LOG_LEVEL", default="WARNING")}},
}
