"""`make bench` helper: a generated WordPress export, imported in a process of its own.

    python -m bench.wordpress generate EXPORT.xml POSTS BODY_BYTES
    python -m bench.wordpress import EXPORT.xml RESULT.json

`generate` writes a WXR 1.2 file of POSTS published posts (10 categories, 6 authors, 3 tags each,
bodies of about BODY_BYTES of classic-editor paragraphs, a comment on every tenth) a post at a time.
`import` runs `import_article EXPORT.xml` through call_command (Django's start-up stays outside the
timing) and writes the posts, seconds, outcome counts and the process's peak resident memory.
"""

import io
import json
import re
import resource
import sys
import time
from datetime import UTC, datetime, timedelta

SECTIONS = [
    "News",
    "World",
    "Politics",
    "Business",
    "Economy",
    "Science",
    "Health",
    "Culture",
    "Sport",
    "Opinion",
]
AUTHORS = ["ana", "ben", "chloe", "dmitri", "eun-ji", "farah"]
WORDS = [
    "council",
    "budget",
    "harbour",
    "minister",
    "river",
    "vote",
    "talks",
    "market",
    "strike",
    "rail",
    "energy",
    "school",
    "hospital",
    "court",
    "ceasefire",
    "election",
    "storm",
    "festival",
    "museum",
    "league",
    "farmers",
    "prices",
    "tenants",
    "bridge",
    "airport",
    "report",
]
HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Bench Courier</title><link>https://bench.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://bench.example.org</wp:base_site_url>
"""
SUMMARY = re.compile(r"(\d+) (created|updated|unchanged|skipped|failed)")


def generate(path, posts, body_bytes):
    started = datetime(2015, 1, 1, tzinfo=UTC)
    with open(path, "w", encoding="utf-8") as file:
        file.write(HEADER)
        for login in AUTHORS:
            file.write(
                f"<wp:author><wp:author_login><![CDATA[{login}]]></wp:author_login>"
                f"<wp:author_display_name><![CDATA[{login.title()} Writer]]></wp:author_display_name></wp:author>\n"
            )
        for number in range(posts):
            file.write(_post(number, started + timedelta(minutes=7 * number), body_bytes))
        file.write("</channel>\n</rss>\n")


def _post(number, when, body_bytes):
    section = SECTIONS[number % len(SECTIONS)]
    words = [WORDS[(number * 7 + i * 3) % len(WORDS)] for i in range(12)]
    headline = f"{' '.join(words[:6]).capitalize()} {number}"
    paragraph = " ".join(words) + f" in story {number}, said a spokesperson on Tuesday."
    body = "\n\n".join([paragraph] * max(1, body_bytes // (len(paragraph) + 2)))
    tags = "".join(
        f'<category domain="post_tag" nicename="t{(number + k) % 50}"><![CDATA[Tag {(number + k) % 50}]]></category>'
        for k in range(3)
    )
    comment = "<wp:comment><wp:comment_id>1</wp:comment_id></wp:comment>" if number % 10 == 0 else ""
    return (
        f"<item><title>{headline}</title>"
        f"<link>https://bench.example.org/{when:%Y/%m/%d}/story-{number}/</link>"
        f"<dc:creator><![CDATA[{AUTHORS[number % len(AUTHORS)]}]]></dc:creator>"
        f'<guid isPermaLink="false">https://bench.example.org/?p={number + 1}</guid>'
        f"<content:encoded><![CDATA[{body}]]></content:encoded>"
        f"<excerpt:encoded><![CDATA[{paragraph}]]></excerpt:encoded>"
        f"<wp:post_id>{number + 1}</wp:post_id><wp:post_date_gmt><![CDATA[{when:%Y-%m-%d %H:%M:%S}]]></wp:post_date_gmt>"
        f"<wp:post_name><![CDATA[story-{number}]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status>"
        f"<wp:post_type><![CDATA[post]]></wp:post_type>"
        f'<category domain="category" nicename="{section.lower()}"><![CDATA[{section}]]></category>{tags}{comment}'
        "</item>\n"
    )


def run_import(path, result_path):
    import django

    django.setup()
    from django.core.management import call_command

    output = io.StringIO()
    started = time.perf_counter()
    call_command("import_article", path, verbosity=0, stdout=output, stderr=io.StringIO())
    seconds = time.perf_counter() - started
    counts = {name: int(count) for count, name in SUMMARY.findall(output.getvalue())}
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    with open(result_path, "w") as file:
        json.dump({"seconds": seconds, "counts": counts, "peak_mb": peak_kb / 1024}, file)


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    if command == "generate":
        generate(arguments[0], int(arguments[1]), int(arguments[2]))
    else:
        run_import(*arguments)
