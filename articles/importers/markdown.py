"""Markdown files with YAML front matter, as Hugo, Jekyll, Eleventy and Ghost's exporters write them.

    ---
    title: The headline
    date: 2025-11-25T14:30:00+01:00
    slug: the-headline
    authors: [Ana Ruiz, Ben Ode]
    tags: [Budget, Parliament]
    section: Politics
    summary: The standfirst.
    draft: false
    ---
    The body, in CommonMark.

The body is rendered by markdown-it-py (CommonMark-compliant); its HTML goes through our sanitiser
like any other. A file that is not a draft was live on its old site, so it is imported published.
"""

import hashlib
import re
from datetime import date, datetime, time

import yaml
from django.utils import timezone
from markdown_it import MarkdownIt

from newsroom.text import plain_text

from ..core.addresses import normalised
from ..models import Status
from .base import ImportFailed, ParsedArticle, PictureRef, decode_text
from .markup import standfirst

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_RENDERER = MarkdownIt("commonmark")


def looks_like(head: str) -> bool:
    return head.startswith("---")


def parse(data: bytes, *, encoding=None) -> ParsedArticle:
    decoded = decode_text(data, encoding)
    match = FRONT_MATTER.match(decoded.text.lstrip("\n"))
    if match is None:
        raise ImportFailed(
            "a Markdown file without front matter (a YAML block between '---' lines at the top)"
        )
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        raise ImportFailed(
            f"its front matter is not valid YAML{where}: {getattr(error, 'problem', error)}"
        ) from None
    if not isinstance(meta, dict):
        raise ImportFailed("its front matter is not a set of 'name: value' lines")
    headline = plain_text(_one(meta, "title"))
    body = _RENDERER.render(decoded.text.lstrip("\n")[match.end() :])
    notes = list(decoded.notes)
    dek, shortened = standfirst(_one(meta, "summary", "description", "excerpt", "subtitle"))
    categories = _many(meta, "categories")
    section = plain_text(_one(meta, "section")) or (categories[0] if categories else "")
    aliases = _many(meta, "aliases", "redirect_from")
    old = _one(meta, "url", "permalink") or (aliases[0] if aliases else "")
    published_at = _when(meta.get("date"))
    if meta.get("date") is not None and published_at is None:
        notes.append(
            f"its date {meta['date']!r} is not a date such as 2025-11-25 or 2025-11-25T14:30: left unset"
        )
    image = _one(meta, "image", "cover", "feature_image", "featured_image")
    return ParsedArticle(
        headline=headline,
        body_html=body,
        checksum=hashlib.sha256(data).hexdigest(),
        section_name=section,
        published_at=published_at,
        notes=(*notes, *filter(None, [shortened])),
        standfirst=dek,
        bylines=tuple(_many(meta, "authors", "author")),
        tags=tuple(dict.fromkeys(_many(meta, "tags") + [c for c in categories if c != section])),
        status=Status.DRAFT if meta.get("draft") in (True, "true", "yes") else Status.PUBLISHED,
        slug=plain_text(_one(meta, "slug")),
        old_path=normalised(old) if old else "",
        lead_image=PictureRef(url=image, alt=plain_text(_one(meta, "image_alt", "cover_alt")))
        if image
        else None,
    )


def _one(meta, *names) -> str:
    for name in names:
        value = meta.get(name)
        if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip():
            return str(value)
    return ""


def _many(meta, *names) -> list[str]:
    """A list of names however it is written: a YAML list, one string, or comma-separated."""
    for name in names:
        value = meta.get(name)
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, list):
            found = [
                plain_text(item.get("name", "") if isinstance(item, dict) else str(item)) for item in value
            ]
            return list(dict.fromkeys(filter(None, found)))
    return []


def _when(value):
    """YAML's dates and date-times, and ISO text; naive ones in the newsroom's time zone."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time(0, 0))
    if not isinstance(value, datetime):
        return None
    return value if timezone.is_aware(value) else timezone.make_aware(value)
