"""IPTC's ninjs (News in JSON), 1.x and 2.x: what news agencies and Superdesk exchange.

A file holds one item, a list of them, or one per line. Each item's `uri` is its source key. 1.x
spells the text `headline`, `body_html`, `byline` and keys its associations by name; 2.x has lists
(`headlines`, `bodies`, `bylines`, `associations`) with roles. Both are read; ours are written in
2.1 by exporters/ninjs.py, with the workflow in a `newsroom` extension object.
"""

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import datetime

from django.utils import timezone

from newsroom.text import plain_text

from ..core.sanitize import paragraphs_to_html
from .base import ImportFailed, ParsedArticle, PictureRef, decode_text
from .markup import standfirst

EXTENSION = "newsroom"
AUTHOR_ROLES = re.compile(r"author|creator|byline|writer|reporter|correspondent", re.IGNORECASE)
BODY_DOCUMENT = re.compile(r"<body\b[^>]*>(.*)</body>", re.IGNORECASE | re.DOTALL)


def looks_like(head: str) -> bool:
    return head.lstrip().startswith(("{", "["))


def items(data: bytes, *, encoding=None) -> Iterator[ParsedArticle | ImportFailed]:
    decoded = decode_text(data, encoding)
    for number, value in _values(decoded.text):
        where = f"item {number}" if number else "the item"
        if not isinstance(value, dict):
            yield ImportFailed(f"{where} is not a JSON object, so not a ninjs item")
            continue
        try:
            yield _item(value, decoded.notes)
        except ImportFailed as error:
            yield ImportFailed(f"{where}: {error}")


def _values(text):
    """(number, value) for each item; number 0 when the file holds one object."""
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as error:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) < 2 or not _is_json(lines[0]):  # not one object per line: one broken document
            raise ImportFailed(
                f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
            ) from None
        values = []
        for number, line in enumerate(lines, 1):
            try:
                values.append((number, json.loads(line)))
            except json.JSONDecodeError as line_error:
                raise ImportFailed(
                    f"line {number} is not valid JSON: {line_error.msg}; nothing was imported"
                ) from None
        return values
    if isinstance(whole, list):
        if not whole:
            raise ImportFailed("an empty JSON list: no ninjs items")
        return list(enumerate(whole, 1))
    return [(0, whole)]


def _is_json(line):
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True


def _item(item, notes) -> ParsedArticle:
    uri = item.get("uri")
    if not isinstance(uri, str) or not uri.strip():
        raise ImportFailed("no “uri”, so not a ninjs item")
    kind = item.get("type", "text")
    if kind not in ("text", "composite"):
        raise ImportFailed(f"a ninjs {kind} item, not a text story")
    headline = plain_text(_text(item.get("headline")) or _by_role(item.get("headlines"), ("main", "")))
    body = _body(item)
    sub = _text(item.get("subheadline")) or _by_role(
        item.get("headlines"), ("sub", "subheadline", "subtitle")
    )
    sub = (
        sub
        or _text(item.get("description_text"))
        or _by_role(item.get("descriptions"), ("summary", "abstract", "text", ""))
    )
    dek, shortened = standfirst(sub)
    extension = item.get(EXTENSION) if isinstance(item.get(EXTENSION), dict) else {}
    subjects = [s for s in _list(item.get("subjects")) if isinstance(s, dict) and _text(s.get("name"))]
    section = next((plain_text(s["name"]) for s in subjects if s.get("rel") == "section"), "")
    people = [p for p in _list(item.get("people")) if isinstance(p, dict) and _text(p.get("name"))]
    bylines = _bylines(item) or [
        plain_text(p["name"]) for p in people if AUTHOR_ROLES.search(str(p.get("rel", p.get("role", ""))))
    ]
    tags = [plain_text(s["name"]) for s in subjects if s.get("rel") != "section"]
    tags += [plain_text(p["name"]) for p in people if plain_text(p["name"]) not in bylines]
    if "published_at" in extension:  # our own export: its time exactly, none for a draft without one
        published = _when(extension["published_at"])
    else:
        published = _when(item.get("firstcreated")) or _when(item.get("versioncreated"))
    return ParsedArticle(
        headline=headline,
        body_html=body,
        checksum=hashlib.sha256(json.dumps(item, sort_keys=True).encode()).hexdigest(),
        section_name=plain_text(_text(extension.get("section"))) or section,
        published_at=published,
        dateline=plain_text(_text(extension.get("dateline"))),
        notes=tuple(notes) + ((shortened,) if shortened else ()),
        key=(_text(extension.get("source")) or uri.strip())[:255],
        standfirst=dek,
        bylines=tuple(dict.fromkeys(filter(None, bylines))),
        tags=tuple(dict.fromkeys(filter(None, tags))),
        status=_text(extension.get("status"))
        if extension.get("status") in ("draft", "review", "published")
        else "",
        slug=_text(extension.get("slug")),
        lead_image=_lead(item.get("associations")),
    )


def _body(item):
    html = _text(item.get("body_html"))
    bodies = [b for b in _list(item.get("bodies")) if isinstance(b, dict) and _text(b.get("value"))]
    if not html:
        html = next((b["value"] for b in bodies if "html" in str(b.get("contenttype", ""))), "")
    if html:
        document = BODY_DOCUMENT.search(html)
        return document.group(1) if document else html
    text = _text(item.get("body_text")) or next((b["value"] for b in bodies), "")
    return paragraphs_to_html(line.strip() for line in text.splitlines() if line.strip())


def _bylines(item):
    names = []
    if byline := _text(item.get("byline")):
        names = re.split(r",\s*|\s+and\s+|\s*&\s*", re.sub(r"^by\s+", "", byline, flags=re.IGNORECASE))
    for entry in _list(item.get("bylines")):
        if isinstance(entry, dict):
            names.append(_text(entry.get("byline")) or _text(entry.get("name")))
    return [plain_text(name) for name in names if name.strip()]


def _lead(associations):
    if isinstance(associations, dict):  # 1.x: keyed by name
        associations = list(associations.values())
    for association in _list(associations):
        if not isinstance(association, dict) or association.get("type") not in ("picture", "graphic"):
            continue
        renditions = [
            r for r in _list(association.get("renditions")) if isinstance(r, dict) and r.get("href")
        ]
        if isinstance(association.get("renditions"), dict):  # 1.x: keyed by name
            renditions = [
                r for r in association["renditions"].values() if isinstance(r, dict) and r.get("href")
            ]
        largest = max(renditions, key=lambda r: r.get("width") or 0, default=None)
        url = (largest or {}).get("href") or ""
        if not url:
            continue
        caption = _text(association.get("description_text")) or _by_role(
            association.get("descriptions"), ("", "caption", "text")
        )
        return PictureRef(
            url=url,
            alt=plain_text(
                _text(association.get("headline"))
                or _by_role(association.get("headlines"), ("main", ""))
                or caption
            )[:300],
            caption=plain_text(caption)[:500],
            credit=plain_text(_text(association.get("by")) or _text(association.get("byline")))[:200],
        )
    return None


def _by_role(entries, roles):
    """The value of the first entry with one of `roles` ("" is an entry without a role)."""
    entries = [e for e in _list(entries) if isinstance(e, dict) and _text(e.get("value"))]
    for role in roles:
        for entry in entries:
            if str(entry.get("role", "")) == role:
                return entry["value"]
    return ""


def _when(value):
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if timezone.is_aware(when) else timezone.make_aware(when)


def _text(value):
    return value if isinstance(value, str) else ""


def _list(value):
    return value if isinstance(value, list) else []
