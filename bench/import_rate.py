"""`make bench` helper, run in its own process: import an archive and time only the import.

    python -m bench.import_rate MANIFEST.json RESULT.json [--paths PATHS.txt]

MANIFEST.json lists folders, each with the bylines and tags given to `import_article` for it; each
folder is one `import_article FOLDER --publish --byline ... --tag ...` run through call_command, so
Python and Django start-up stay outside the timing. RESULT.json gets the files, seconds and outcome
counts; PATHS.txt (optional) every published article's path, newest first, one a line.
"""

import argparse
import io
import json
import re
import time

SUMMARY = re.compile(r"(\d+) (created|updated|unchanged|failed)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("manifest")
    parser.add_argument("result")
    parser.add_argument("--paths")
    args = parser.parse_args()

    import django

    django.setup()
    with open(args.manifest) as file:
        chunks = json.load(file)
    result = import_chunks(chunks)
    if args.paths:
        result["published"] = write_paths(args.paths)
    with open(args.result, "w") as file:
        json.dump(result, file)


def import_chunks(chunks):
    from django.core.management import call_command

    counts = dict.fromkeys(["created", "updated", "unchanged", "failed"], 0)
    seconds = 0.0
    for chunk in chunks:
        output = io.StringIO()
        started = time.perf_counter()
        call_command(
            "import_article",
            chunk["folder"],
            "--publish",
            "--byline",
            chunk["bylines"],
            "--tag",
            chunk["tags"],
            stdout=output,
        )
        seconds += time.perf_counter() - started
        lines = output.getvalue().strip().splitlines()
        for number, outcome in SUMMARY.findall(lines[-1] if lines else ""):
            counts[outcome] += int(number)
    return {"files": sum(counts.values()), "seconds": seconds, "counts": counts}


def write_paths(filename):
    from django.urls import reverse

    from articles.models import Article

    slugs = Article.objects.published().order_by("-published_at", "-id").values_list("slug", flat=True)
    count = 0
    with open(filename, "w") as file:
        for slug in slugs.iterator(chunk_size=5000):
            file.write(reverse("articles:article", args=[slug]) + "\n")
            count += 1
    return count


if __name__ == "__main__":
    main()
