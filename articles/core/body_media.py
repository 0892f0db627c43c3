"""Library pictures and embeds in an article's body: what the editor stores, and what readers get.

The editor stores a picture as django-prose-editor's figure, its file chosen from the library:
<figure><img src="…" alt="…" data-file="<Image id>"><figcaption>…</figcaption></figure>. Readers
get the library's renditions as a <picture> with srcset, and its credit after the caption.

An embed is a paragraph holding nothing but a link to a video, post, audio or map of a provider we
know (embeds.py), as in WordPress. Readers get a placeholder that names the provider and links to
the original; the provider's player loads only when they ask for it (static/js/embeds.js).

Both work on HTML that sanitize_body wrote: tags and attributes as nh3 spells them.
"""

import html
import re

from django.utils.html import format_html

from .embeds import embed_for
from .pictures import picture_element, shown

BODY_SIZES = "(min-width: 48rem) 42rem, 100vw"
FIGURE = re.compile(r"<figure>(.*?)</figure>", re.DOTALL)
IMG = re.compile(r"<img\b[^>]*>")
ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
LIBRARY_ID = re.compile(r'<img\b[^>]*\bdata-file="(\d+)"')
CAPTION_END = "</figcaption>"
LINK_ALONE = re.compile(r'<p>\s*<a href="([^"]+)"[^>]*>([^<]*)</a>\s*</p>')
URL_ALONE = re.compile(r"<p>\s*(https?://[^\s<]+)\s*</p>")


def image_ids(body):
    """The library pictures a (cleaned) body shows, in order, each once."""
    return list(dict.fromkeys(int(found) for found in LIBRARY_ID.findall(body)))


def render(body_html, images):
    """The body as readers get it: its figures from the library (`images`: id -> Image) and its
    embeds as placeholders. A picture that is not in `images` is left out, its caption kept."""
    with_figures = FIGURE.sub(lambda match: _figure(match.group(1), images), body_html)
    with_links = LINK_ALONE.sub(_link_embed, with_figures)
    return URL_ALONE.sub(lambda match: _placeholder(match.group(), html.unescape(match.group(1))), with_links)


def _figure(inner, images):
    found = IMG.search(inner)
    attributes = dict(ATTRIBUTE.findall(found.group())) if found else {}
    image = images.get(int(attributes.get("data-file") or 0))
    if image is None:
        return f"<figure>{IMG.sub('', inner)}</figure>" if CAPTION_END in inner else ""
    alt = html.unescape(attributes.get("alt", "")) or image.alt
    picture = picture_element(shown(image), alt, BODY_SIZES, css_class="figure__image")
    rest = IMG.sub("", inner, count=1)
    credit = format_html(' <span class="credit">{}</span>', image.credit) if image.credit else ""
    if CAPTION_END in rest:
        rest = rest.replace(CAPTION_END, f"{credit}{CAPTION_END}", 1)
    elif credit:
        rest += f"<figcaption>{credit.strip()}</figcaption>"
    return f'<figure class="figure">{picture}{rest}</figure>'


def _link_embed(match):
    url, text = html.unescape(match.group(1)), html.unescape(match.group(2)).strip()
    # Only a bare link (its text the address itself) is an embed; "Read the report" stays a link.
    if text.rstrip("/") != url.rstrip("/"):
        return match.group()
    return _placeholder(match.group(), url)


def _placeholder(original, url):
    embed = embed_for(url)
    if embed is None:
        return original
    return format_html(
        '<figure class="embed embed--{kind}{tall}" data-embed="{frame}" data-embed-title="{title}">'
        '<div class="embed__placeholder"><p class="embed__what">{title}</p>'
        '<button type="button" class="embed__load">Load the {kind}</button>'
        '<p class="embed__note">Loading it connects to {provider}, which may set cookies. '
        '<a href="{url}">Open it on {provider}</a>.</p></div></figure>',
        kind=embed.kind,
        tall=" embed--tall" if embed.tall else "",
        frame=embed.frame,
        title=f"{embed.kind.capitalize()} from {embed.provider}",
        provider=embed.provider,
        url=embed.url,
    )


def first_picture(body_html):
    """(address, alt text, (width, height)) of the first picture readers see in a rendered body, or None."""
    found = IMG.search(body_html)
    if found is None:
        return None
    attributes = {name: html.unescape(value) for name, value in ATTRIBUTE.findall(found.group())}
    if not attributes.get("src"):
        return None
    size = (attributes.get("width", ""), attributes.get("height", ""))
    return attributes["src"], attributes.get("alt", ""), size if all(part.isdigit() for part in size) else ()


def picture_urls(body_html):
    """The addresses of the pictures readers see in a rendered body, for structured data."""
    return [html.unescape(src) for src in re.findall(r'<img\b[^>]*\bsrc="([^"]+)"', body_html)]
