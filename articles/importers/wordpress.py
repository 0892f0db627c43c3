"""WordPress's export format (WXR, every version: 1.0 to 1.2, and what its forks write), streamed.

A file is read twice, each time as a stream of elements cleared behind us, so memory stays bounded
whatever its size: first to prove it is well-formed XML (a broken file is refused whole, before
anything is written) and to learn what posts refer to (authors' display names, categories' ids,
attachments' files); then item by item. Posts become articles; everything else is counted.
"""

import hashlib
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import unquote

from lxml import etree

from newsroom.text import plain_text

from ..core.addresses import normalised
from ..models import Status
from .base import ImportFailed, ParsedArticle, PictureRef, Skipped
from .markup import standfirst, with_paragraphs

# WordPress writes http://wordpress.org/export/1.2/, WordPress.com https://…; namespaces are compared
# without their scheme, so that either (and either for the RSS modules) reads the same.
WP_PREFIX = "wordpress.org/export/"
NAMESPACES = {
    "purl.org/rss/1.0/modules/content/": "content",
    "purl.org/dc/elements/1.1/": "dc",
    "wellformedweb.org/CommentAPI/": "wfw",
}
# WordPress's default category, by the slug each locale's install gives it: a post filed nowhere is in
# it, so it says nothing about a section.
UNCATEGORIZED = {
    "uncategorized", "uncategorised", "sin-categoria", "non-classe", "allgemein", "senza-categoria",
    "sem-categoria", "okategoriserade", "yleinen", "ongecategoriseerd", "ukategoriseret", "ukategorisert",
}  # fmt: skip
STATUSES = {
    "publish": Status.PUBLISHED,
    "future": Status.PUBLISHED,
    "draft": Status.DRAFT,
    "pending": Status.REVIEW,
}
SKIPPED_TYPES = {"page": "page", "attachment": "attachment", "nav_menu_item": "menu item"}
BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
CAPTION = re.compile(r"\[caption\b[^\]]*\](.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
IMG_ATTRIBUTE = re.compile(r'\b(src|alt)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')', re.IGNORECASE)
EMBED = re.compile(r"\[embed\b[^\]]*\]\s*(https?://[^\s\[]+)\s*\[/embed\]", re.IGNORECASE)
# A shortcode's tag: [name], [name key="value" …], [name /] or [/name]. Brackets are also the
# journalist's ("He [the minister] said", "[sic]"), so only a tag that cannot be prose is one: a
# closing tag, one with key=value attributes, a name with "_" (page builders: vc_row, et_pb_text), or a
# name WordPress or a common plugin registers. The tags go; the text between them stays.
SHORTCODE = re.compile(
    r"\[(?P<close>/)?(?P<name>[a-zA-Z][\w-]*)"
    r"(?P<attributes>(?:\s+[\w-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\]]+))*)\s*/?\]"
)
KNOWN_SHORTCODES = {
    "audio", "video", "playlist", "gallery", "wp_caption", "contact-form", "contact-form-7", "gravityform",
    "wpforms", "ninja_form", "ad", "adsense", "tweet", "youtube", "vimeo", "soundcloud", "instagram",
    "googlemaps", "toc", "related", "button", "column", "columns", "row", "tabs", "tab", "accordion",
}  # fmt: skip
NO_DATE = "0000-00-00 00:00:00"
# What the first pass reads: the channel's authors, categories and addresses, and every item.
SCANNED = ("channel", "item", "link", "{*}author", "{*}category", "{*}base_site_url", "{*}base_blog_url")
DATELINE_KEY = "_newsroom_dateline"  # written by our own export (exporters/wordpress.py)


def looks_like(head: bytes) -> bool:
    return b"<rss" in head and WP_PREFIX.encode() in head


@dataclass
class Export:
    """What items refer to, learnt on the first pass."""

    site: str = ""  # the blog's own address: its identity, with each post's id
    site_rank: int = 3  # how sure: 0 its base blog address, 1 the channel's link, 2 the base site
    authors: dict = field(default_factory=dict)  # login -> display name
    categories: dict = field(default_factory=dict)  # term id -> nicename
    attachments: dict = field(default_factory=dict)  # post id -> PictureRef
    posts: int = 0


def scan(path) -> Export:
    """The first pass: refuses a file that is not well-formed WXR, with the line and the reason."""
    export, channel = Export(), False
    try:
        for element in _elements(path, SCANNED):
            name = _name(element)
            if name == "channel":
                channel = True
            elif name == "wp:author":
                login = _text(element, "wp:author_login")
                export.authors[login] = plain_text(_text(element, "wp:author_display_name")) or login
            elif name == "wp:category":
                export.categories[_text(element, "wp:term_id")] = _text(element, "wp:category_nicename")
            elif name in ("wp:base_blog_url", "link", "wp:base_site_url"):
                _learn_site(export, name, element)
            elif name == "item":
                kind = _text(element, "wp:post_type")
                if kind == "post":
                    export.posts += 1
                elif kind == "attachment":
                    export.attachments[_text(element, "wp:post_id")] = _attachment(element)
    except etree.XMLSyntaxError as error:
        raise ImportFailed(
            f"not well-formed XML, line {error.lineno}: {_reason(error)}; nothing was imported: "
            "repair that line or export again"
        ) from None
    if not channel:
        raise ImportFailed(
            "not a WordPress export: no <channel> in the <rss> document; export again with Tools → Export"
        )
    return export


def items(path, export: Export) -> Iterator[ParsedArticle | Skipped | ImportFailed]:
    """The second pass: a ParsedArticle per post, a Skipped per everything else, in file order."""
    try:
        for element in _elements(path, "item"):
            yield from _item(element, export)
    except etree.XMLSyntaxError as error:  # only when the file changed since the first pass
        yield ImportFailed(f"the file changed while it was read (line {error.lineno}: {_reason(error)})")


def _item(element, export):
    fields = _fields(element)
    for _ in range(len(fields.get("wp:comment", ()))):
        yield Skipped("comment")
    kind = _one(fields, "wp:post_type") or "post"
    if kind != "post":
        yield Skipped(SKIPPED_TYPES.get(kind, f"custom post type {kind}"), _one(fields, "title"))
        return
    status = _one(fields, "wp:status")
    if status not in STATUSES:
        yield Skipped(f"{status or 'unknown status'} post", _one(fields, "title"))
        return
    try:
        yield _post(fields, status, export, etree.tostring(element))
    except ImportFailed as error:
        yield ImportFailed(f"post {_one(fields, 'wp:post_id') or '?'}: {error}")


def _post(fields, status, export, raw) -> ParsedArticle:
    notes = []
    headline = plain_text(_one(fields, "title"))
    body, removed = _body(_one(fields, "content:encoded"))
    if removed:
        notes.append(f"shortcodes removed: {', '.join(f'{n} × {name}' for name, n in removed.items())}")
    wanted, held = STATUSES[status], False
    if _one(fields, "wp:post_password"):
        wanted, held = Status.DRAFT, True
        notes.append("password-protected on the old site: imported as a draft")
    dek, shortened = standfirst(_one(fields, "excerpt:encoded"))
    if shortened:
        notes.append(shortened)

    categories = [
        (attributes, name)
        for attributes, text in fields.get("category", ())
        if (name := plain_text(text))
        and not {attributes.get("nicename", "").lower(), name.casefold()} & UNCATEGORIZED
    ]
    sections = [(a.get("nicename", ""), name) for a, name in categories if a.get("domain") == "category"]
    primary = export.categories.get(_meta(fields, "_yoast_wpseo_primary_category"))
    section = next((name for nicename, name in sections if nicename == primary), "")
    section = section or (sections[0][1] if sections else "")
    tags = [name for _, name in sections if name != section]
    tags += [name for a, name in categories if a.get("domain") == "post_tag"]
    coauthors = [
        export.authors.get(a.get("nicename", "").removeprefix("cap-"), name)
        for a, name in categories
        if a.get("domain") == "author"
    ]
    creator = _one(fields, "dc:creator")
    bylines = coauthors or ([export.authors.get(creator, plain_text(creator))] if creator else [])

    lead = None
    if thumbnail := _meta(fields, "_thumbnail_id"):
        lead = export.attachments.get(thumbnail)
        if lead is None:
            notes.append(f"its featured image (attachment {thumbnail}) is not in the export")
    old_path = normalised(_one(fields, "link")) if _one(fields, "link") else ""
    return ParsedArticle(
        headline=headline,
        body_html=body,
        checksum=hashlib.sha256(raw).hexdigest(),
        section_name=section,
        published_at=_published_at(fields, status),
        dateline=plain_text(_meta(fields, DATELINE_KEY)),
        notes=tuple(notes),
        key=_key(export, fields),
        former_key=f"wordpress:{_one(fields, 'guid')}"[:255] if _one(fields, "guid") else "",
        standfirst=dek,
        bylines=tuple(filter(None, bylines)),
        tags=tuple(filter(None, tags)),
        status=wanted,
        slug=unquote(_one(fields, "wp:post_name")),
        old_path="" if old_path == "/" else old_path,
        lead_image=lead,
        held=held,
    )


def _key(export, fields):
    """The post's identity: its blog and its id there. The guid is not one: two posts can share it,
    and it changes when a site moves; it identified posts before, so it stays their former key."""
    post_id = _one(fields, "wp:post_id")
    if post_id and export.site:
        return f"wordpress:{export.site}?p={post_id}"[:255]
    return f"wordpress:{_one(fields, 'guid') or post_id}"[:255]


def _learn_site(export, name, element):
    """The blog's address, scheme and "www." left out (a move to https is the same site). WordPress.com
    writes wordpress.com itself as the base site, and the blog's own address as the base blog."""
    if name == "link" and (element.getparent() is None or element.getparent().tag != "channel"):
        return
    address = re.sub(r"^[a-z]+://(www\.)?", "", (element.text or "").strip().lower()).rstrip("/")
    rank = ("wp:base_blog_url", "link", "wp:base_site_url").index(name)
    if address and rank < export.site_rank:
        export.site, export.site_rank = address, rank


def _body(content):
    """The post's HTML as our body: blocks' comments gone, captions as figures, shortcodes removed."""
    content = content or ""
    if "<!--" in content:
        content = BLOCK_COMMENT.sub("", content)
    removed = {}
    if "[" not in content:
        return with_paragraphs(content), removed
    content = CAPTION.sub(_figure, content)
    content = EMBED.sub(lambda match: f"\n\n{match.group(1)}\n\n", content)

    def remove(match):
        name = match.group("name").lower()
        if not (match.group("close") or match.group("attributes") or "_" in name or name in KNOWN_SHORTCODES):
            return match.group()  # prose in brackets
        if not match.group("close"):
            removed[name] = removed.get(name, 0) + 1
        return ""

    return with_paragraphs(SHORTCODE.sub(remove, content)), removed


def _figure(match):
    inner = match.group(1)
    found = IMG.search(inner)
    caption = plain_text(IMG.sub(" ", re.sub(r"</?a\b[^>]*>", " ", inner)))
    if found is None:
        return f"<p>{html.escape(caption)}</p>" if caption else ""
    attributes = {
        name.lower(): double or single for name, double, single in IMG_ATTRIBUTE.findall(found.group())
    }
    src, alt = html.escape(attributes.get("src", "")), html.escape(attributes.get("alt", ""))
    figcaption = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f'\n\n<figure><img src="{src}" alt="{alt}">{figcaption}</figure>\n\n'


def _published_at(fields, status):
    gmt = _one(fields, "wp:post_date_gmt")
    if gmt and gmt != NO_DATE:
        try:
            return datetime.strptime(gmt, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        except ValueError:
            pass
    if status in ("publish", "future") and (pub := _one(fields, "pubDate")):
        try:
            return parsedate_to_datetime(pub)
        except (TypeError, ValueError):
            return None
    return None


def _attachment(element) -> PictureRef:
    fields = _fields(element)
    return PictureRef(
        url=_one(fields, "wp:attachment_url") or _one(fields, "guid"),
        alt=plain_text(_meta(fields, "_wp_attachment_image_alt")),
        caption=plain_text(_one(fields, "excerpt:encoded")),
    )


def _elements(path, tags):
    """The file's elements named `tags` as each closes; an item's inside is dropped once it has been
    read (and the items before it), so that memory holds one item at a time."""
    for _, element in etree.iterparse(
        str(path), events=("end",), tag=tags, resolve_entities=False, no_network=True, huge_tree=True
    ):
        yield element
        if element.tag == "item":
            element.clear(keep_tail=False)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]


def _name(element) -> str:
    """ "wp:post_type", "content:encoded", "title": an element's name whichever WXR version wrote it."""
    tag = element.tag
    try:
        return _NAMES[tag]
    except KeyError:
        pass
    if not isinstance(tag, str):
        return ""  # a comment or a processing instruction
    name = tag
    if tag.startswith("{"):
        namespace, local = tag[1:].split("}", 1)
        namespace = namespace.removeprefix("https://").removeprefix("http://")
        if namespace.startswith(WP_PREFIX):
            name = f"excerpt:{local}" if namespace.rstrip("/").endswith("excerpt") else f"wp:{local}"
        else:
            name = f"{NAMESPACES.get(namespace, namespace)}:{local}"
    _NAMES[tag] = name
    return name


_NAMES = {}  # element tag -> its name: a file has a few dozen tags, read hundreds of thousands of times


def _fields(item) -> dict:
    """An item's children by name: text for most, (attributes, text) for categories, and for
    postmeta and comments lists of them."""
    fields = {}
    for child in item:
        name = _name(child)
        if name == "category":
            fields.setdefault(name, []).append((dict(child.attrib), child.text or ""))
        elif name == "wp:postmeta":
            fields.setdefault(name, []).append((_text(child, "wp:meta_key"), _text(child, "wp:meta_value")))
        elif name == "wp:comment":
            fields.setdefault(name, []).append(True)
        else:
            fields.setdefault(name, child.text or "")
    return fields


def _one(fields, name) -> str:
    value = fields.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _meta(fields, key) -> str:
    return next((value.strip() for name, value in fields.get("wp:postmeta", ()) if name == key), "")


def _text(element, name) -> str:
    child = next((child for child in element if _name(child) == name), None)
    return (child.text or "").strip() if child is not None else ""


def _reason(error):
    return re.sub(r",? line \d+, column \d+.*$", "", str(error)).strip() or "broken XML"
