"""Every save of an article keeps a revision; any revision can be compared with another (and restored by
editing.restore_revision)."""

import difflib
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils.html import escape
from django.utils.safestring import mark_safe
from lxml import html as lxml_html

from ..core.pictures import thumbnail_url
from ..models import Article, Image, Revision

# What a revision keeps, in the order the comparison shows it. State and dates belong to the workflow.
TEXT_FIELDS = {
    "headline": "Headline",
    "slug": "Slug",
    "dek": "Standfirst",
    "dateline": "Dateline",
    "body": "Body",
    "lead_image": "Lead image",
    "lead_image_alt": "Alt text",
    "lead_image_caption": "Caption",
    "lead_image_credit": "Credit",
    "seo_title": "Search title",
    "seo_description": "Search description",
    "social_headline": "Social headline",
    "social_image": "Social picture",
}
PICTURE_FIELDS = ("lead_image", "social_image")
LABELS = {**TEXT_FIELDS, "section": "Section", "bylines": "Bylines", "tags": "Tags"}


def snapshot(article, authors=None, tag_names=None):
    """The article as a revision keeps it; `authors` and `tag_names`, when the caller knows them, spare
    reading them back."""
    if authors is None:
        authors = [
            byline.author for byline in article.bylines.select_related("author").order_by("order", "id")
        ]
    if tag_names is None:
        tag_names = [item.tag.name for item in article.tagged_items.select_related("tag").order_by("id")]
    data = {name: str(getattr(article, name) or "") for name in TEXT_FIELDS if name not in PICTURE_FIELDS}
    for name in PICTURE_FIELDS:
        # A picture by its file's name (what the comparison shows) and its library id (what a restore
        # puts back).
        picture_id = getattr(article, f"{name}_id")
        data[name] = getattr(article, name).file.name if picture_id else ""
        data[f"{name}_id"] = picture_id
    return {
        **data,
        "section": [article.section_id, article.section.name] if article.section_id else None,
        "bylines": [[author.pk, author.name] for author in authors],
        "tags": list(tag_names),  # in the writer's order
    }


def picture_of(data, name="lead_image"):
    """The library picture a revision's article had in `name`, if it is still there: by id, or for
    revisions kept before the library, by its file's name."""
    if data.get(f"{name}_id"):
        return Image.objects.filter(pk=data[f"{name}_id"]).first()
    if data.get(name):
        return Image.objects.filter(file=data[name]).first()
    return None


def record(article, user, summary=""):
    """Keep the article as it now stands as its next revision, and make that its version."""
    data = snapshot(article)
    with transaction.atomic():
        # Counting under the row lock keeps numbers unique when two saves race.
        number = Article.objects.select_for_update().values_list("version", flat=True).get(pk=article.pk) + 1
        previous = article.revisions.filter(number=number - 1).first()
        summary = summary or _summary(previous.data if previous else None, data)
        revision = Revision.objects.create(
            article=article, number=number, created_by=user, summary=summary[:255], data=data
        )
        Article.objects.filter(pk=article.pk).update(version=F("version") + 1)
    article.version = number
    return revision


def first(article, user, summary, authors, tag_names):
    """A new article's first revision, unsaved, for a batch of new articles (save_article's record()
    counts under a row lock instead)."""
    return Revision(
        article=article,
        number=1,
        created_by=user,
        summary=summary[:255],
        data=snapshot(article, authors, tag_names),
    )


def _summary(old, new):
    if old is None:
        return "Created"
    changed = [label.lower() for name, label in _compared(old, new) if old[name] != new[name]]
    return "Changed " + ", ".join(changed) if changed else "Saved without changes"


@dataclass(frozen=True)
class Difference:
    label: str
    html: str  # one text, removals in <del> and additions in <ins>
    before: str  # side by side: the old text with its removals marked
    after: str  # and the new text with its additions marked
    before_picture: str = ""  # a picture field's thumbnails, old and new, when the library has them
    after_picture: str = ""


def differences(old, new):
    """Field by field, what changed from `old` to `new` (snapshots), as escaped HTML with <del>/<ins>."""
    result = []
    for name, label in _compared(old, new):
        before, after = _as_text(name, old[name]), _as_text(name, new[name])
        if before != after:
            pictures = (
                [_thumbnail(picture_of(side, name)) for side in (old, new)] if name in PICTURE_FIELDS else []
            )
            result.append(Difference(label, *_word_diff(before, after), *pictures))
    return result


def _compared(old, new):
    """The fields both snapshots hold: one kept before a field was kept tells nothing of it."""
    return [(name, label) for name, label in LABELS.items() if name in old and name in new]


def _thumbnail(picture):
    return thumbnail_url(picture) if picture else ""


def _as_text(name, value):
    if name == "section":
        return value[1] if value else ""
    if name == "bylines":
        return ", ".join(author_name for _, author_name in value or [])
    if name == "tags":
        return ", ".join(value or [])
    if name == "body":
        return _body_as_lines(value or "")
    return value or ""


# Elements that start a line of their own when a body is compared as text.
BLOCKS = {
    *("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figure", "figcaption"),
    *("div", "section", "ul", "ol", "dl", "dt", "dd", "table", "tr", "hr"),
}


def _body_as_lines(body):
    """What a reader reads, one block (paragraph, heading, item, caption, link alone) per line, and
    each picture or embedded frame as a line that names it: markup aside, nothing run together."""
    if not body.strip():
        return ""
    lines, words = [], []

    def end_line():
        line = " ".join("".join(words).split())
        if line:
            lines.append(line)
        words.clear()

    def walk(element):
        tag = element.tag if isinstance(element.tag, str) else ""  # comments have no tag name
        if tag in BLOCKS or tag in ("br", "img", "iframe"):
            end_line()
        if tag == "img":
            name = (element.get("src") or "").rsplit("/", 1)[-1]
            alt = element.get("alt") or ""
            lines.append(f"[Picture: {name}{f' — {alt}' if alt else ''}]")
        elif tag == "iframe":
            lines.append(f"[Embedded: {element.get('src') or ''}]")
        elif tag and element.text:
            words.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                words.append(child.tail)
        if tag in BLOCKS:
            end_line()

    walk(lxml_html.fragment_fromstring(body, create_parent="div"))
    end_line()
    return "\n".join(lines)


def _word_diff(before, after):
    """(both in one, the old side, the new side), word by word."""
    old, new = re.findall(r"\s+|[^\s]+", before), re.findall(r"\s+|[^\s]+", after)
    both, left, right = [], [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            removed = f"<del>{escape(''.join(old[i1:i2]))}</del>"
            both.append(removed)
            left.append(removed)
        if op in ("insert", "replace"):
            added = f"<ins>{escape(''.join(new[j1:j2]))}</ins>"
            both.append(added)
            right.append(added)
        if op == "equal":
            same = escape("".join(old[i1:i2]))
            both.append(same)
            left.append(same)
            right.append(same)
    # Every piece is escaped above.
    return tuple(mark_safe("".join(parts).replace("\n", "<br>")) for parts in (both, left, right))  # noqa: S308
