"""`make bench`: how fast the public pages render, on a throwaway SQLite database.

Speed goals live here, never in timed tests. Prints the median and 95th percentile per page
over many requests through Django's test client (no network, no server), plus the import rate.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 200))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", 300))


def main():
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as workdir:
        run(workdir)


def run(workdir):
    # Never the developer's own database: a throwaway file unless BENCH_DATABASE_URL says otherwise.
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ["DEBUG"] = "true"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)

    seed = (ROOT / "seeds" / "000_72f1ca087c99e71b.txt").read_text()
    files = Path(workdir, "articles")
    files.mkdir()
    for number in range(ARTICLES):
        text = seed.replace("No Compromise", f"No Compromise {number}", 1)
        (files / f"{number:05}.txt").write_text(text)
    started = time.perf_counter()
    call_command(
        "import_article",
        str(files),
        "--publish",
        "--byline",
        "Ada Reporter, Bo Writer",
        "--tag",
        "europe,diplomacy",
        stdout=open(os.devnull, "w"),  # noqa: SIM115 - lives as long as the command
    )
    elapsed = time.perf_counter() - started
    print(f"import_article: {ARTICLES} files in {elapsed:.2f} s ({ARTICLES / elapsed:.0f} articles/s)")

    from articles.models import Article

    article = Article.objects.published().first()
    pages = {
        "home": "/",
        "section": "/sections/news/",
        "tag": "/tags/europe/",
        "author": "/authors/ada-reporter/",
        "article": article.get_absolute_url(),
        "search": "/search/?q=witkoff+meeting",
        "rss": "/feeds/rss/",
        "atom": "/tags/europe/atom/",
        # Sitemaps are cached for five minutes in production; this is the cold cost, cache cleared each time.
        "sitemap": "/sitemap-articles.xml",
        "news-map": "/news-sitemap.xml",
    }
    from django.core.cache import cache

    client = Client()
    print(f"{'page':<10}{'median ms':>12}{'p95 ms':>10}   ({REQUESTS} requests each)")
    for name, path in pages.items():
        client.get(path)  # warm the template cache
        timings = []
        for _ in range(REQUESTS):
            cache.clear()
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        p95 = statistics.quantiles(timings, n=20)[18]
        print(f"{name:<10}{statistics.median(timings):>12.2f}{p95:>10.2f}")


if __name__ == "__main__":
    main()
