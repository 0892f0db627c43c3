"""A news article saved from a browser or a crawler (an HTML page) becomes an article.

What a reader sees comes before what the page claims about itself, because the two disagree on real
sites (an SEO headline in the JSON-LD, the publication's name as the meta author): the headline is the
story's visible <h1>, the authors are the visible byline's people (bylines.py), then the JSON-LD's
Person authors, then the meta tags. The date is the page's stated publication date (JSON-LD, meta,
a <time> that is not the update's), else what trafilatura's date finder reads off its text or its
address. The body is what trafilatura, the reference extractor in this field, finds to be the
article's text (links, emphasis, lists, quotes and subheads kept), never the site's navigation, ads
or comments. The page's canonical address is its source key and its old address.

bench/extraction.py scores this beside trafilatura alone on the pages of tests/interchange/pages.
"""

import codecs
import hashlib
import json
import re

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from newsroom.text import plain_text

from ..core.addresses import normalised
from . import bylines as byline_rules
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
WORDS = re.compile(r"[\u3400-\u9fff]|[^\W\u3400-\u9fff]+")
RENAMED = ((re.compile(r"<(/?)i>"), r"<\1em>"), (re.compile(r"<(/?)b>"), r"<\1strong>"))
STORY = re.compile(
    r"headline|entry-title|article-?title|post-?title|story-?title|title|heading", re.IGNORECASE
)
# Furniture that CMSs name in their classes and ids, in the languages of the newsrooms we serve, taken
# out of the page before the extractor reads it: sign-ups, comments, author boxes, promotions, rails.
PRUNED = (
    "newsletter", "signup", "sign-up", "subscribe", "subscription", "prenumerera", "abonnement", "tilaa",
    "uutiskirje", "nyhetsbrev", "boletin", "infolettre", "nl-box", "comments", "commentlist", "kommentar",
    "kommentti", "kommentit", "haveyoursay", "authorbox", "author-box", "author-bio", "bio-box", "epaper",
    "paywall", "promo", "related", "siblings", "read-more", "readmore", "lesen-sie-auch", "lire-aussi",
    "lee-tambien", "leia-tambem", "lue-myos", "las-ocksa", "statement", "copyright", "cookie", "consent",
    "most-read", "mostread", "share", "social",
)  # fmt: skip
# A token is a whole word of a class or an id, "-" and "_" parting words ("story__signup" has one,
# Drupal's "node--promoted" has no "promo").
_WORDS = "translate(concat(' ', @class, ' ', @id, ' '), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ_', 'abcdefghijklmnopqrstuvwxyz-')"
# Furniture is small: an <article>, a <main> or whatever holds the headline is the story, whatever
# its classes say (a newsletter platform's post is class "newsletter-post").
PRUNE_XPATH = (
    "//body//*[not(self::article or self::main or descendant::h1) and ("
    + " or ".join(f"contains({_WORDS}, '{a}{token}{b}')" for token in PRUNED for a in " -" for b in " -")
    + ")]"
)
# A <time> that dates the update, not the publication.
UPDATED = re.compile(r"updat|modif|aktualisiert|actualiz|mis à jour|mise à jour|atualiz|päivitetty|uppdaterad|"
                     r"更新|修改", re.IGNORECASE)  # fmt: skip
DATE_META = ("article:published_time", "og:article:published_time", "datepublished", "date", "pubdate",
             "publishdate", "dc.date", "dc.date.issued", "dcterms.created", "parsely-pub-date", "sailthru.date")  # fmt: skip
CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.-]+)", re.IGNORECASE)
HEAD_BYTES = 4096
TITLE_SEPARATORS = re.compile(r"\s+[|–—·-]\s+|\s*[|｜]\s*")


def looks_like(head: str) -> bool:
    start = head.lstrip()[:500].lower()
    return start.startswith(("<!doctype html", "<html")) or "<head" in start


def parse(data: bytes, *, encoding=None) -> ParsedArticle:
    decoded = decode_text(data, encoding or _declared_charset(data))
    try:
        document = lxml_html.document_fromstring(decoded.text)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        raise ImportFailed("not an HTML page that can be read; save the page again from a browser") from None
    facts = _structured(document)
    meta = _meta(document)
    site_names = _site_names(document, facts, meta)
    headline = _headline(document, facts, meta, site_names)
    body = _body(decoded.text, headline)
    published = _published(document, facts, meta)
    authors = byline_rules.in_page(document, site_names) or _authors(facts.get("author"), site_names)
    authors = authors or byline_rules.names(meta.get("author", ""), not_people=site_names)
    section = facts.get("articleSection") or meta.get("article:section", "")
    if not (published and authors):
        # What the page does not state outright, trafilatura infers from its markup and text
        # (a "By …" line, a date in the text or in the page's address).
        inferred = trafilatura.extract_metadata(decoded.text)
        if inferred is not None:
            published = published or _date(inferred.date)
            authors = authors or [
                name
                for found in (inferred.author or "").split(";")
                for name in byline_rules.names(found, not_people=site_names)
            ]
    canonical = facts.get("url") or meta.get("og:url") or _canonical(document)
    section = section[0] if isinstance(section, list) and section else section
    keywords = facts.get("keywords") or meta.get("keywords") or ""
    tags = keywords if isinstance(keywords, list) else [keywords]
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
        bylines=tuple(dict.fromkeys(authors)),
        tags=tuple(dict.fromkeys(filter(None, (plain_text(str(tag)) for tag in tags)))),
        old_path=normalised(canonical) if canonical else "",
        lead_image=PictureRef(url=image, alt=plain_text(meta.get("og:image:alt", ""))) if image else None,
    )


def _declared_charset(data):
    """The encoding a page without a byte-order mark declares in its first bytes (<meta charset>), as
    browsers read it: Latin-1 means Windows-1252, and a page that is valid UTF-8 is read as UTF-8
    whatever it says (a template's stale declaration is the commoner mistake)."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    found = CHARSET.search(data[:HEAD_BYTES])
    if not found:
        return None
    try:
        name = codecs.lookup(found.group(1).decode("ascii")).name
    except LookupError:
        return None
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    return {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252", "gb2312": "gbk"}.get(name, name)


def _headline(document, facts, meta, site_names):
    """The story's visible <h1>: inside the article, styled as its title, most like what the page
    claims its title is, never the site's logo; else the page's claims, the site's name cut off."""
    claimed = [plain_text(value) for value in (facts.get("headline"), meta.get("og:title"), _title(document))]
    best, best_score = "", None
    for heading in document.xpath("//body//h1 | //body//*[@itemprop='headline']"):
        text = plain_text(lxml_html.tostring(heading, encoding=str, with_tail=False))
        if len(text) < 3 or text.casefold() in site_names:
            continue
        places = " ".join(
            f"{element.tag} {element.get('class', '')} {element.get('id', '')}"
            for element in (heading, *heading.iterancestors())
            if isinstance(element.tag, str)
        )
        own = f"{heading.get('class', '')} {heading.get('id', '')} {heading.get('itemprop', '')}"
        score = 4 * max((_overlap(text, claim) for claim in claimed if claim), default=0)
        score += 3 * bool(re.search(r"\b(?:article|main)\b", places)) + 2 * bool(STORY.search(own))
        score -= 10 * bool(byline_rules.FURNITURE.search(places.replace("article-title", "")))
        if best_score is None or score > best_score:
            best, best_score = text, score
    if best:
        return best
    for claim in claimed:
        if claim:
            return _without_site_name(claim, site_names)
    return ""


def _overlap(one, other):
    """How alike two titles are, 0 to 1: the share of their words in common."""
    a, b = set(re.findall(r"\w+", one.casefold())), set(re.findall(r"\w+", other.casefold()))
    return len(a & b) / len(a | b) if a and b else 0


def _without_site_name(title, site_names):
    parts = TITLE_SEPARATORS.split(title)
    kept = [part for part in parts if part.casefold() not in site_names]
    return max(kept, key=len) if len(parts) > 1 and kept else title


def _site_names(document, facts, meta):
    """The publication's names, which are never an author's nor the headline: its own say, and the
    end of its <title> ("Story | The Courier")."""
    publisher = facts.get("publisher")
    names = {meta.get("og:site_name", ""), meta.get("application-name", "")}
    if isinstance(publisher, dict):
        names.add(str(publisher.get("name", "")))
    parts = TITLE_SEPARATORS.split(plain_text(_title(document)))
    if len(parts) > 1:
        names.add(parts[-1])
    return {plain_text(name).casefold() for name in names if name}


def _published(document, facts, meta):
    """The publication date the page states: its JSON-LD, its meta tags, a <time> that is not an update's."""
    for value in (facts.get("datePublished"), *(meta.get(name) for name in DATE_META)):
        if published := _date(value):
            return published
    for value in document.xpath(
        "//*[@itemprop='datePublished']/@content | //*[@itemprop='datePublished']/@datetime"
    ):
        if published := _date(value):
            return published
    for time in document.xpath("//time[@datetime]"):
        around = " ".join(
            f"{element.get('class', '')} {element.get('itemprop', '')} {(element.text or '')}"
            for element in (time, time.getparent())
            if element is not None
        )
        if not UPDATED.search(around) and (published := _date(time.get("datetime"))):
            return published
    return None


def _structured(document) -> dict:
    """The page's article as JSON-LD describes it (the first object of a news or article type)."""
    for script in document.xpath('//script[@type="application/ld+json"]'):
        try:
            value = json.loads(script.text_content())
        except json.JSONDecodeError:
            continue
        nodes = {node["@id"]: node for node in _objects(value) if isinstance(node.get("@id"), str)}
        for candidate in _objects(value):
            kinds = candidate.get("@type")
            kinds = set(kinds) if isinstance(kinds, list) else {kinds}
            if kinds & ARTICLE_TYPES:
                # Yoast and its kind name the author and the publisher by reference to a node of the graph.
                return {name: _resolved(item, nodes) for name, item in candidate.items()}
    return {}


def _resolved(value, nodes):
    if isinstance(value, list):
        return [_resolved(item, nodes) for item in value]
    if isinstance(value, dict) and set(value) == {"@id"}:
        return nodes.get(value["@id"], value)
    return value


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
    """The article's text as the extractor finds it, with its links and emphasis.

    Asking the extractor for links and emphasis changes what it takes to be the article (a link-rich
    subscription pitch gets in), so a plain extraction decides which blocks are the story, and the
    rich one gives them their markup.
    """
    options = {
        "output_format": "html",
        "include_comments": False,
        "include_images": False,
        "prune_xpath": PRUNE_XPATH,
    }
    decided = trafilatura.extract(text, **options)
    if not decided:
        return ""
    story = plain_text(decided)
    rich = trafilatura.extract(text, include_links=True, include_formatting=True, **options) or decided
    inner = re.search(r"<body>(.*)</body>", rich, re.DOTALL)
    blocks = lxml_html.fragment_fromstring(inner.group(1) if inner else rich, create_parent="div")
    kept = []
    for block in blocks:
        words = plain_text(lxml_html.tostring(block, encoding=str, with_tail=False))
        # The extractor keeps the page's own headline as a heading; ours is shown above the body.
        if words and words in story and not (block.tag == "h1" and words == headline):
            kept.append(lxml_html.tostring(block, encoding=str, with_tail=False))
    body = "\n".join(kept)
    for pattern, replacement in RENAMED:
        body = pattern.sub(replacement, body)
    # On a page with no article the extractor falls back to whatever text there is (a menu, say):
    # an article has paragraphs and some words in them (a Han character is a word).
    paragraphs = " ".join(re.findall(r"<p\b[^>]*>(.*?)</p>", body, re.DOTALL))
    return body.strip() if len(WORDS.findall(plain_text(paragraphs))) >= MIN_WORDS else ""


def _authors(value, site_names):
    """The Person authors of the JSON-LD (an Organization is the publication, not an author)."""
    if isinstance(value, str):
        return byline_rules.names(value, not_people=site_names) or (
            [value.strip()] if byline_rules.looks_like_a_name(value.strip()) else []
        )
    if isinstance(value, dict):
        if value.get("@type") in ("Organization", "NewsMediaOrganization"):
            return []
        name = plain_text(str(value.get("name", "")))
        return [name] if byline_rules.looks_like_a_name(name) and name.casefold() not in site_names else []
    if isinstance(value, list):
        return [name for entry in value for name in _authors(entry, site_names)]
    return []


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
