"""How right a saved page's import is, field by field, beside trafilatura alone on the same pages.

The pages are in tests/interchange/pages, each with its gold values beside it (NAME.json): written for
this, modelled on how news sites differ (see each gold file's "notes"). Both sides read the page's
bytes: ours through the importer (importers/web_page.py), the other through plain
`trafilatura.bare_extraction(data, with_metadata=True)`, its defaults otherwise. Scored per page:

- headline: exactly the gold after whitespace, quotes and dashes are normalised;
- date: the publication day (pages that state one);
- authors: every gold author and no one else (case and spacing aside); no author when the gold has none;
- passages: every key passage of the story is in the extracted text;
- boilerplate: none of the furniture's strings (cookie banners, sign-ups, rails, comments) is in it;
- and the body's shingle F1, as in ScrapingHub's article extraction benchmark: the multisets of
  4-word shingles of the extracted text and of the gold body (CJK characters count as words).

`python -m bench --parts extraction` prints the table; tests/interchange/test_extraction.py asserts
ours is at least trafilatura's on every field.
"""

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

PAGES = Path(__file__).resolve().parent.parent / "tests" / "interchange" / "pages"
FIELDS = ("headline", "date", "authors", "passages", "boilerplate")
SHINGLE = 4
QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "«": '"',
                        "»": '"', "–": "-", "—": "-", "\u00a0": " "})  # fmt: skip
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W\u3040-\u30ff\u3400-\u9fff]+")


@dataclass(frozen=True)
class Page:
    name: str
    data: bytes
    gold: dict


@dataclass(frozen=True)
class Extracted:
    headline: str = ""
    published: date | None = None
    authors: tuple[str, ...] = ()
    text: str = ""


@dataclass
class Score:
    right: Counter = field(default_factory=Counter)
    counted: Counter = field(default_factory=Counter)
    f1: list = field(default_factory=list)
    wrong: dict = field(default_factory=dict)  # field -> names of the pages it got wrong

    def add(self, page, extracted):
        gold = page.gold
        checks = {
            "headline": normal(extracted.headline) == normal(gold["headline"]),
            "authors": {normal(a).casefold() for a in extracted.authors}
            == {normal(a).casefold() for a in gold["authors"]},
            "passages": all(normal(p) in normal(extracted.text) for p in gold["passages"]),
            "boilerplate": not any(normal(b) in normal(extracted.text) for b in gold["boilerplate"]),
        }
        if gold["published"]:
            checks["date"] = extracted.published == date.fromisoformat(gold["published"])
        for name, right in checks.items():
            self.counted[name] += 1
            self.right[name] += right
            if not right:
                self.wrong.setdefault(name, []).append(page.name)
        self.f1.append(shingle_f1(extracted.text, " ".join(gold["body"])))

    def line(self, name):
        return f"{self.right[name]}/{self.counted[name]}"

    @property
    def mean_f1(self):
        return sum(self.f1) / len(self.f1) if self.f1 else 0.0


def pages(folder=PAGES) -> list[Page]:
    return [
        Page(path.stem, path.read_bytes(), json.loads(path.with_suffix(".json").read_text()))
        for path in sorted(folder.glob("*.html"))
    ]


def normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").translate(QUOTES).split())


def shingle_f1(extracted: str, gold: str) -> float:
    ours, theirs = _shingles(extracted), _shingles(gold)
    if not ours or not theirs:
        return float(ours == theirs)
    common = sum((ours & theirs).values())
    precision, recall = common / sum(ours.values()), common / sum(theirs.values())
    return 2 * precision * recall / (precision + recall) if common else 0.0


def _shingles(text):
    words = TOKEN.findall(normal(text).casefold())
    return Counter(tuple(words[at : at + SHINGLE]) for at in range(max(len(words) - SHINGLE + 1, 1)))


def ours(page: Page) -> Extracted:
    """What import_article would store of the page (needs Django set up)."""
    from articles.importers import web_page
    from articles.importers.base import ImportFailed
    from newsroom.text import plain_text

    try:
        parsed = web_page.parse(page.data)
    except ImportFailed:
        return Extracted()
    when = parsed.published_at
    return Extracted(
        parsed.headline, when.date() if when else None, parsed.bylines, plain_text(parsed.body_html)
    )


def trafilatura_alone(page: Page) -> Extracted:
    import trafilatura

    document = trafilatura.bare_extraction(page.data, with_metadata=True)
    if document is None:
        return Extracted()
    found = document.as_dict() if hasattr(document, "as_dict") else document
    authors = [name.strip() for name in (found.get("author") or "").split(";") if name.strip()]
    try:
        published = date.fromisoformat(found.get("date") or "")
    except ValueError:
        published = None
    return Extracted(found.get("title") or "", published, tuple(authors), found.get("text") or "")


def evaluate(folder=PAGES) -> dict[str, Score]:
    scores = {"ours": Score(), "trafilatura": Score()}
    for page in pages(folder):
        scores["ours"].add(page, ours(page))
        scores["trafilatura"].add(page, trafilatura_alone(page))
    return scores


def report(scores, *, verbose=False):
    names = list(scores)
    print(f"\nextraction: {len(scores[names[0]].f1)} saved pages (tests/interchange/pages), right per field")
    print(f"  {'field':<12}" + "".join(f"{name:>14}" for name in names))
    for name in FIELDS:
        print(f"  {name:<12}" + "".join(f"{scores[side].line(name):>14}" for side in names))
    print(f"  {'shingle F1':<12}" + "".join(f"{scores[side].mean_f1:>14.3f}" for side in names))
    if verbose:
        for side in names:
            for name, wrong in scores[side].wrong.items():
                print(f"  {side} wrong on {name}: {', '.join(wrong)}")


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    report(evaluate(), verbose=True)
