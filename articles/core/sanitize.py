"""The allow-list for article body HTML: what an editor may use, and nothing that can run."""

import html
import re
from dataclasses import dataclass

import nh3

from newsroom.text import plain_text, shortened

ALLOWED_TAGS = {
    "p", "br", "a", "em", "strong", "i", "b", "u", "s", "sub", "sup", "mark", "small", "code",
    "ul", "ol", "li", "blockquote", "cite", "q", "h2", "h3", "h4", "hr", "figure", "figcaption",
}  # fmt: skip
ALLOWED_TAGS.add("img")  # inside a figure, from the media library (see body_media.py)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "img": {"src", "alt", "data-file"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


# Elements whose content an HTML parser reads as raw text up to their end tag (or to the end of the
# document when there is none), and <template>, whose content it sets aside: unclosed, each would
# swallow every paragraph after it. <plaintext> never ends.
RAW_TEXT = (
    "script", "style", "template", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
    "noscript", "plaintext",
)  # fmt: skip
_OPEN_END = re.compile(rf"<!--|<({'|'.join(RAW_TEXT)})\b[^>]*>", re.IGNORECASE)


class BodyWouldLoseText(ValueError):
    """The body's markup is broken in a way that would hide the text after `near` from readers."""

    def __init__(self, near):
        super().__init__(
            f"Part of the body would be lost: the markup is broken near “{near}” (an unclosed tag or "
            "quote hides the text after it). Close it or remove it, then save again."
        )


def sanitize_body(markup: str) -> str:
    """Return `markup` with every tag, attribute and URL scheme outside the allow-list removed.

    Raises BodyWouldLoseText rather than silently dropping words that the markup hides.
    """
    mended = mend_open_ends(markup)
    cleaned = _clean(mended)
    _check_nothing_lost(mended, cleaned)
    return cleaned


def mend_open_ends(markup: str) -> str:
    """Take out the openings of comments and raw-text elements that never close, as an editor pasting
    half a snippet meant the text after them to be read; closed ones are left to the sanitiser."""
    kept, position = [], 0
    while match := _OPEN_END.search(markup, position):
        name = (match.group(1) or "").lower()
        if name:
            close = re.compile(rf"</{name}\b[^>]*>", re.IGNORECASE).search(markup, match.end())
            end = close.end() if close and name != "plaintext" else None
        else:
            close_at = markup.find("-->", match.start() + 2)  # "<!-->" is a whole (empty) comment
            end = close_at + 3 if close_at >= 0 else None
        if end is None:
            kept.append(markup[position : match.start()])
            position = match.end()
        else:
            kept.append(markup[position:end])
            position = end
    kept.append(markup[position:])
    return "".join(kept)


# A picture stays only as the media library's (body_media.py): its id in data-file.
_NOT_FROM_LIBRARY = re.compile(r'<img\b(?![^>]*\bdata-file="\d+")[^>]*>')


def _clean(markup):
    return _NOT_FROM_LIBRARY.sub("", _allowed(markup))


def _allowed(markup):
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# What a reader may legitimately not see of the source: closed comments, scripts, styles, templates.
_UNSEEN = re.compile(r"<!--.*?-->|<(script|style|template)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def _check_nothing_lost(source, cleaned):
    """Every visible character of the source's text is still in the cleaned body (tags and entities,
    and where words were split by tags that went, aside)."""
    kept = "".join(_words(cleaned))
    given = _words(_UNSEEN.sub(" ", source))
    if len(kept) >= sum(map(len, given)):
        return
    # The first word readers would miss, with the source before it, says where to look.
    differs = next(
        (at for at, (a, b) in enumerate(zip(kept, "".join(given), strict=False)) if a != b), len(kept)
    )
    lengths = 0
    for word in given:
        lengths += len(word)
        if lengths > differs:
            break
    at = source.find(word)
    raise BodyWouldLoseText(" ".join(source[max(at - 40, 0) : at + len(word)].split()))


def _words(markup):
    return html.unescape(TAG.sub(" ", markup)).split()


def paragraphs_to_html(paragraphs) -> str:
    """Plain-text paragraphs as body HTML; their text is escaped, never interpreted as markup."""
    return "\n".join(f"<p>{html.escape(text, quote=False)}</p>" for text in paragraphs)


TAG = re.compile(r"<[^>]*>")  # enough on HTML that sanitize_body wrote
SUMMARY_WORDS = 60  # the longest summary any page or feed shows


@dataclass(frozen=True)
class ReadingForms:
    """The article's text as stored: its cleaned body, and what pages show of it, made once per save."""

    body: str
    body_html: str
    summary: str
    word_count: int


def reading_forms(*, body: str, dek: str, dateline: str) -> ReadingForms:
    """The cleaned body with the dateline leading its first paragraph (as in print), a plain-text
    summary (the standfirst, else the body's opening) and the body's word count."""
    cleaned = sanitize_body(body)
    words = plain_text(cleaned).split()
    summary = " ".join(dek.split()) or shortened(" ".join(words), SUMMARY_WORDS)
    return ReadingForms(cleaned, _with_dateline(cleaned, dateline), summary, len(words))


def _with_dateline(body: str, dateline: str) -> str:
    if not dateline:
        return body
    lead = f'<span class="dateline">{html.escape(dateline)} — </span>'
    if body.startswith("<p>"):
        return f"<p>{lead}{body[3:]}"
    return f"<p>{lead}</p>{body}"
