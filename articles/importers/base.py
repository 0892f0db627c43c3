import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

import ftfy


class ImportFailed(Exception):
    """A file cannot become an article; the message says why, in words an editor understands."""


@dataclass(frozen=True)
class PictureRef:
    """A picture an item points at: found in the media library, or fetched into it, by the store."""

    url: str
    alt: str = ""
    caption: str = ""
    credit: str = ""


@dataclass(frozen=True)
class ParsedArticle:
    """One article as a format reads it. What a format does not carry stays empty, and the command's
    options (or the defaults) fill it."""

    headline: str
    body_html: str
    checksum: str
    section_name: str = ""
    published_at: datetime | None = None
    lead_image_caption: str = ""
    dateline: str = ""
    paragraphs: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # see Decoded
    key: str = ""  # the item's own source key (a WordPress site and post id, a ninjs uri); else its file's
    former_key: str = ""  # what an earlier version knew the item by; its article is adopted under `key`
    standfirst: str = ""
    bylines: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    status: str = ""  # a Status value; empty: the command's --status
    slug: str = ""  # wanted, kept where free
    old_path: str = ""  # its address on the old site, redirected to the new one
    lead_image: PictureRef | None = None
    held: bool = False  # stays a draft whatever the command asks (see its notes for why)


@dataclass(frozen=True)
class Skipped:
    """An item a format reads but does not import (a WordPress page, a private post): counted by kind."""

    kind: str  # "page", "private post", "custom post type product"…
    name: str = ""


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Tried in turn on files without a byte-order mark. Windows-1252 is what newsroom desktops
# wrote before UTF-8; it leaves five bytes undefined, so text that is neither still fails.
_FALLBACK_ENCODINGS = ("utf-8", "cp1252")
# Unicode's control characters (category Cc: C0, DEL and C1) but tab, newline, form feed and return.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


# A UTF-8 lead byte read as a Latin-1/Windows-1252 letter, then a continuation byte read the same way:
# the mark of mojibake ("Ã©" for "é", "â€”" for "—"). A cheap first look; ftfy decides.
_MOJIBAKE_SUSPECT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


@dataclass(frozen=True)
class Decoded:
    text: str
    notes: tuple[str, ...] = ()  # what an editor should look at, though the file imports


def decode_text(data: bytes, encoding: str | None = None) -> Decoded:
    """Bytes to normalised text: BOM-aware, with CRLF and CR line endings made LF.

    Refuses binary data and bytes that no expected encoding decodes, rather than guessing; notes
    a fallback to Windows-1252, UTF-16 without a byte-order mark and likely mojibake.
    """
    if not data.strip():
        raise ImportFailed("the file is empty")
    notes = []
    if encoding:
        candidates, payload = (encoding,), data
    else:
        candidates, payload = _FALLBACK_ENCODINGS, data
        for bom, bom_encoding in _BOMS:
            if data.startswith(bom):
                candidates, payload = (bom_encoding,), data[len(bom) :]
                break
        else:
            if utf16 := _utf16_without_bom(data):
                candidates = (utf16,)
                notes.append(f"UTF-16 without a byte-order mark: read as {utf16.upper()}")
            elif b"\x00" in data:
                raise ImportFailed("binary data, not text: import the text, HTML or export file instead")

    text, errors = None, []
    for candidate in candidates:
        try:
            text = payload.decode(candidate)
            break
        except LookupError:
            raise ImportFailed(f"unknown encoding {candidate!r}") from None
        except UnicodeDecodeError as error:
            errors.append(f"{candidate} (byte 0x{payload[error.start]:02x} at offset {error.start})")
    if text is None:
        raise ImportFailed(
            "not text in a known encoding; tried " + ", ".join(errors) + "; give --encoding if you know it"
        )
    if candidate == "cp1252" and not encoding:
        notes.append(f"not UTF-8 ({errors[0]}): read as Windows-1252; check its accented letters")

    controls = len(_CONTROLS.findall(text))
    if controls > max(2, len(text) // 100):
        raise ImportFailed("binary data, not text: import the text, HTML or export file instead")

    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    if mojibake := _mojibake(text):
        notes.append(mojibake)
    return Decoded(text, tuple(notes))


def _utf16_without_bom(data):
    """ "utf-16-le" or "utf-16-be" when every other byte is mostly zero, as in UTF-16 Latin text."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd > half * 0.3 and even <= odd * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd <= even * 0.05:
        return "utf-16-be"
    return None


def _mojibake(text):
    """A note when the text reads like UTF-8 that was decoded as Windows-1252 somewhere before us."""
    suspect = _MOJIBAKE_SUSPECT.search(text)
    if suspect is None or not ftfy.is_bad(text):
        return None
    sample = text[max(suspect.start() - 15, 0) : suspect.end() + 15]
    fixed = ftfy.fix_encoding(sample)
    return f"looks like mojibake (text decoded with the wrong encoding): “{sample}” may have been “{fixed}”"
