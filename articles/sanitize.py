"""The allow-list for article body HTML: what an editor may use, and nothing that can run."""

import html

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
