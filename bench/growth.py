"""`make bench` helper, run in its own process: the in-process cost of each page at one archive size.

    python -m bench.growth PAGES.json RESULT.json --requests N --budget SECONDS

PAGES.json is a list of [name, path, who]: who is "reader" (anonymous) or "desk" (a superuser).
"{article_path}" and "{article_id}" in a path stand for the newest published article and
"{articles_sitemap_path}" for the sitemap of its month. Every request goes through django.test.Client
with the cache cleared first, so what is timed is the page's own work, never a cached copy; its
queries are counted with CaptureQueriesContext. RESULT.json maps each
name to its median milliseconds, the query count of the last request and how many were timed.
With --walk PATH it also follows the content API's `next` from PATH to the end of the archive (cache
cleared before every page) and records under "api walk" the pages, the articles seen (and how many
of them were distinct), the median ms of the first and the last WALK_ENDS pages and every query count.
"""

import argparse
import json
import statistics
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pages")
    parser.add_argument("result")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument(
        "--budget", type=float, default=10.0, help="seconds per page at most (3 requests at least)"
    )
    parser.add_argument("--walk", help="a content-API list to follow through `next` to its end")
    args = parser.parse_args()

    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    with open(args.pages) as file:
        pages = json.load(file)
    clients = {"reader": reader_client(), "desk": desk_client()}
    placeholders = newest_article()
    result = {}
    for name, path, who in pages:
        result[name] = measure(clients[who], path.format(**placeholders), args.requests, args.budget)
    if args.walk:
        result["api walk"] = walk(clients["reader"], args.walk)
    with open(args.result, "w") as file:
        json.dump(result, file)


def reader_client():
    from django.test import Client

    return Client()


def desk_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    User = get_user_model()
    user = User.objects.filter(username="bench-desk").first()
    if user is None:
        user = User.objects.create_superuser("bench-desk", "bench-desk@example.org", password=None)
    client = Client()
    client.force_login(user)
    return client


def newest_article():
    from articles.models import Article
    from articles.public.sitemaps import month_sitemap_path

    article = Article.objects.published().order_by("-published_at", "-id").first()
    return {
        "article_path": article.get_absolute_url(),
        "article_id": article.pk,
        "articles_sitemap_path": month_sitemap_path(article.published_at),
    }


def measure(client, path, requests, budget):
    """Median ms and query count of `requests` cold requests (fewer when over `budget` seconds)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # compiles templates, fills connection and import caches
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}, not 200")
    timings, queries = [], 0
    deadline = time.monotonic() + budget
    while len(timings) < requests and (len(timings) < 3 or time.monotonic() < deadline):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}, not 200")
        queries = len(captured.captured_queries)
    return {
        "path": path,
        "median_ms": statistics.median(timings),
        "queries": queries,
        "requests": len(timings),
    }


WALK_ENDS = 10


def walk(client, path):
    """Every page of an API list through `next`, each cold: the cost at the start against the end."""
    import json as json_module

    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article

    timings, queries, seen = [], set(), []
    url = path
    while url:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}, not 200")
        queries.add(len(captured.captured_queries))
        page = json_module.loads(response.content)
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
    ends = min(WALK_ENDS, len(timings))
    return {
        "path": path,
        "pages": len(timings),
        "articles": len(seen),
        "distinct": len(set(seen)),
        "published": Article.objects.published().count(),
        "first_ms": statistics.median(timings[:ends]),
        "last_ms": statistics.median(timings[-ends:]),
        "queries": sorted(queries),
    }


if __name__ == "__main__":
    main()
