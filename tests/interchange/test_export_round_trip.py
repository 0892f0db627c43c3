"""`manage.py export_articles`, and importing our own export back: the same articles come out."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from lxml import etree
from taggit.models import Tag

from accounts.models import Author
from articles.models import Article, Image, Section, Status
from tests.commands import run_command
from tests.factories import make_article, make_author, make_image, make_section

pytestmark = pytest.mark.django_db

BODY = (
    '<p>Ministers met at <a href="https://example.org/a?b=1&amp;c=2">the palace</a> on <em>Tuesday</em>.</p>'
    "<h2>What was agreed</h2><ul><li>A ceasefire</li><li>Talks in “Geneva”</li></ul>"
    "<blockquote><p>We will meet again.</p></blockquote><p>Prices rose 5% &amp; more — a record.</p>"
)


@pytest.fixture
def newsroom():
    """Articles in every state, with several bylines, Unicode tags, a dateline, a standfirst and a picture."""
    world, economy = make_section("World"), make_section("Économie")
    ana, ben = make_author("Ana Ruiz"), make_author("Ben O’Neill")
    now = timezone.now().replace(microsecond=0)
    picture = make_image(800, 600, alt="The palace at dawn", caption="The palace", credit="Photo: A. Ruiz")
    make_article(
        "Talks end with a ceasefire",
        slug="talks-end",
        section=world,
        authors=[ben, ana],
        tags=["Diplomacy", "Genève", "R&D"],
        dateline="GENEVA, Switzerland",
        dek="Both sides agree to meet again.",
        body=BODY,
        lead_image=picture,
        published_at=now - timedelta(days=3, minutes=7),
    )
    make_article(
        "Markets rally",
        slug="markets-rally",
        section=economy,
        authors=[ana],
        tags=["Bourse"],
        body="<p>Up.</p>",
    )
    make_article(
        "Budget tomorrow", slug="budget-tomorrow", section=economy, published_at=now + timedelta(days=1)
    )
    make_article("A draft on trains", slug="draft-trains", section=world, status=Status.DRAFT, authors=[ben])
    make_article("Harbour plan", slug="harbour-plan", section=world, status=Status.REVIEW, tags=["Port"])
    return snapshot()


def snapshot():
    return {
        article.headline: {
            "slug": article.slug,
            "body": article.body,
            "dek": article.dek,
            "dateline": article.dateline,
            "section": article.section.name,
            "bylines": [byline.author.name for byline in article.bylines.order_by("order")],
            "tags": [tag.name for tag in article.topics],
            "status": article.status,
            # To the second: what a WordPress export holds (ninjs keeps the microseconds too).
            "published_at": article.published_at and article.published_at.replace(microsecond=0),
            "lead": (article.lead_alt, article.lead_caption) if article.lead_image else None,
        }
        for article in Article.objects.select_related("section", "lead_image")
    }


def export(*args):
    out, err, error = run_command("export_articles", *args)
    assert error is None, err
    return out


def start_afresh():
    """A newsroom with nothing in it, as the one an export moves to (the media files stay, as copied)."""
    Article.objects.all().delete()
    Image.objects.all().delete()
    Author.objects.all().delete()
    Tag.objects.all().delete()
    Section.objects.all().delete()


def import_back(path, *args):
    out, err, error = run_command("import_article", str(path), *args)
    assert error is None, err
    return out


def test_ninjs_round_trips(newsroom, tmp_path):
    exported = tmp_path / "articles.jsonl"
    exported.write_text(export())
    lines = exported.read_text().splitlines()
    assert len(lines) == 5
    first = json.loads(lines[-1])
    assert first["standard"]["version"] == "2.1" and first["type"] == "text"

    start_afresh()
    out = import_back(exported, "--media-root", str(settings.MEDIA_ROOT))
    assert "5 created" in out
    assert snapshot() == newsroom


def test_wordpress_round_trips_and_is_well_formed_wxr(newsroom, tmp_path):
    exported = tmp_path / "export.xml"
    export("--format", "wordpress", "--output", str(exported))
    document = etree.parse(str(exported))
    wp = {"wp": "http://wordpress.org/export/1.2/"}
    assert document.findtext("channel/wp:wxr_version", namespaces=wp) == "1.2"
    assert {element.text for element in document.iterfind("channel/item/wp:status", namespaces=wp)} == {
        "publish",
        "future",
        "draft",
        "pending",
        "inherit",
    }

    start_afresh()
    out = import_back(exported, "--media-root", str(settings.MEDIA_ROOT))
    assert "5 created" in out and "1 attachment" in out
    assert snapshot() == newsroom


def test_text_round_trips_what_the_format_holds(newsroom, tmp_path):
    folder = tmp_path / "text"
    export("--format", "text", "--output", str(folder))
    assert sorted(path.name for path in folder.iterdir())[:2] == ["budget-tomorrow.txt", "draft-trains.txt"]

    start_afresh()
    import_back(folder, "--publish")
    talks = Article.objects.get(headline="Talks end with a ceasefire")
    before = newsroom["Talks end with a ceasefire"]
    assert talks.section.name == before["section"] and talks.dateline == before["dateline"]
    assert talks.published_at == before["published_at"]
    assert talks.lead_image_caption == "The palace"
    assert "<p>We will meet again.</p>" in talks.body and "Talks in “Geneva”" in talks.body


def test_a_filter_chooses_what_is_exported(newsroom):
    lines = export(
        "--section", "Économie", "--section", "economie", "--status", "published", "--status", "scheduled"
    ).splitlines()
    assert sorted(json.loads(line)["headlines"][0]["value"] for line in lines) == [
        "Budget tomorrow",
        "Markets rally",
    ]
    since = (timezone.localdate() - timedelta(days=1)).isoformat()
    lines = export("--since", since, "--status", "published").splitlines()
    assert [json.loads(line)["headlines"][0]["value"] for line in lines] == ["Markets rally"]


def test_bad_filters_are_refused_clearly(newsroom):
    _, _, error = run_command("export_articles", "--section", "Sport")
    assert "no section has that name or slug" in str(error)
    _, _, error = run_command("export_articles", "--since", "last week")
    assert "not an ISO date" in str(error)
    _, _, error = run_command("export_articles", "--format", "text")
    assert "give --output FOLDER" in str(error)
