"""What a reader sees: the seed article's layout, the listings, and never a draft."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Status
from tests.conftest import SEED, SEED_SLUG
from tests.factories import make_article, make_author, make_image, make_section, save

pytestmark = pytest.mark.django_db


def visible_text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def seed_article():
    call_command("import_article", str(SEED), "--publish", stdout=None)
    return Article.objects.get(slug=SEED_SLUG)


def test_seed_article_page_has_the_seed_layout(client, seed_article):
    response = client.get(f"/articles/{SEED_SLUG}/")
    html = response.content.decode()
    text = visible_text(html[html.index("<body") :])

    assert response.status_code == 200
    assert '<p class="kicker"><a href="/sections/news/">News</a></p>' in html
    order = [
        "Connect with us",
        "Newsroom",
        "No Compromise on Occupied Territories After Poutine-Witkoff Meeting",
        "Published on",
        "MOSCOW, Russia —",
        "A meeting between Russian President",
        "impacting its future.",
    ]
    positions = [text.index(fragment) for fragment in order]
    assert positions == sorted(positions), "the parts appear in the seed's order"
    published = timezone.localtime(seed_article.published_at)
    assert f"Published on {long_date(published)} at {published:%H:%M} UTC" in text
    # The seed's caption has no picture to describe: it is kept for when one is added, not shown alone.
    assert seed_article.lead_image_caption == "Poutine Witkoff Meeting Kremlin"
    assert "Poutine Witkoff Meeting Kremlin" not in text
    assert '<h1 class="article__headline">No Compromise' in html
    body = html[html.index('<div class="article__body">') :]
    body = body[: body.index("</div>")]
    assert body.count("<p>") == 7
    for chrome in ("Connect with us", "Published", "News"):
        assert chrome not in visible_text(body)
    # No image file: a caption, and no broken <img>.
    assert "<img" not in html


def test_article_page_head_has_title_description_and_canonical(client, seed_article):
    html = client.get(f"/articles/{SEED_SLUG}/").content.decode()
    assert (
        "<title>No Compromise on Occupied Territories After Poutine-Witkoff Meeting · Newsroom</title>"
        in html
    )
    assert '<meta name="description" content="A meeting between Russian President' in html
    assert f'<link rel="canonical" href="http://testserver/articles/{SEED_SLUG}/">' in html


def test_canonical_uses_site_url_when_configured(client, seed_article, settings):
    settings.SITE_URL = "https://news.example.org"
    html = client.get(f"/articles/{SEED_SLUG}/").content.decode()
    assert f'<link rel="canonical" href="https://news.example.org/articles/{SEED_SLUG}/">' in html


def test_bylines_tags_and_lead_image_are_shown(client):
    ada, bo = make_author("Ada Lovelace"), make_author("Bo Diddley")
    article = make_article(
        "With everything",
        authors=[bo, ada],
        tags=["Elections", "Europe"],
        lead_image=make_image(1200, 800, alt="A queue"),
        lead_image_alt="Voters queue outside a school",
        lead_image_caption="Voters in Lyon",
        lead_image_credit="Photo: Agency",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    text = visible_text(html)
    assert "By Bo Diddley and Ada Lovelace" in text
    assert '<a href="/authors/bo-diddley/">Bo Diddley</a>' in html
    assert '<a href="/tags/elections/">Elections</a>' in html
    assert 'alt="Voters queue outside a school" width="1200" height="800"' in html, "the story's own words"
    assert "Voters in Lyon" in text and "Photo: Agency" in text


def stop_the_clock(monkeypatch, now):
    """timezone.now() answers `now`, for every caller: the code reads it as django.utils.timezone.now."""
    monkeypatch.setattr(timezone, "now", lambda: now)


def local(*fields):
    return timezone.make_aware(datetime(*fields))


def long_date(moment):
    moment = timezone.localtime(moment)
    return f"{moment:%B} {moment.day}, {moment.year}"


@pytest.mark.parametrize(
    "edited_at",
    [local(2026, 3, 10, 12, 0), local(2026, 3, 10, 0, 30), datetime(2026, 3, 10, 0, 30, tzinfo=UTC)],
    ids=["midday", "half-past-midnight", "00:30-utc"],
)
def test_updated_on_appears_only_after_a_text_change(client, monkeypatch, edited_at):
    # Published at the start of the edit's day (in TIME_ZONE): a change the same day, whatever the hour.
    published_at = timezone.localtime(edited_at).replace(hour=0, minute=0, second=0, microsecond=0)
    stop_the_clock(monkeypatch, edited_at)
    article = make_article("Original", published_at=published_at)
    assert "Updated on" not in client.get(article.get_absolute_url()).content.decode()

    article.body = "<p>Corrected text.</p>"
    save(article)
    assert article.revised_at == edited_at
    text = visible_text(client.get(article.get_absolute_url()).content.decode())
    # Changed the same day it went out: the time tells readers which version they have.
    assert f"Updated on {long_date(edited_at)} at {timezone.localtime(edited_at):%H:%M}" in text
    assert "Corrected text." in text


def test_a_change_on_a_later_day_shows_the_date_without_the_time(client, monkeypatch):
    # Published late in the evening, corrected just after midnight (both in TIME_ZONE).
    published_at, edited_at = local(2026, 3, 9, 23, 30), local(2026, 3, 10, 0, 30)
    stop_the_clock(monkeypatch, published_at)
    article = make_article("Late story", published_at=published_at)
    stop_the_clock(monkeypatch, edited_at)
    article.body = "<p>Corrected after midnight.</p>"
    save(article)

    text = visible_text(client.get(article.get_absolute_url()).content.decode())
    assert f"Published on {long_date(published_at)}" in text
    assert f"Updated on {long_date(edited_at)}" in text
    assert f"Updated on {long_date(edited_at)} at" not in text


def test_home_shows_the_lead_story_and_the_latest(client):
    older = make_article("Older story", published_at=timezone.now() - timedelta(days=2))
    newest = make_article("Newest story", published_at=timezone.now() - timedelta(minutes=5))
    html = client.get("/").content.decode()
    lead = html[html.index('class="lead-story"') : html.index('id="top-heading"')]
    assert newest.headline in lead and older.headline not in lead
    assert older.headline in html[html.index('id="top-heading"') :]


def test_drafts_reviews_and_scheduled_articles_are_invisible(client):
    section = make_section("World")
    author = make_author("Hidden Hand")
    hidden = [
        make_article("Secret draft", status=Status.DRAFT, authors=[author], tags=["secret"]),
        make_article("Secret review", status=Status.REVIEW, authors=[author], tags=["secret"]),
        make_article(
            "Secret scheduled",
            published_at=timezone.now() + timedelta(hours=2),
            authors=[author],
            tags=["secret"],
        ),
    ]
    for page in ("/", f"/sections/{section.slug}/"):
        html = client.get(page).content.decode()
        assert "Secret" not in html
    for article in hidden:
        assert client.get(article.get_absolute_url()).status_code == 404
    # A tag or byline used only on unpublished work does not reveal that work exists.
    assert client.get("/tags/secret/").status_code == 404
    assert client.get("/authors/hidden-hand/").status_code == 404


def test_a_scheduled_article_appears_when_its_time_comes(client, monkeypatch):
    start = timezone.now()
    article = make_article("Embargoed", published_at=start + timedelta(hours=1))
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Embargoed" not in client.get("/").content.decode()
    # Nothing is written when the time comes: the clock alone makes it public (cached pages included).
    stop_the_clock(monkeypatch, start + timedelta(hours=1, seconds=1))
    assert client.get(article.get_absolute_url()).status_code == 200
    assert "Embargoed" in client.get("/").content.decode()


@pytest.mark.parametrize(
    "path", ["/articles/nope/", "/sections/nope/", "/tags/nope/", "/authors/nope/", "/nope/"]
)
def test_unknown_addresses_are_404_with_a_friendly_page(client, path, settings):
    settings.DEBUG = False
    response = client.get(path)
    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()


def test_the_404_page_offers_search_and_the_latest_headlines_never_a_draft(client, settings):
    settings.DEBUG = False
    make_article("Harbour reopens after the storm")
    make_article("Secret draft", status="draft")
    html = client.get("/articles/nope/").content.decode()
    assert 'action="/search/"' in html and 'id="missing-search"' in html
    assert "Latest news" in html and "Harbour reopens after the storm" in html
    assert "Secret draft" not in html


def test_a_search_with_no_matches_says_so(client):
    make_article("Harbour reopens")
    text = visible_text(client.get("/search/?q=zzzxq").content.decode())
    assert "No matches for “zzzxq”. Try fewer or different words." in text
    assert text.count("match") == 1, "said once"
    assert "Type a word or two" not in text
    assert "Type a word or two to search for." in visible_text(
        client.get("/search/?q=%20%20").content.decode()
    )


def test_a_shortened_summary_never_ends_in_a_full_stop_and_an_ellipsis(client):
    opening = " ".join(f"word{n}" for n in range(29)) + " harbour."  # the teaser's 30 words end a sentence
    make_article("Long one", body=f"<p>{opening} {'And the story goes on. ' * 20}</p>")
    html = client.get("/").content.decode()
    assert ".…" not in html and f"{opening[:-1]}…" in html
