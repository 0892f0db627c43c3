"""Text is made safe once, on the way in; feeds, sitemaps and JSON-LD never emit what XML forbids;
every section, tag and author has a slug its URL accepts; the sanitiser never silently drops text."""

import importlib
import json
import re

import feedparser
import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from lxml import etree
from taggit.models import Tag

from accounts.models import Author
from articles.core.sanitize import RAW_TEXT
from articles.models import Article, Section
from newsroom.text import FORBIDDEN, safe_text, xml_safe
from tests.factories import make_article, make_author, make_section, save

pytestmark = pytest.mark.django_db

BACKSPACE, NONCHARACTER, LONE_SURROGATE = "\x08", "\ufffe", "\ud800"
DECOMPOSED_E = "e\u0301"  # "é" as a plain e and a combining accent


def test_safe_text_normalises_removes_what_xml_forbids_and_trims():
    assert (
        safe_text(f"  Caf{DECOMPOSED_E}{BACKSPACE}\x00\x1f\x7f\x85{NONCHARACTER}\uffff{LONE_SURROGATE} ")
        == "Café"
    )
    assert safe_text("one\r\ntwo\rthree\tfour") == "one\ntwo\nthree\tfour"
    assert safe_text(" one\n two\t three ", multiline=False) == "one two three"
    assert xml_safe("tab\tline\nok\x0b") == "tab\tline\nok"
    # Right-to-left text, emoji and combining marks that compose to nothing precomposed survive.
    kept = "שלום 👩🏽‍💻 q\u0307"
    assert safe_text(kept) == kept


def test_every_field_a_writer_types_is_stored_safe():
    section = make_section(f"Wor{BACKSPACE}ld ")
    author = make_author(f"Ana {NONCHARACTER}Lopez")
    article = make_article(
        f"Cabinet{BACKSPACE} meets in Caf{DECOMPOSED_E}\n",
        dek=f"Two {LONE_SURROGATE}lines\r\nof standfirst",
        dateline=f"PARIS{BACKSPACE}",
        body=f"<p>Body{BACKSPACE} text{NONCHARACTER}.</p>",
        lead_image_caption=f"A\tcaption{BACKSPACE}",
        section=section,
        authors=[author],
        tags=[f"Polit{BACKSPACE}ics"],
    )
    article.refresh_from_db()
    assert article.headline == "Cabinet meets in Café"
    assert article.dek == "Two lines\nof standfirst"
    assert article.dateline == "PARIS"
    assert article.body == "<p>Body text.</p>"
    assert "Body text." in article.body_html
    assert article.lead_image_caption == "A caption"
    assert Section.objects.get(pk=section.pk).name == "World"
    assert Author.objects.get(pk=author.pk).name == "Ana Lopez"
    assert list(article.tags.names()) == ["Politics"]


def test_lengths_are_refused_with_a_message_not_a_database_error():
    with pytest.raises(ValidationError) as refused:
        make_article("x" * 300)
    assert "at most 255 characters" in str(refused.value)
    assert not Article.objects.exists()
    with pytest.raises(ValidationError) as refused:
        make_article(tags=["t" * 101])
    assert "the limit is 100" in str(refused.value)
    with pytest.raises(ValidationError):
        make_article(tags=[BACKSPACE])
    # A headline that is only control characters is no headline.
    with pytest.raises(ValidationError) as refused:
        make_article(BACKSPACE * 3)
    assert "headline" in refused.value.message_dict


def _old_row_with_forbidden_characters():
    """A row written before the rule (or by raw SQL): the way out must still be safe."""
    author = make_author("Old Author")
    article = make_article("Old row", authors=[author], tags=["Old"])
    bad = f"Bad{BACKSPACE}{NONCHARACTER}\x0b headline"
    Article.objects.filter(pk=article.pk).update(headline=bad, summary=f"Sum{BACKSPACE}mary")
    Author.objects.filter(pk=author.pk).update(name=f"Old{BACKSPACE} Author")
    Section.objects.filter(pk=article.section_id).update(name=f"News{BACKSPACE}")
    return Article.objects.get(pk=article.pk)


@pytest.mark.parametrize(
    "path",
    [
        "/feeds/rss/",
        "/feeds/atom/",
        "/sections/news/rss/",
        "/sections/news/atom/",
        "/tags/old/rss/",
        "/authors/old-author/atom/",
    ],
)
def test_feeds_never_carry_forbidden_characters_from_old_rows(client, path):
    _old_row_with_forbidden_characters()
    response = client.get(path)
    assert response.status_code == 200
    etree.fromstring(response.content)  # raises on a character XML forbids
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.entries[0].title == "Bad headline"


def test_the_news_sitemap_and_json_ld_never_carry_them_either(client):
    article = _old_row_with_forbidden_characters()
    response = client.get("/news-sitemap.xml")
    tree = etree.fromstring(response.content)
    titles = tree.findall(".//{http://www.google.com/schemas/sitemap-news/0.9}title")
    assert [title.text for title in titles] == ["Bad headline"]

    page = client.get(article.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    data = json.loads(blocks[0])
    assert data["headline"] == "Bad headline"
    assert not FORBIDDEN.search(json.dumps(data, ensure_ascii=False))


# Slugs


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Économie", "economie"),
        ("Москва", "moskva"),
        ("東京", "dongjing"),
        ("🔥", "fire"),
        ("--", "tag"),
        ("C++", "c"),
    ],
)
def test_a_tag_typed_in_any_script_gets_a_slug_its_url_accepts(client, name, slug):
    article = make_article("Tagged", tags=[name])
    tag = Tag.objects.get(name=name)
    assert tag.slug == slug
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get(reverse("articles:tag", args=[tag.slug])).status_code == 200
    assert client.get("/sitemap-tags.xml").status_code == 200


def test_slugs_stay_unique_when_names_spell_the_same():
    make_article(tags=["Économie", "Economie", "économie!"])
    assert set(Tag.objects.values_list("slug", flat=True)) == {"economie", "economie_1", "economie-2"}
    assert make_section("Café").slug == "cafe"
    assert make_section("Cafe!").slug == "cafe-2"
    assert make_author("José", slug="").slug == "jose"
    assert make_author("🔥🔥").slug == "fire-fire"
    assert make_author("!!!", slug="").slug == "author"


def test_the_desk_may_leave_slugs_for_names_in_any_script_to_give(admin_client):
    for url, name in (
        ("/admin/taggit/tag/add/", "東京"),
        ("/admin/articles/section/add/", "Économie"),
        ("/admin/accounts/author/add/", "Олена Петренко"),
    ):
        data = {"name": name, "slug": "", "order": 0}
        if "author" in url:
            data.update({"links-TOTAL_FORMS": 0, "links-INITIAL_FORMS": 0})
        response = admin_client.post(url, data)
        assert response.status_code == 302, response.content.decode()[-3000:]
    assert Tag.objects.get(name="東京").slug == "dongjing"
    assert Section.objects.get(name="Économie").slug == "economie"
    assert Author.objects.get(name="Олена Петренко").slug == "olena-petrenko"


def test_a_name_with_nothing_visible_is_refused():
    with pytest.raises(ValidationError):
        Section.objects.create(name=BACKSPACE)


def test_the_data_migration_fixes_every_stored_slug_and_name():
    section, author = make_section("Politique"), make_author("Zoë")
    make_article("Story", section=section, authors=[author], tags=["Économie", "Plain"])
    Tag.objects.filter(name="Économie").update(slug="économie")
    Tag.objects.filter(name="Plain").update(slug="")
    Section.objects.filter(pk=section.pk).update(slug="", name=f"Politique{BACKSPACE}")
    Author.objects.filter(pk=author.pk).update(slug="zoë")

    migration = importlib.import_module("articles.migrations.0009_usable_slugs")
    migration.make_usable(django_apps, None)

    assert dict(Tag.objects.values_list("name", "slug")) == {"Économie": "economie", "Plain": "plain"}
    assert Section.objects.values_list("name", "slug").get(pk=section.pk) == ("Politique", "politique")
    assert Author.objects.get(pk=author.pk).slug == "zoe"


def test_every_url_the_templates_reverse_exists_for_every_stored_row():
    make_article(
        "One", tags=["Ünïcödé", "🙂", "a/b c"], authors=[make_author("Ἀθῆναι")], section=make_section("数学")
    )
    for section in Section.objects.all():
        reverse("articles:section", args=[section.slug])
        reverse("articles:section-feed-rss", args=[section.slug])
    for tag in Tag.objects.all():
        reverse("articles:tag", args=[tag.slug])
        reverse("articles:tag-feed-atom", args=[tag.slug])
    for author in Author.objects.all():
        reverse("accounts:author", args=[author.slug])
        reverse("accounts:author-feed-rss", args=[author.slug])


# The sanitiser


@pytest.mark.parametrize("opening", [f"<{name}>" for name in RAW_TEXT] + ["<!--", "<STYLE type='text/css'>"])
def test_an_unclosed_raw_text_element_or_comment_never_swallows_what_follows(opening):
    article = make_article(body=f"<p>First.</p>{opening}<p>Second paragraph.</p><p>Third one.</p>")
    assert "<p>Second paragraph.</p><p>Third one.</p>" in article.body_html
    assert opening.lower() not in article.body_html.lower()


def test_closed_scripts_styles_and_comments_still_go_whole():
    article = make_article(body="<p>A</p><script>alert(1)</script><style>p{}</style><!-- note --><p>B</p>")
    assert article.body == "<p>A</p><p>B</p>"


def test_markup_that_would_hide_text_is_refused_with_where_to_look():
    article = make_article(body="<p>Kept.</p>")
    article.body = '<p>Kept.</p><a href="https://example.org <p>The rest of the story.</p>'
    with pytest.raises(ValidationError) as refused:
        save(article)
    assert "would be lost" in refused.value.message_dict["body"][0]
    assert '<a href="https://example.org' in refused.value.message_dict["body"][0]
    article.refresh_from_db()
    assert article.body == "<p>Kept.</p>"
