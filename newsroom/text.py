"""Text made safe on the way in: one rule for everything a person or a file can type.

Stored text is Unicode in NFC (so "é" typed two ways is one word to search, sort and compare) and
holds no character that XML 1.0 forbids, because every headline, name and caption ends up in a feed
or a sitemap, where one backspace pasted from a word processor makes the whole document unreadable.
"""

import html
import re
import unicodedata

from django.db import models
from django.utils.text import Truncator

# What XML 1.0 cannot carry: C0 controls but tab, newline and return; lone surrogates; U+FFFE/U+FFFF.
# DEL and the C1 controls are legal XML but never meant in typed text (they are mis-decoded bytes).
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")


def xml_safe(value: str) -> str:
    """`value` without the characters an XML document cannot hold: the guard on every way out."""
    return FORBIDDEN.sub("", value)


def safe_text(value: str, *, multiline: bool = True) -> str:
    """Typed or imported text as it is stored: NFC, nothing XML forbids, trimmed.

    One-line text (names, headlines, captions) has every run of whitespace, line breaks included,
    made one space; text with lines keeps its line breaks (as LF) and tabs.
    """
    if not value:
        return value  # most optional fields are empty: spares the work below on every save
    value = unicodedata.normalize("NFC", xml_safe(value.replace("\r\n", "\n").replace("\r", "\n")))
    if not multiline:
        return _SPACES.sub(" ", value).strip()
    return value.strip()


# Elements that stand apart on a page: their edges part words. Every other element (em, b, a, sup,
# span…) sits inside a line, so "Mark<sup>up</sup>" reads "Markup", as a reader sees it.
_BLOCKS = frozenset(
    (
        *("address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt"),
        *("figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr"),
        *("iframe", "img", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody"),
        *("td", "tfoot", "th", "thead", "tr", "ul", "video", "audio", "picture", "source"),
    )
)
_ELEMENT = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_UNREAD = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|template)\b.*?(?:</\1\s*>|$)", re.DOTALL | re.IGNORECASE
)


def plain_text(markup: str) -> str:
    """One line of what a reader reads in `markup`: tags gone (a block's edges and <br> part words,
    inline elements join), comments and scripts gone, entities decoded once, whitespace collapsed.

    What headlines, standfirsts, captions, names, tags, summaries and the search document are made of.
    """
    if not markup:
        return ""
    text = _UNREAD.sub(" ", markup) if "<" in markup else markup
    text = _ELEMENT.sub(lambda match: " " if match.group(2).lower() in _BLOCKS else "", text)
    return safe_text(html.unescape(text), multiline=False)


def safe_deep(value):
    """`value` (a JSON-like structure) with every string in it passed through xml_safe."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, dict):
        return {key: safe_deep(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [safe_deep(item) for item in value]
    return value


class _SafeText:
    """A model field whose value is made safe whenever it is validated or written."""

    multiline = True

    def to_python(self, value):
        value = super().to_python(value)
        return safe_text(value, multiline=self.multiline) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        # Every write (save, create, bulk_create) passes here: no writer can store unsafe text.
        value = self.to_python(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value


class SafeLineField(_SafeText, models.CharField):
    """One line of text: a headline, a name, a caption."""

    multiline = False


class SafeTextField(_SafeText, models.TextField):
    """Text with lines: a body, a bio, a note."""


ELLIPSIS = "…"


def shortened(text: str, words: int) -> str:
    """`text` cut to `words` words with an ellipsis, never after a full stop or comma ("end.…")."""
    cut = Truncator(text).words(words, truncate=ELLIPSIS)
    if cut == text or not cut.endswith(ELLIPSIS):
        return cut
    return cut[: -len(ELLIPSIS)].rstrip(" .,;:") + ELLIPSIS
