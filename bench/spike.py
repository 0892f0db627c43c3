"""`make bench` helper, run in its own process beside the loaded server: the desk during a spike.

    python -m bench.spike SECONDS INTERVAL RESULT.json

Every INTERVAL seconds for SECONDS, one of the 50 newest articles (the ones readers are reading)
gets a new headline through the write path, as an editor's save would. RESULT.json lists the ids
changed and how long each save took, commit and its retirements (and purges) included.
"""

import argparse
import json
import random
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("seconds", type=float)
    parser.add_argument("interval", type=float)
    parser.add_argument("result")
    args = parser.parse_args()

    import django

    django.setup()
    from articles.editing.articles import save_article
    from articles.models import Article

    newest = list(Article.objects.published().order_by("-published_at", "-id")[:50])
    chooser = random.Random(25)  # noqa: S311 (a repeatable choice, not a secret)
    changed, save_ms = [], []
    deadline = time.monotonic() + args.seconds
    while time.monotonic() + args.interval <= deadline:
        time.sleep(args.interval)
        article = chooser.choice(newest)
        article.headline = f"{article.headline.split(' (update')[0]} (update {len(changed) + 1})"
        started = time.perf_counter()
        save_article(article)
        save_ms.append((time.perf_counter() - started) * 1000)
        changed.append(article.pk)
    with open(args.result, "w") as file:
        json.dump({"changed": changed, "save_ms": save_ms}, file)


if __name__ == "__main__":
    main()
