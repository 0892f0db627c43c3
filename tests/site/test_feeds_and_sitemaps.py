"""Feeds read by feedparser, sitemaps checked against the sitemaps.org schemas, robots.txt."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.test import override_settings
from django.utils import timezone
from lxml import etree

from articles.public import sitemaps
from tests.factories import make_article, make_author, make_section, save

pytestmark = pytest.mark.django_db

# sitemap.xsd and siteindex.xsd are the public sitemaps.org 0.9 schemas (comments trimmed), vendored so the
# sitemap tests run in any checkout; sitemap-news.xsd is ours, written from Google's documented format.
SCHEMAS = Path(__file__).resolve().parent / "schemas"
NEWS_SCHEMA = SCHEMAS / "sitemap-news.xsd"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


@pytest.fixture
def newsroom():
    world = make_section("World", description="News from everywhere.")
    ann, ben = make_author("Ann Writer", slug="ann"), make_author("Ben Writer", slug="ben")
    now = timezone.now()
    # Created first but published last: newest-first order cannot come from creation order by accident.
    pictured = make_article(
        "Storm hits coast",
        section=world,
        authors=[ann, ben],
        tags=["Weather", "Coast"],
        published_at=now - timedelta(hours=1),
    )
    plain = make_article(
        "Council votes",
        section=world,
        authors=[ann],
        tags=["Weather"],
        dek="A close vote.",
        published_at=now - timedelta(hours=3),
    )
    make_article("Secret draft", status="draft", section=world, authors=[ann], tags=["Weather"])
    make_article(
        "Tomorrow's story",
        section=world,
        authors=[ann],
        tags=["Weather"],
        published_at=now + timedelta(hours=3),
    )
    return {"section": world, "ann": ann, "pictured": pictured, "plain": plain}


def schema(name):
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def assert_valid(xml_schema, body):
    document = etree.fromstring(body)
    assert xml_schema.validate(document), xml_schema.error_log
    return document


FEEDS = [
    "/feeds/rss/",
    "/feeds/atom/",
    "/sections/world/rss/",
    "/sections/world/atom/",
    "/tags/weather/rss/",
    "/tags/weather/atom/",
    "/authors/ann/rss/",
    "/authors/ann/atom/",
]


@pytest.mark.parametrize("path", FEEDS)
def test_every_feed_parses_cleanly_with_full_metadata(client, newsroom, path):
    response = client.get(path)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)

    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == ("atom10" if path.endswith("atom/") else "rss20")
    assert parsed.feed.title and parsed.feed.link.startswith("http://testserver/")
    headlines = [entry.title for entry in parsed.entries]
    assert headlines == ["Storm hits coast", "Council votes"], "newest first; no draft, nothing scheduled"

    entry = next(entry for entry in parsed.entries if entry.title == "Storm hits coast")
    assert entry.link == f"http://testserver{newsroom['pictured'].get_absolute_url()}"
    assert entry.id.startswith("tag:testserver,") and entry.id.endswith(f":article-{newsroom['pictured'].pk}")
    assert entry.published_parsed
    if parsed.version == "atom10":
        assert entry.updated_parsed  # RSS 2.0 items have no "updated" element
    assert entry.author == "Ann Writer, Ben Writer"
    assert {tag.term for tag in entry.tags} == {"World", "Weather", "Coast"}
    assert entry.summary.startswith("Body of article")


def test_a_lead_image_travels_as_an_enclosure(client, newsroom, library_image):
    article = newsroom["plain"]
    article.lead_image = library_image
    article.lead_image_alt = "A red square"
    save(article)
    for path in ["/feeds/rss/", "/feeds/atom/"]:
        parsed = feedparser.parse(client.get(path).content)
        entry = next(entry for entry in parsed.entries if entry.title == "Council votes")
        [enclosure] = entry.enclosures
        assert enclosure.href.startswith("http://testserver/media/renditions/") and enclosure.href.endswith(
            ".jpg"
        )
        assert enclosure.type == "image/jpeg" and int(enclosure.length) > 0


def test_pages_advertise_their_feeds(client, newsroom):
    for page, own_feed in [
        ("/", None),
        ("/sections/world/", "/sections/world/rss/"),
        ("/tags/weather/", "/tags/weather/atom/"),
        ("/authors/ann/", "/authors/ann/rss/"),
    ]:
        html = client.get(page).content.decode()
        assert (
            '<link rel="alternate" type="application/rss+xml" title="Newsroom (RSS)" href="/feeds/rss/">'
            in html
        )
        assert '<link rel="alternate" type="application/atom+xml"' in html
        if own_feed:
            assert f'href="{own_feed}"' in html


def test_feeds_of_things_with_nothing_published_are_not_found(client, newsroom):
    make_article(
        "Only a draft", status="draft", tags=["Hidden"], authors=[make_author("Ghost", slug="ghost")]
    )
    for path in ["/tags/hidden/rss/", "/authors/ghost/atom/", "/sections/nowhere/rss/"]:
        assert client.get(path).status_code == 404, path


def test_the_sitemap_index_and_every_sitemap_validate(client, newsroom):
    # Two months before the newest, with nothing in the months between.
    newest = newsroom["pictured"].published_at
    old = make_article("Old story", section=newsroom["section"], published_at=newest - timedelta(days=62))
    index_schema, urlset_schema = schema("siteindex.xsd"), schema("sitemap.xsd")
    index = assert_valid(index_schema, client.get("/sitemap.xml").content)
    locations = [loc.text.removeprefix("http://testserver") for loc in index.iter(f"{{{SITEMAP_NS}}}loc")]
    months = locations[3:]
    assert locations[:3] == [f"/sitemap-{name}.xml" for name in ["sections", "tags", "authors"]]
    assert months[0] == sitemaps.month_sitemap_path(newest), "newest month first"
    assert months[-1] == sitemaps.month_sitemap_path(old.published_at)
    assert len(months) in (3, 4) and len(set(months)) == len(months), "every month between, once"

    found = {}
    for location in locations:
        content = client.get(location).content
        if b"<url>" not in content:
            assert location in months[1:-1], "only a month between may be empty"
            continue  # an empty urlset, which the schema refuses but crawlers take
        urlset = assert_valid(urlset_schema, content)
        for url in urlset.iter(f"{{{SITEMAP_NS}}}url"):
            lastmod = url.find(f"{{{SITEMAP_NS}}}lastmod")
            found[url.find(f"{{{SITEMAP_NS}}}loc").text.removeprefix("http://testserver")] = lastmod.text
    assert set(found) == {
        newsroom["pictured"].get_absolute_url(),
        newsroom["plain"].get_absolute_url(),
        old.get_absolute_url(),
        "/sections/world/",
        "/tags/weather/",
        "/tags/coast/",
        "/authors/ann/",
        "/authors/ben/",
    }, "drafts, scheduled articles and empty pages stay out"
    assert all(found.values()), "every entry has a lastmod"


def news_schema():
    """sitemap.xsd accepts other namespaces only when their schema is loaded too: load both."""
    sitemap = SCHEMAS / "sitemap.xsd"
    driver = f"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
      <xsd:import namespace="{SITEMAP_NS}" schemaLocation="{sitemap.as_uri()}"/>
      <xsd:import namespace="{NEWS_NS}" schemaLocation="{NEWS_SCHEMA.as_uri()}"/>
    </xsd:schema>"""
    return etree.XMLSchema(etree.fromstring(driver))


def test_the_news_sitemap_lists_the_last_two_days_and_validates(client, newsroom):
    make_article("Last week's story", published_at=timezone.now() - timedelta(days=3))
    document = assert_valid(news_schema(), client.get("/news-sitemap.xml").content)

    titles = [title.text for title in document.iter(f"{{{NEWS_NS}}}title")]
    assert sorted(titles) == ["Council votes", "Storm hits coast"]
    assert {name.text for name in document.iter(f"{{{NEWS_NS}}}name")} == {"Newsroom"}
    assert {language.text for language in document.iter(f"{{{NEWS_NS}}}language")} == {"en"}


def test_the_news_sitemap_never_lists_more_than_its_limit(client, newsroom, monkeypatch):
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 1)
    document = etree.fromstring(client.get("/news-sitemap.xml").content)
    assert len(list(document.iter(f"{{{SITEMAP_NS}}}url"))) == 1


def test_an_invalid_news_entry_would_fail_validation():
    # The check can fail: a news entry without its title is refused by the schema.
    broken = f"""<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}"><url><loc>http://x/a/</loc>
      <news:news><news:publication><news:name>N</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2026-11-24T10:00:00+00:00</news:publication_date></news:news></url></urlset>"""
    assert not news_schema().validate(etree.fromstring(broken))


def test_robots_txt_points_to_the_sitemaps_and_keeps_crawlers_out_of_the_desk(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines and "Disallow: /preview/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines


def test_language_codes_follow_google_news(settings):
    assert sitemaps.news_language("en-us") == "en"
    assert sitemaps.news_language("zh-TW") == "zh-tw"
    assert sitemaps.news_language("fr") == "fr"


@override_settings(TIME_ZONE="America/New_York")
def test_articles_sitemaps_are_months_of_the_sites_own_time_zone(client):
    zone = ZoneInfo("America/New_York")
    # 23:30 on 30 November in New York is already December in UTC.
    late = make_article("Late on the last night", published_at=datetime(2026, 11, 30, 23, 30, tzinfo=zone))
    early = make_article("Early on the first", published_at=datetime(2026, 12, 1, 0, 30, tzinfo=zone))
    scheduled = make_article("Not yet", published_at=timezone.now() + timedelta(days=400))

    assert sitemaps.month_sitemap_path(late.published_at) == "/sitemap-articles-2026-11.xml"
    november = client.get("/sitemap-articles-2026-11.xml").content.decode()
    december = client.get("/sitemap-articles-2026-12.xml").content.decode()
    assert late.get_absolute_url() in november and late.get_absolute_url() not in december
    assert early.get_absolute_url() in december and early.get_absolute_url() not in november
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-articles-2026-12.xml" in index and "/sitemap-articles-2026-11.xml" in index
    assert "/sitemap-articles-2026-10.xml" not in index, "nothing older"
    assert sitemaps.month_sitemap_path(scheduled.published_at) not in index, (
        "a scheduled article adds no month"
    )
    assert scheduled.get_absolute_url() not in november + december


def test_only_real_months_have_an_articles_sitemap(client):
    for path in ["/sitemap-articles-2026-13.xml", "/sitemap-articles-2026-1.xml", "/sitemap-articles.xml"]:
        assert client.get(path).status_code == 404, path


def test_tag_sitemap_pages_count_every_tag_and_list_only_public_ones(client, newsroom, monkeypatch):
    monkeypatch.setattr(sitemaps.TagSitemap, "limit", 1)
    make_article("Only a draft", status="draft", tags=["Hidden"])
    # Tags by name: Coast, Hidden, Weather; each page holds one of them, Hidden's page none.
    index = client.get("/sitemap.xml").content.decode()
    pages = ["/sitemap-tags.xml", "/sitemap-tags.xml?p=2", "/sitemap-tags.xml?p=3"]
    assert all(f"http://testserver{page}".replace("&", "&amp;") in index for page in pages)
    shown = [client.get(page).content.decode() for page in pages]
    assert "/tags/coast/" in shown[0] and "/tags/weather/" in shown[2]
    assert "/tags/hidden/" not in "".join(shown) and "<url>" not in shown[1]
    assert client.get("/sitemap-tags.xml?p=4").status_code == 404
