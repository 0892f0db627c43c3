import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime


class ImportFailed(Exception):
    """A file cannot become an article; the message says why, in words an editor understands."""


@dataclass(frozen=True)
class ParsedArticle:
    headline: str
    body_html: str
    checksum: str
    section_name: str = ""
    published_at: datetime | None = None
    lead_image_caption: str = ""
    dateline: str = ""
    paragraphs: tuple[str, ...] = ()


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


def decode_text(data: bytes, encoding: str | None = None) -> str:
    """Bytes to normalised text: BOM-aware, with CRLF and CR line endings made LF.

    Refuses binary data and bytes that no expected encoding decodes, rather than guessing.
    """
    if not data.strip():
        raise ImportFailed("the file is empty")
    if encoding:
        candidates, payload = (encoding,), data
    else:
        candidates, payload = _FALLBACK_ENCODINGS, data
        for bom, bom_encoding in _BOMS:
            if data.startswith(bom):
                candidates, payload = (bom_encoding,), data[len(bom) :]
                break
        else:
            if b"\x00" in data:
                raise ImportFailed("binary data, not text")

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
        raise ImportFailed("not text in a known encoding; tried " + ", ".join(errors))

    controls = len(_CONTROLS.findall(text))
    if controls > max(2, len(text) // 100):
        raise ImportFailed("binary data, not text")

    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)
