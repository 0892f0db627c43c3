"""Importing IPTC ninjs, Markdown with front matter and saved web pages; formats told apart; bad input."""

import json
import threading
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image as Picture

from articles.importers.progress import Progress
from articles.models import Article, Image, OldAddress, Status
from tests.commands import run_command

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "imports"
NINJS_1 = {
    "uri": "urn:example:wire:1x:rates",
    "type": "text",
    "headline": "Central bank holds rates",
    "description_text": "A pause after four rises.",
    "body_html": "<p>The bank kept its rate at 4%.</p>",
    "byline": "By Ana Ruiz and Ben Ode",
    "subjects": [{"name": "Economy"}],
    "versioncreated": "2025-02-01T12:00:00+00:00",
    "associations": {
        "featureimage": {
            "type": "picture",
            "description_text": "The bank's front door",
            "renditions": {"original": {"href": "https://wire.example.com/rates.png", "width": 900}},
        }
    },
}


def run(*args, stdin=None):
    return run_command("import_article", *args, stdin=stdin)


def test_ninjs_2_with_headlines_bodies_people_subjects_and_the_lead_picture():
    _out, err, error = run(str(FILES / "wire-ninjs-2.0.json"), "--section", "News")
    assert error is None, err
    article = Article.objects.get()
    assert article.source == "urn:example:wire:2025:0611:flood-warning"
    assert article.headline == "Flood warning for the lower river"
    assert article.dek == "Residents told to move cars to higher ground"
    assert (
        article.body
        == "<p>The river is expected to peak on Thursday night.</p><p>Sandbags are available at the town hall.</p>"
    )
    assert [byline.author.name for byline in article.bylines.all()] == ["Sara Lind"]
    assert [tag.name for tag in article.topics] == ["Weather", "Floods", "Per Holm"]
    assert article.published_at == datetime(2025, 6, 11, 8, 50, tzinfo=UTC)  # firstcreated
    assert article.status == Status.DRAFT  # wire copy waits for the desk
    assert "missing picture: " in err and "https://wire.example.com/p/77.png (not looked for" in err


def test_ninjs_1_a_list_and_one_per_line(tmp_path):
    second = {**NINJS_1, "uri": "urn:example:wire:1x:jobs", "headline": "Jobless rate falls"}
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([NINJS_1, second]))
    out, err, error = run(str(listed), "--section", "Economy")
    assert error is None, err
    assert "2 created" in out
    rates = Article.objects.get(source="urn:example:wire:1x:rates")
    assert rates.dek == "A pause after four rises."
    assert [byline.author.name for byline in rates.bylines.order_by("order")] == ["Ana Ruiz", "Ben Ode"]

    lines = tmp_path / "wire.jsonl"
    lines.write_text(
        json.dumps({**NINJS_1, "headline": "Central bank holds rates again"})
        + "\n"
        + json.dumps(second)
        + "\n"
    )
    out, err, error = run(str(lines), "--section", "Economy")
    assert error is None, err
    assert "0 created, 1 updated, 1 unchanged" in out
    assert (
        Article.objects.get(source="urn:example:wire:1x:rates").headline == "Central bank holds rates again"
    )


def test_pictures_can_be_fetched_from_their_address(tmp_path):
    Picture.new("RGB", (900, 600), "teal").save(tmp_path / "rates.png")
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        item = {**NINJS_1}
        item["associations"]["featureimage"]["renditions"]["original"]["href"] = (
            f"http://127.0.0.1:{server.server_port}/rates.png"
        )
        wire = tmp_path / "wire.json"
        wire.write_text(json.dumps(item))
        _out, err, error = run(str(wire), "--section", "Economy", "--fetch-pictures")
    finally:
        server.shutdown()
        server.server_close()
    assert error is None, err
    image = Article.objects.get().lead_image
    assert (image.width, image.height) == (900, 600)
    assert image.caption == "The bank's front door"
    assert Image.objects.count() == 1


def test_markdown_with_front_matter():
    _out, err, error = run(str(FILES / "story-front-matter.md"))
    assert error is None, err
    article = Article.objects.get()
    assert article.headline == "Night trains return to the valley"
    assert article.slug == "night-trains-return"
    assert article.status == Status.PUBLISHED  # not a draft on its old site
    assert article.published_at == datetime(2025, 6, 2, 5, 45, tzinfo=UTC)
    assert article.section.name == "Regions"
    assert [byline.author.name for byline in article.bylines.order_by("order")] == [
        "Léa Martin",
        "Tom Okafor",
    ]
    assert [tag.name for tag in article.topics] == ["Rail", "Transport", "Énergie"]
    assert article.dek == "The sleeper service is back after twelve years."
    assert "<em>22:10</em>" in article.body and "<h2>Why now</h2>" in article.body
    assert '<a href="https://example.org/carriages"' in article.body and "<blockquote>" in article.body
    assert OldAddress.objects.get().path == "/2025/06/night-trains/"


def test_a_markdown_draft_stays_a_draft(tmp_path):
    story = tmp_path / "draft.md"
    story.write_text("---\ntitle: Not yet\ndraft: true\nsection: News\n---\nSoon.\n")
    _, err, error = run(str(story))
    assert error is None, err
    assert Article.objects.get().status == Status.DRAFT


def test_a_saved_web_page_from_its_structured_data_and_its_text_only(client):
    _out, err, error = run(str(FILES / "saved-news-page.html"), "--publish")
    assert error is None, err
    article = Article.objects.get()
    assert article.headline == "Port strike ends after nine days"
    assert article.source == "web:https://gazette.example.net/business/2025/03/14/port-strike-ends/"
    assert article.section.name == "Business"
    assert [byline.author.name for byline in article.bylines.order_by("order")] == [
        "Marta Kowalska",
        "Idris Bello",
    ]
    assert [tag.name for tag in article.topics] == ["Strikes", "Shipping", "Labour"]
    assert article.published_at == datetime(2025, 3, 14, 17, 30, tzinfo=UTC)
    assert article.dek == "Dockers accept a 6% raise; the first ships unload tonight."
    body = article.body
    assert "forty ships waiting" in body and "<h2>What happens next</h2>" in body
    assert "<strong>main demands</strong>" in body
    for chrome in ("Subscribe", "Cheap flights", "Reader42", "All rights reserved", "adSlots"):
        assert chrome not in body
    assert "Port strike ends after nine days" not in body  # the headline is shown once, above
    assert "missing picture: " in err and "uploads/2025/03/cranes.png" in err
    response = client.get("/business/2025/03/14/port-strike-ends/")
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


def test_a_page_without_structured_data_still_gives_its_date_and_bylines(tmp_path):
    page = tmp_path / "plain.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Ferry timetable changes</title></head><body>"
        "<nav><a href='/'>Home</a></nav><article><h1>Ferry timetable changes</h1>"
        "<p class='byline'>By Noor Haddad, <time datetime='2025-04-09'>9 April 2025</time></p>"
        "<p>The morning ferry will leave twenty minutes earlier from May, the operator said on Wednesday.</p>"
        "<p>Evening crossings are unchanged, and the night service returns for the summer season.</p>"
        "</article></body></html>"
    )
    _, err, error = run(str(page), "--section", "Regions")
    assert error is None, err
    article = Article.objects.get()
    assert article.headline == "Ferry timetable changes"
    assert timezone.localtime(article.published_at).date().isoformat() == "2025-04-09"
    assert [byline.author.name for byline in article.bylines.all()] == ["Noor Haddad"]
    assert "twenty minutes earlier" in article.body


def test_formats_are_told_from_the_content_whatever_the_names(tmp_path):
    for name, source in (
        ("a.txt", "wire-ninjs-2.0.json"),
        ("b.txt", "story-front-matter.md"),
        ("c.txt", "saved-news-page.html"),
    ):
        (tmp_path / name).write_bytes((FILES / source).read_bytes())
    out, err, error = run(str(tmp_path), "--section", "News")
    assert error is None, err
    assert "3 created" in out


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("truncated.json", b'{"uri": "urn:x", "headline": "Cut', "not valid JSON"),
        ("not-ninjs.json", b'{"title": "A JSON file", "items": []}', "no “uri”, so not a ninjs item"),
        (
            "picture.json",
            b'{"uri": "urn:x:1", "type": "picture", "headline": "A photo"}',
            "a ninjs picture item",
        ),
        ("empty-list.json", b"[]", "an empty JSON list"),
        ("bare.md", b"# Just a heading\n\nSome text.\n", "a Markdown file without front matter"),
        ("bad-yaml.md", b"---\ntitle: [unclosed\n---\nBody.\n", "its front matter is not valid YAML at line"),
        (
            "latin1.json",
            '{"uri": "urn:x", "headline": "Caf\u00e9", "body_html": "<p>x</p>"}'.encode("cp1252") + b"\x81",
            "not text in a known encoding",
        ),
    ],
)
def test_bad_input_gets_one_clear_line_and_changes_nothing(tmp_path, name, content, reason):
    bad = tmp_path / name
    bad.write_bytes(content)
    out, err, error = run(str(bad), "--section", "News")
    assert error is not None and "1 failed" in out
    lines = [line for line in err.splitlines() if line.startswith("failed: ")]
    assert len(lines) == 1 and reason in lines[0], err
    assert not Article.objects.exists()


def test_duplicate_items_in_one_file_fail_one_line_each(tmp_path):
    wire = tmp_path / "wire.jsonl"
    wire.write_text(
        "\n".join(json.dumps(item) for item in (NINJS_1, NINJS_1, {**NINJS_1, "uri": "urn:other"}))
    )
    out, err, error = run(str(wire), "--section", "News")
    assert error is not None
    assert "2 created" in out and "1 failed" in out
    assert "the same item as" in err and "(source key urn:example:wire:1x:rates)" in err


def test_a_broken_line_refuses_the_whole_file(tmp_path):
    wire = tmp_path / "wire.jsonl"
    wire.write_text(json.dumps(NINJS_1) + "\n" + json.dumps(NINJS_1)[:-5] + "\n")
    _out, err, error = run(str(wire), "--section", "News")
    assert error is not None and "line 2 is not valid JSON" in err
    assert not Article.objects.exists()


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_progress_on_a_terminal_is_a_bar_with_rate_and_time_left():
    written, clock = [], Clock()
    progress = Progress(written.append, terminal=True, total=1000, clock=clock)
    clock.now = 1.0
    progress.advance(100)
    assert written == []  # a short run shows nothing
    clock.now = 2.5
    progress.advance(400)
    assert written[-1].startswith("\r[" + "#" * 15 + " " * 15 + "] 500 of 1,000 items, 200/s, 2s left")
    clock.now = 5.0
    progress.advance(500)
    progress.finish()
    assert "1,000 of 1,000 items" in written[-2] and written[-1] == "\n"


def test_progress_in_a_log_is_a_line_now_and_then():
    written, clock = [], Clock()
    progress = Progress(written.append, terminal=False, clock=clock, log_every=10)
    for second in range(1, 31):
        clock.now = float(second)
        progress.advance(50)
    # Nothing for the first two seconds, then a line every ten.
    assert written == [
        "progress: 100 items, 50/s\n",
        "progress: 600 items, 50/s\n",
        "progress: 1,100 items, 50/s\n",
    ]
    progress.finish()
    assert len(written) == 3
