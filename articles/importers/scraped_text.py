"""The scraped text format of the seed articles (see DESIGN.md).

Blank-line separated paragraphs: "Connect with us" (site chrome), the section, the headline,
"Published" and "on" (each alone, or together), an optional date, an optional short caption line,
then the body, whose first paragraph may open with a dateline ("MOSCOW, Russia — ").
"""

import re
from datetime import datetime, time

from django.utils import timezone

from ..core.sanitize import paragraphs_to_html
from .base import ImportFailed, ParsedArticle, checksum, decode_text

CHROME = {"connect with us"}
# "Published", "Published on" or "Published on November 25, 2025" as one paragraph.
PUBLISHED_MARKER = re.compile(r"^published(?:\s+on)?(?:\s+(?P<date>.+))?$", re.IGNORECASE)
ON_MARKER = re.compile(r"^on(?:\s+(?P<date>.+))?$", re.IGNORECASE)
# Only this many opening paragraphs may hold the header; "Published" later on is body text.
HEADER_SEARCH_DEPTH = 6

_UPPER = "A-ZÀ-ÖØ-Þ"
DATELINE = re.compile(
    rf"^(?P<dateline>[{_UPPER}][{_UPPER}'’.\- ]+(?:,\s*[{_UPPER}][\w'’.\- ]*)*(?:\s*\([\w ]+\))?)"
    r"\s*(?:—|–|--|-)\s+(?P<rest>\S.*)$",
    re.DOTALL,
)
CAPTION_MAX_LENGTH = 200
SENTENCE_END = tuple(".!?:;\"”’')")

DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%B %d, %Y",
    "%B %d, %Y %H:%M",
    "%B %d, %Y at %H:%M",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%A, %B %d, %Y",
    "%A %d %B %Y",
)


def parse(data: bytes, *, encoding: str | None = None) -> ParsedArticle:
    """Parse one scraped article. Pure: no database, no settings beyond the time zone."""
    decoded = decode_text(data, encoding)
    paragraphs = split_paragraphs(decoded.text)
    if not paragraphs:
        raise ImportFailed("the file is empty")

    marker_at, published_at = _find_published_marker(paragraphs)
    header = [p for p in paragraphs[:marker_at] if p.lower() not in CHROME]
    if not header:
        raise ImportFailed("no headline before the 'Published on' line")
    if len(header) > 2:
        raise ImportFailed(
            f"expected a section and a headline before 'Published on', found {len(header)} paragraphs"
        )
    section_name, headline = (header[0], header[1]) if len(header) == 2 else ("", header[0])

    rest = paragraphs[marker_at + 1 :]
    if rest and (on := _match_marker(ON_MARKER, rest[0])):
        published_at = published_at or on[1]
        rest = rest[1:]
    if published_at is None and rest and (date := parse_date(rest[0])):
        published_at = date
        rest = rest[1:]

    caption = ""
    if len(rest) > 1 and _looks_like_caption(rest[0]):
        caption, rest = rest[0], rest[1:]
    dateline = ""
    if rest and (match := DATELINE.match(rest[0])):
        dateline, rest = match.group("dateline").strip(), [match.group("rest"), *rest[1:]]

    return ParsedArticle(
        headline=headline,
        body_html=paragraphs_to_html(rest),
        checksum=checksum(data),
        section_name=section_name,
        published_at=published_at,
        lead_image_caption=caption,
        dateline=dateline,
        paragraphs=tuple(rest),
        notes=decoded.notes,
    )


def split_paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, each with its hard-wrapped lines joined by one space."""
    blocks = re.split(r"\n\s*\n", text)
    return [" ".join(block.split()) for block in blocks if block.strip()]


def parse_date(text: str):
    """An aware datetime for a date line in the newsroom's time zone, or None if it is not a date."""
    text = " ".join(text.split())
    if not re.search(r"\d", text):
        return None  # every date format has a day or a year: spares a dozen strptime calls per caption
    for fmt in DATE_FORMATS:
        try:
            value = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if "%H" not in fmt:
            value = datetime.combine(value.date(), time(0, 0))
        return timezone.make_aware(value)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _match_marker(pattern, paragraph):
    """(True, date or None) when the paragraph is the marker alone or the marker and a real date.

    "Published authors protest" is a headline and "On Tuesday, ..." is body text, not markers.
    """
    match = pattern.match(paragraph)
    if not match:
        return None
    if match.group("date") is None:
        return True, None
    date = parse_date(match.group("date"))
    return (True, date) if date else None


def _find_published_marker(paragraphs):
    for index, paragraph in enumerate(paragraphs[:HEADER_SEARCH_DEPTH]):
        if marker := _match_marker(PUBLISHED_MARKER, paragraph):
            return index, marker[1]
    raise ImportFailed(
        "no 'Published on' line, so the headline and the body cannot be told apart; add one under the "
        "headline, or give --format if the file is in another format"
    )


def _looks_like_caption(paragraph: str) -> bool:
    """A short line that is not a sentence and not the opening of a dateline."""
    return (
        len(paragraph) <= CAPTION_MAX_LENGTH
        and not paragraph.endswith(SENTENCE_END)
        and not DATELINE.match(paragraph)
    )
