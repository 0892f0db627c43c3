"""HTML from other systems made ready for the sanitiser: plain text from markup, paragraphs from
blank lines. What every importer of HTML bodies shares; sanitize.py still decides what stays."""

import re

from newsroom.text import plain_text

# A chunk of the body that is already a block of its own and must not be wrapped in <p>.
BLOCK_START = re.compile(
    r"^\s*<(?:p|h[1-6]|ul|ol|li|blockquote|figure|table|div|pre|hr|section|article|aside|iframe)\b",
    re.IGNORECASE,
)
STANDFIRST_LIMIT = 400


def with_paragraphs(markup: str) -> str:
    """Classic-editor bodies (WordPress's, Ghost's older ones) as paragraphs: a blank line parts two
    paragraphs and a single line break stays a line break, as their own sites showed them."""
    chunks = re.split(r"\n\s*\n", markup.replace("\r\n", "\n").strip())
    blocks = []
    for chunk in filter(str.strip, chunks):
        if BLOCK_START.match(chunk):
            blocks.append(chunk.strip())
        else:
            blocks.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", chunk.strip()) + "</p>")
    return "\n".join(blocks)


def standfirst(markup: str) -> tuple[str, str]:
    """(the standfirst, a note when it had to be shortened to fit)."""
    text = plain_text(markup)
    if len(text) <= STANDFIRST_LIMIT:
        return text, ""
    cut = text[: STANDFIRST_LIMIT - 1].rsplit(" ", 1)[0]
    return (
        cut + "…",
        f"the excerpt was {len(text)} characters: shortened to the standfirst's {STANDFIRST_LIMIT}",
    )
