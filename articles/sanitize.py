"""The allow-list for article body HTML: what an editor may use, and nothing that can run."""

import html
import re
from dataclasses import dataclass

import nh3

ALLOWED_TAGS = {
    "p", "br", "a", "em", "strong", "i", "b", "u", "s", "sub", "sup", "mark", "small", "code",
    "ul", "ol", "li", "blockquote", "cite", "q", "h2", "h3", "h4", "hr", "figure", "figcaption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "blockquote": {"cite"}, "q": {"cite"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_body(markup: str) -> str:
    """Return `markup` with every tag, attribute and URL scheme outside the allow-list removed."""
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


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
    # Tags become spaces, so that words of adjacent paragraphs stay apart.
    words = html.unescape(TAG.sub(" ", cleaned)).split()
    summary = " ".join(dek.split()) or " ".join(words[:SUMMARY_WORDS]) + (
        "…" if len(words) > SUMMARY_WORDS else ""
    )
    return ReadingForms(cleaned, _with_dateline(cleaned, dateline), summary, len(words))


def _with_dateline(body: str, dateline: str) -> str:
    if not dateline:
        return body
    lead = f'<span class="dateline">{html.escape(dateline)} — </span>'
    if body.startswith("<p>"):
        return f"<p>{lead}{body[3:]}"
    return f"<p>{lead}</p>{body}"
