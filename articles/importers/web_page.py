"""A news article saved from a browser or a crawler (an HTML page) becomes an article.

What the page says about itself comes first: its NewsArticle JSON-LD, then OpenGraph and the other
meta tags. The body is what trafilatura, the reference extractor in this field, finds to be the
article's text (links, emphasis, lists, quotes and subheads kept), never the site's navigation,
ads or comments. The page's canonical address is its source key and its old address.
"""

import hashlib
import json
import re

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from newsroom.text import plain_text

from ..core.addresses import normalised
from .base import ImportFailed, ParsedArticle, PictureRef, decode_text
from .markup import standfirst
from .scraped_text import parse_date

ARTICLE_TYPES = {
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BlogPosting",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "LiveBlogPosting",
}
MIN_WORDS = 10
RENAMED = ((re.compile(r"<(/?)i>"), r"<\1em>"), (re.compile(r"<(/?)b>"), r"<\1strong>"))


def looks_like(head: str) -> bool:
    start = head.lstrip()[:500].lower()
    return start.startswith(("<!doctype html", "<html")) or "<head" in start


def parse(data: bytes, *, encoding=None) -> ParsedArticle:
    decoded = decode_text(data, encoding)
    try:
        document = lxml_html.document_fromstring(decoded.text)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        raise ImportFailed("not an HTML page that can be read") from None
    facts = _structured(document)
    meta = _meta(document)
    headline = plain_text(facts.get("headline") or meta.get("og:title") or _title(document))
    body = _body(decoded.text, headline)
    published = _date(facts.get("datePublished")) or _date(meta.get("article:published_time"))
    published = published or _date(meta.get("date") or meta.get("pubdate"))
    bylines = _authors(facts.get("author")) or _names(meta.get("author", ""))
    section = facts.get("articleSection") or meta.get("article:section", "")
    if not (published and bylines and section):
        # What the page does not state outright, trafilatura infers from its markup and text
        # (a <time>, a "By …" line, the breadcrumb); its date has a day, not a time.
        inferred = trafilatura.extract_metadata(decoded.text)
        if inferred is not None:
            published = published or _date(inferred.date)
            bylines = bylines or [name for name in (inferred.author or "").split(";") if name.strip()]
            section = section or (inferred.categories or [""])[0]
    canonical = facts.get("url") or meta.get("og:url") or _canonical(document)
    section = section[0] if isinstance(section, list) and section else section
    keywords = facts.get("keywords") or meta.get("keywords") or ""
    tags = keywords if isinstance(keywords, list) else keywords.split(",")
    tags = tags + meta.get("article:tag", [])
    image = _image(facts.get("image")) or meta.get("og:image")
    dek, shortened = standfirst(
        facts.get("description") or meta.get("og:description") or meta.get("description") or ""
    )
    return ParsedArticle(
        headline=headline,
        body_html=body,
        checksum=hashlib.sha256(data).hexdigest(),
        section_name=plain_text(section if isinstance(section, str) else ""),
        published_at=published,
        notes=decoded.notes + ((shortened,) if shortened else ()),
        key=f"web:{canonical}"[:255] if canonical else "",
        standfirst=dek,
        bylines=tuple(dict.fromkeys(plain_text(name) for name in bylines)),
        tags=tuple(dict.fromkeys(filter(None, (plain_text(str(tag)) for tag in tags)))),
        old_path=normalised(canonical) if canonical else "",
        lead_image=PictureRef(url=image, alt=plain_text(meta.get("og:image:alt", ""))) if image else None,
    )


def _structured(document) -> dict:
    """The page's article as JSON-LD describes it (the first object of a news or article type)."""
    for script in document.xpath('//script[@type="application/ld+json"]'):
        try:
            value = json.loads(script.text_content())
        except json.JSONDecodeError:
            continue
        for candidate in _objects(value):
            kinds = candidate.get("@type")
            kinds = set(kinds) if isinstance(kinds, list) else {kinds}
            if kinds & ARTICLE_TYPES:
                return candidate
    return {}


def _objects(value):
    if isinstance(value, list):
        for entry in value:
            yield from _objects(entry)
    elif isinstance(value, dict):
        yield value
        yield from _objects(value.get("@graph", []))


def _meta(document) -> dict:
    found = {}
    for tag in document.xpath("//meta[@content]"):
        name = (tag.get("property") or tag.get("name") or "").strip().lower()
        if name == "article:tag":
            found.setdefault(name, []).append(tag.get("content"))
        elif name and name not in found:
            found[name] = tag.get("content").strip()
    return found


def _title(document):
    titles = document.xpath("//title")
    return titles[0].text_content() if titles else ""


def _canonical(document):
    links = document.xpath('//link[@rel="canonical"]/@href')
    return links[0].strip() if links else ""


def _body(text, headline):
    extracted = trafilatura.extract(
        text,
        output_format="html",
        include_comments=False,
        include_links=True,
        include_formatting=True,
        include_images=False,
        favor_precision=True,
    )
    if not extracted:
        return ""
    inner = re.search(r"<body>(.*)</body>", extracted, re.DOTALL)
    body = inner.group(1) if inner else extracted
    # The extractor keeps the page's own headline as a heading; ours is shown above the body.
    body = re.sub(
        r"^\s*<h1>(.*?)</h1>", lambda m: "" if plain_text(m.group(1)) == headline else m.group(), body
    )
    for pattern, replacement in RENAMED:
        body = pattern.sub(replacement, body)
    # On a page with no article the extractor falls back to whatever text there is (a menu, say):
    # an article has paragraphs and some words in them.
    paragraphs = " ".join(re.findall(r"<p>(.*?)</p>", body, re.DOTALL))
    return body.strip() if len(plain_text(paragraphs).split()) >= MIN_WORDS else ""


def _authors(value):
    if isinstance(value, str):
        return _names(value)
    if isinstance(value, dict):
        return _names(value.get("name", ""))
    if isinstance(value, list):
        return [name for entry in value for name in _authors(entry)]
    return []


def _names(value):
    if not isinstance(value, str) or value.startswith("http"):
        return []  # article:author is often a profile's address, not a name
    parts = re.split(r",\s*|\s+and\s+", re.sub(r"^by\s+", "", value.strip(), flags=re.IGNORECASE))
    return [plain_text(part) for part in parts if plain_text(part)]


def _image(value):
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return value.get("url") or value.get("contentUrl") or ""
    if isinstance(value, list) and value:
        return _image(value[0])
    return ""


def _date(value):
    return parse_date(value) if isinstance(value, str) and value.strip() else None
