"""The scraped text format, parsed without a database."""

import codecs
from datetime import datetime

import pytest
from django.utils import timezone

from articles.importers import ImportFailed
from articles.importers.scraped_text import parse

SEED_PARAGRAPHS = 7


def article_text(*, date_line="", caption="Caption of the photo", body=None):
    parts = ["Connect with us", "World", "Talks end without a deal", "Published", "on"]
    if date_line:
        parts.append(date_line)
    if caption:
        parts.append(caption)
    parts += body or ["PARIS, France — Ministers met on Monday.", "They will meet again."]
    return "\n\n".join(parts) + "\n"


def test_seed_article_is_parsed_into_its_parts(seed_bytes):
    parsed = parse(seed_bytes)

    assert parsed.section_name == "News"
    assert parsed.headline == "No Compromise on Occupied Territories After Poutine-Witkoff Meeting"
    assert parsed.lead_image_caption == "Poutine Witkoff Meeting Kremlin"
    assert parsed.dateline == "MOSCOW, Russia"
    assert parsed.published_at is None
    assert len(parsed.paragraphs) == SEED_PARAGRAPHS
    assert parsed.paragraphs[0].startswith("A meeting between Russian President")
    assert parsed.paragraphs[-1].endswith("impacting its future.")
    assert parsed.body_html.count("<p>") == SEED_PARAGRAPHS


def test_site_chrome_never_reaches_the_body(seed_bytes):
    parsed = parse(seed_bytes)
    for chrome in ("Connect with us", "Published", ">on<", "News</p>"):
        assert chrome not in parsed.body_html


@pytest.mark.parametrize(
    "date_line",
    ["November 25, 2025", "25 November 2025", "2025-11-25", "Tuesday, November 25, 2025"],
)
def test_a_date_after_published_on_is_the_publication_date(date_line):
    parsed = parse(article_text(date_line=date_line).encode())

    assert timezone.localtime(parsed.published_at).date() == datetime(2025, 11, 25).date()
    assert parsed.lead_image_caption == "Caption of the photo"


def test_published_on_and_a_date_on_one_line():
    text = "Connect with us\n\nWorld\n\nTalks end\n\nPublished on November 25, 2025\n\nThe body.\n"
    parsed = parse(text.encode())
    assert timezone.localtime(parsed.published_at).day == 25
    assert parsed.paragraphs == ("The body.",)


def test_missing_caption_leaves_the_first_paragraph_in_the_body():
    parsed = parse(article_text(caption="").encode())
    assert parsed.lead_image_caption == ""
    assert parsed.dateline == "PARIS, France"
    assert parsed.paragraphs == ("Ministers met on Monday.", "They will meet again.")


def test_a_body_paragraph_that_opens_with_on_is_not_mistaken_for_the_marker():
    body = ["On Tuesday, the talks resumed.", "Nothing was agreed."]
    parsed = parse(article_text(caption="", body=body).encode())
    assert parsed.paragraphs == tuple(body)


def test_a_headline_that_starts_with_published_is_still_the_headline():
    text = "News\n\nPublished authors protest\n\nPublished\n\non\n\nThe body.\n"
    parsed = parse(text.encode())
    assert parsed.headline == "Published authors protest"
    assert parsed.section_name == "News"


def test_hard_wrapped_paragraphs_are_joined():
    body = ["The first line\nand its continuation.", "Second."]
    parsed = parse(article_text(caption="", body=body).encode())
    assert parsed.paragraphs[0] == "The first line and its continuation."


def test_wire_style_dateline_with_agency():
    parsed = parse(article_text(caption="", body=["WASHINGTON (AP) — Congress met.", "More."]).encode())
    assert parsed.dateline == "WASHINGTON (AP)"
    assert parsed.paragraphs[0] == "Congress met."


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda text: codecs.BOM_UTF8 + text.encode(), id="utf-8 with BOM"),
        pytest.param(lambda text: text.replace("\n", "\r\n").encode(), id="CRLF"),
        pytest.param(lambda text: text.replace("\n", "\r").encode(), id="old Mac CR"),
        pytest.param(lambda text: text.encode("utf-16"), id="utf-16 with BOM"),
        pytest.param(lambda text: text.encode("cp1252"), id="windows-1252"),
    ],
)
def test_real_world_encodings_and_line_endings(seed_bytes, encode):
    text = seed_bytes.decode()
    parsed = parse(encode(text))
    assert parsed.headline == "No Compromise on Occupied Territories After Poutine-Witkoff Meeting"
    assert "“other points drew criticism.”" in parsed.paragraphs[1]
    assert len(parsed.paragraphs) == SEED_PARAGRAPHS


def test_an_explicit_encoding_is_honoured():
    text = article_text(body=["Ça coûte cher à Zürich.", "Fin."])
    assert "Ça coûte" in parse(text.encode("latin-1"), encoding="latin-1").body_html


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n \r\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(1, 32)) * 40, "binary"),
        (b"News\n\nHeadline\n\nPublished\n\non\n\nCaf\x81 \x8d\x90\n\nBody.", "not text in a known encoding"),
        (b"Connect with us\n\nPublished\n\non\n\nBody only.", "no headline"),
        (b"Just a paragraph.\n\nAnd another.", "no 'Published on' line"),
    ],
)
def test_bad_input_is_refused_with_a_reason(data, reason):
    with pytest.raises(ImportFailed, match=reason):
        parse(data)


def test_an_unknown_encoding_name_is_refused():
    with pytest.raises(ImportFailed, match="unknown encoding"):
        parse(b"News\n\nHeadline\n\nPublished\n\non\n\nBody.", encoding="klingon")


def test_markup_in_the_file_is_kept_as_text_never_as_html():
    body = ['<script>alert("x")</script> Officials said <b>no</b>.', "More."]
    parsed = parse(article_text(caption="", body=body).encode())
    assert "<script>" not in parsed.body_html
    assert "&lt;script&gt;" in parsed.body_html
    assert "&lt;b&gt;no&lt;/b&gt;" in parsed.body_html


def test_a_header_without_a_body_parses_for_the_desk_to_hold():
    # Refused or not is the importer's rule for every format (fitting.py): held as a draft, flagged.
    parsed = parse(b"News\n\nHeadline\n\nPublished\n\non\n\nNovember 25, 2025\n")
    assert (parsed.headline, parsed.body_html, parsed.paragraphs) == ("Headline", "", ())
