"""One field's problem is a flag, not a refusal (importers/fitting.py), whatever the format."""

import json

import pytest

from articles.importers.base import ImportFailed, ParsedArticle
from articles.importers.fitting import fitted
from articles.models import Article, Status
from tests.commands import run_command

pytestmark = pytest.mark.django_db


def item(**fields):
    given = {"headline": "Headline", "body_html": "<p>Body.</p>", "checksum": "x", "section_name": "City"}
    return ParsedArticle(**{**given, **fields})


def test_a_keyword_list_is_split_on_commas_and_semicolons_and_tidied():
    parsed = fitted(item(tags=("Harbour, <b>Ferries</b>;  tides ,", "harbour", "  ")), default_section="News")
    assert parsed.tags == ("Harbour", "Ferries", "tides")
    assert parsed.notes == ()


def test_a_name_still_too_long_is_cut_at_a_word_and_flagged():
    long_tag = "the committee on the future of the harbour and its ferries " * 3
    parsed = fitted(item(tags=(long_tag,), bylines=("Ana " * 60,)), default_section="News")
    (tag,) = parsed.tags
    assert len(tag) <= 100 and tag.endswith("…") and long_tag.startswith(tag[:-1])
    assert not tag[:-1].endswith(" ")
    told = f"the tag was {len(long_tag.strip())} characters, over the limit of 100: cut after “…"
    assert any(note.startswith(told) for note in parsed.notes)
    assert any(note.startswith("the byline was") for note in parsed.notes)


def test_a_tag_without_letters_is_left_out_and_said():
    parsed = fitted(item(tags=("***", "Port")), default_section="News")
    assert parsed.tags == ("Port",)
    assert parsed.notes == ("the tag “***” has no letters or digits: left out",)


def test_a_long_headline_is_cut_and_flagged():
    parsed = fitted(item(headline=("word " * 80).strip()), default_section="News")
    assert len(parsed.headline) <= 255 and parsed.headline.endswith("word…")
    assert parsed.notes == (
        "the headline was 399 characters, over the limit of 255: cut after “…word word word word”; "
        "check it on the desk",
    )


@pytest.mark.parametrize(
    ("fields", "note", "headline"),
    [
        ({"headline": ""}, "no headline: imported as a draft titled “(untitled)”", "(untitled)"),
        ({"body_html": "<p> </p>"}, "no body: imported as a draft", "Headline"),
    ],
)
def test_half_an_article_is_held_as_a_draft(fields, note, headline):
    parsed = fitted(item(**fields), default_section="News")
    assert parsed.held and parsed.headline == headline
    assert parsed.notes[0].startswith(note)


def test_only_nothing_to_read_is_refused():
    with pytest.raises(ImportFailed, match="neither a headline nor a body"):
        fitted(item(headline="", body_html="<p><br></p>"), default_section="News")


def test_the_section_default_and_the_override():
    assert fitted(item(section_name=""), default_section="News").section_name == "News"
    assert fitted(item(section_name="Sport"), default_section="News").section_name == "Sport"
    overridden = fitted(item(section_name=""), section="Coast", default_section="News")
    assert overridden.section_name == "Coast" and overridden.notes == ()


# Every format, through the command: no section is the default one, flagged with the item's name.

PAGE = b"""<!DOCTYPE html><html><head><title>Harbour dredging begins</title></head><body><article>
<h1>Harbour dredging begins</h1><p>Dredgers arrived on Monday to deepen the channel for the larger ferries
that will call from next year, the port authority said in a statement to residents.</p></article></body></html>"""


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("story.md", b"---\ntitle: Harbour dredging begins\n---\nDredgers arrived on Monday.\n"),
        (
            "wire.json",
            json.dumps(
                {"uri": "urn:x:1", "headline": "Harbour dredging begins", "body_text": "Dredgers came."}
            ).encode(),
        ),
        ("page.html", PAGE),
        ("story.txt", b"Harbour dredging begins\n\nPublished\n\non\n\nDredgers arrived on Monday.\n"),
    ],
)
def test_an_item_of_any_format_naming_no_section_goes_to_the_default_one(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    out, err, error = run_command("import_article", str(path))
    assert error is None, err
    assert "1 created" in out and "1 flagged" in out
    assert Article.objects.get().section.name == "News"
    assert "it names no section: filed under “News”; move it on the desk if it belongs elsewhere" in err
    assert str(path) in err


def test_a_markdown_file_without_a_title_or_with_a_bad_date_still_imports_for_a_look(tmp_path):
    untitled = tmp_path / "untitled.md"
    untitled.write_text("---\ndate: 2025-01-01\nsection: City\n---\nBody.\n")
    dated = tmp_path / "dated.md"
    dated.write_text("---\ntitle: T\ndate: next week\nsection: City\n---\nBody.\n")
    _out, err, error = run_command("import_article", str(untitled), str(dated), "--publish")
    assert error is None, err
    held = Article.objects.get(headline="(untitled)")
    assert held.status == Status.DRAFT
    assert Article.objects.get(headline="T").published_at is not None  # published now, as asked
    assert f"flagged: {dated}: its date 'next week' is not a date" in err


def test_a_page_with_a_title_but_no_article_text_is_held_for_an_editor(tmp_path):
    menu = tmp_path / "menu.html"
    menu.write_bytes(
        b"<!DOCTYPE html><html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    )
    _out, err, error = run_command("import_article", str(menu), "--publish")
    assert error is None, err
    assert Article.objects.get().status == Status.DRAFT
    assert "no body: imported as a draft" in err
