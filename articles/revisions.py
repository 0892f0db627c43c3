"""Every save of an article keeps a revision; any revision can be compared with another (and restored by
editing.restore_revision)."""

import difflib
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from .models import Article, Image, Revision

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
}
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
    return {
        **{name: str(getattr(article, name) or "") for name in TEXT_FIELDS if name != "lead_image"},
        # The picture by its file's name (what the comparison shows) and its library id (what a
        # restore puts back).
        "lead_image": article.lead_image.file.name if article.lead_image_id else "",
        "lead_image_id": article.lead_image_id,
        "section": [article.section_id, article.section.name] if article.section_id else None,
        "bylines": [[author.pk, author.name] for author in authors],
        "tags": list(tag_names),  # in the writer's order
    }


def lead_image_of(data):
    """The library picture a revision's article had, if it is still there: by id, or for revisions
    kept before the library, by its file's name."""
    if data.get("lead_image_id"):
        return Image.objects.filter(pk=data["lead_image_id"]).first()
    if data.get("lead_image"):
        return Image.objects.filter(file=data["lead_image"]).first()
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


def _summary(old, new):
    if old is None:
        return "Created"
    changed = [label.lower() for name, label in LABELS.items() if old.get(name) != new[name]]
    return "Changed " + ", ".join(changed) if changed else "Saved without changes"


@dataclass(frozen=True)
class Difference:
    label: str
    html: str  # one text, removals in <del> and additions in <ins>
    before: str  # side by side: the old text with its removals marked
    after: str  # and the new text with its additions marked


def differences(old, new):
    """Field by field, what changed from `old` to `new` (snapshots), as escaped HTML with <del>/<ins>."""
    result = []
    for name, label in LABELS.items():
        before, after = _as_text(name, old.get(name)), _as_text(name, new.get(name))
        if before != after:
            result.append(Difference(label, *_word_diff(before, after)))
    return result


def _as_text(name, value):
    if name == "section":
        return value[1] if value else ""
    if name == "bylines":
        return ", ".join(author_name for _, author_name in value or [])
    if name == "tags":
        return ", ".join(value or [])
    if name == "body":
        # Compare what a reader reads: one paragraph per line, markup aside.
        blocks = re.split(r"</(?:p|h\d|li|blockquote)>", value or "")
        return "\n".join(" ".join(strip_tags(block).split()) for block in blocks if strip_tags(block).strip())
    return value or ""


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
