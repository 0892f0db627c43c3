"""Which format a file is in, told from its first bytes, and the reader for each.

WordPress exports are read from their file as a stream (wordpress.py); every other format from
the file's bytes, one article (text, Markdown, a web page) or many (ninjs) to a file.
"""

import codecs

from . import markdown, ninjs, scraped_text, web_page, wordpress
from .base import ImportFailed

WORDPRESS, NINJS, MARKDOWN, HTML, TEXT = "wordpress", "ninjs", "markdown", "html", "text"
FORMATS = (WORDPRESS, NINJS, MARKDOWN, HTML, TEXT)
HEAD_SIZE = 4096
MARKDOWN_SUFFIXES = (".md", ".markdown")


def detect(head: bytes, name: str = "") -> str:
    """The format of a file from its first HEAD_SIZE bytes (and, for Markdown without front matter, its name)."""
    if wordpress.looks_like(head):
        return WORDPRESS
    text = _head_text(head).lstrip("\ufeff \t\r\n")
    if ninjs.looks_like(text):
        return NINJS
    if markdown.looks_like(text) or name.lower().endswith(MARKDOWN_SUFFIXES):
        return MARKDOWN
    if web_page.looks_like(text):
        return HTML
    return TEXT


def entries(format_name: str, data: bytes, *, encoding=None):
    """The ParsedArticles (and ImportFailed for items that cannot be) in one file's bytes."""
    if format_name == NINJS:
        return list(ninjs.items(data, encoding=encoding))
    reader = {MARKDOWN: markdown.parse, HTML: web_page.parse, TEXT: scraped_text.parse}.get(format_name)
    if reader is None:
        raise ImportFailed(f"{format_name} is read as a stream, not from bytes")
    return [reader(data, encoding=encoding)]


def _head_text(head: bytes) -> str:
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, "ignore")
    return head.decode("utf-8", "ignore")
