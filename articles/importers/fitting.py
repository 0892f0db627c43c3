"""An item made to fit the desk before it is stored: one field's problem is a flag, not a refusal.

Formats read what a file says; this decides what the desk keeps of it, the same for every format.
A missing section is the default section, a name too long is cut at a word, a keyword list arrives as
its keywords, an item with a headline but no body (or the reverse) is held as a draft for an editor.
Only an item with neither headline nor body, nothing a reader could read, is refused.
"""

import re
from dataclasses import replace

from taggit.models import Tag

from accounts.models import Author
from newsroom.text import plain_text

from ..models import Article, Section
from .base import ImportFailed, ParsedArticle

UNTITLED = "(untitled)"
# Keyword lists come joined ("a, b; c") from meta tags, front matter and old CMSs' tag fields.
LIST_SEPARATORS = re.compile(r"\s*[,;]\s*")


def fitted(parsed: ParsedArticle, *, section: str = "", default_section: str) -> ParsedArticle:
    """`parsed` with every field the desk would refuse put right, each change told in its notes.

    `section` is the run's --section (which replaces the item's), `default_section` where items that
    name none go.
    """
    notes = list(parsed.notes)
    headline, body, held = parsed.headline, parsed.body_html, parsed.held
    if not headline and not plain_text(body):
        raise ImportFailed("neither a headline nor a body: nothing a reader could read")
    if not headline:
        headline, held = UNTITLED, True
        notes.append(f"no headline: imported as a draft titled “{UNTITLED}”; write one on the desk")
    elif not plain_text(body):
        held = True
        notes.append("no body: imported as a draft; write or paste the story on the desk")
    headline = _cut(headline, _limit(Article, "headline"), "headline", notes)
    dateline = _cut(parsed.dateline, _limit(Article, "dateline"), "dateline", notes)
    caption = _cut(parsed.lead_image_caption, _limit(Article, "lead_image_caption"), "caption", notes)

    wanted = section or parsed.section_name
    if not section:
        wanted = _cut(wanted, _limit(Section, "name"), "section", notes)
        if not _readable(wanted):
            told = f"“{parsed.section_name}” has no letters or digits" if wanted else "it names no section"
            notes.append(
                f"{told}: filed under “{default_section}”; move it on the desk if it belongs elsewhere"
            )
            wanted = default_section

    bylines = _names(parsed.bylines, _limit(Author, "name"), "byline", notes, split=False)
    tags = _names(parsed.tags, _limit(Tag, "name"), "tag", notes, split=True)
    return replace(
        parsed,
        headline=headline,
        dateline=dateline,
        lead_image_caption=caption,
        held=held,
        section_name=wanted,
        bylines=bylines,
        tags=tags,
        notes=tuple(dict.fromkeys(notes)),
    )


def _names(values, limit, kind, notes, *, split):
    """Names tidied, split where they came as one list, cut to fit, the unreadable ones dropped;
    the first spelling of a name (whatever its case) kept once."""
    kept = {}
    for value in values:
        for name in LIST_SEPARATORS.split(plain_text(value)) if split else [plain_text(value)]:
            if not _readable(name):
                if name:
                    notes.append(f"the {kind} “{name}” has no letters or digits: left out")
                continue
            name = _cut(name, limit, kind, notes)
            kept.setdefault(name.casefold(), name)
    return tuple(kept.values())


def _cut(text, limit, kind, notes):
    """`text` cut at the last word boundary that fits `limit` (with an ellipsis), and a note saying so."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—") or text[: limit - 1]
    ending = " ".join(cut.split()[-4:])
    notes.append(
        f"the {kind} was {len(text)} characters, over the limit of {limit}: cut after “…{ending}”; "
        "check it on the desk"
    )
    return cut + "…"


def _readable(name):
    return any(character.isalnum() for character in name)


def _limit(model, field):
    return model._meta.get_field(field).max_length
