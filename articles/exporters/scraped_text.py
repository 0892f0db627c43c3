"""Articles in the scraped text format of the seed (importers/scraped_text.py reads them back).

The format has room for the section, the headline, the publication time, the lead image's caption,
the dateline and the body's paragraphs as plain text; bylines, tags, the state and the body's markup
are not in it (use ninjs or WordPress to keep those). The time is written in ISO 8601, exactly.
"""

import html
import re

from django.utils import timezone

BLOCK = re.compile(r"<(p|h[2-4]|li|blockquote)\b[^>]*>(.*?)</\1>", re.DOTALL)
TAG = re.compile(r"<[^>]*>")


def text(article) -> str:
    paragraphs = ["Connect with us"]
    if article.section:
        paragraphs.append(article.section.name)
    paragraphs.append(article.headline)
    when = article.published_at or article.created_at
    paragraphs.append(f"Published on {timezone.localtime(when).isoformat()}")
    if article.lead_caption:
        paragraphs.append(article.lead_caption)
    body = [" ".join(html.unescape(TAG.sub(" ", inner)).split()) for _, inner in BLOCK.findall(article.body)]
    body = [paragraph for paragraph in body if paragraph]
    if article.dateline and body:
        body[0] = f"{article.dateline} — {body[0]}"
    return "\n\n".join(paragraphs + body) + "\n"


def file_name(article) -> str:
    return f"{article.slug}.txt"
