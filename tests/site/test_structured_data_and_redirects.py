"""Structured data, social cards and canonical links on every public page; moved articles redirect."""

import json
import re

import pytest
from django.test import Client

from articles.models import Article, SlugRedirect
from tests.factories import make_article, make_author, make_image, make_section, save
from tests.staff import change_form_data, make_editor

pytestmark = pytest.mark.django_db

HOSTILE = 'Vote </script><script>alert("x")</script> & “quotes” \\ \u2028 done'


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1, "one JSON-LD block per page"
    return json.loads(blocks[0])


def meta(html, attribute, key):
    return re.findall(rf'<meta {attribute}="{re.escape(key)}" content="([^"]*)">', html)


def test_an_article_carries_news_article_data_whatever_its_headline(client):
    ann = make_author("Ann Writer", slug="ann")
    article = make_article(
        HOSTILE, section=make_section("World"), authors=[ann, make_author("Ben Writer")], tags=["Vote", "Storm"],
        dateline="PARIS",
    )  # fmt: skip
    html = client.get(article.get_absolute_url()).content.decode()

    data = json_ld(html)
    # A line separator in a one-line headline is stored as a space; the rest arrives exactly.
    assert data["@type"] == "NewsArticle" and data["headline"] == " ".join(HOSTILE.split())
    assert data["url"] == data["mainEntityOfPage"]["@id"] == f"http://testserver{article.get_absolute_url()}"
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["dateModified"] == article.published_at.isoformat()
    assert [author["name"] for author in data["author"]] == ["Ann Writer", "Ben Writer"]
    assert data["author"][0]["url"] == "http://testserver/authors/ann/"
    assert data["publisher"]["name"] == "Newsroom"
    assert data["publisher"]["logo"]["url"].endswith("/static/img/publisher-logo.png")
    assert data["articleSection"] == "World" and sorted(data["keywords"]) == ["Storm", "Vote"]
    assert "</script><script>" not in html, "the headline cannot close the script element"

    assert meta(html, "property", "og:type") == ["article"]
    assert meta(html, "property", "og:locale") == ["en_US"]
    assert meta(html, "property", "og:title") == [
        "Vote &lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; “quotes” \\ done"
    ]
    assert sorted(meta(html, "property", "article:tag")) == ["Storm", "Vote"]
    assert meta(html, "name", "twitter:card") == ["summary"]
    assert f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">' in html


def test_an_article_with_a_picture_offers_it_to_cards_and_search_engines(client, library_image):
    article = make_article("Pictured", lead_image=library_image, lead_image_alt="A red square")
    html = client.get(article.get_absolute_url()).content.decode()
    card, square, landscape, whole = json_ld(html)["image"]
    assert all(url.startswith("http://testserver/media/renditions/images/") for url in (card, square, whole))
    assert card.endswith("-social-1200.jpg") and whole.endswith("-1600.jpg")
    assert square.endswith("-square-384.jpg") and landscape.endswith("-landscape-960.jpg")
    assert meta(html, "property", "og:image") == [card], "the card cut for social networks"
    assert meta(html, "property", "og:image:width") == ["1200"]
    assert meta(html, "property", "og:image:height") == ["630"]
    assert meta(html, "property", "og:image:alt") == ["A red square"]
    assert meta(html, "name", "twitter:card") == ["summary_large_image"]


def test_collection_pages_and_author_pages_carry_their_own_data(client):
    world = make_section("World", description="News from everywhere.")
    ann = make_author("Ann Writer", slug="ann", job_title="Reporter", bio="Covers the weather.")
    make_article(section=world, authors=[ann], tags=["Storm"])

    home = json_ld(client.get("/").content.decode())
    assert home["@type"] == "WebSite"
    assert home["potentialAction"]["target"]["urlTemplate"] == "http://testserver/search/?q={q}"

    section = client.get("/sections/world/").content.decode()
    assert json_ld(section)["@type"] == "CollectionPage" and json_ld(section)["name"] == "World"
    assert meta(section, "property", "og:description") == ["News from everywhere."]

    tag = json_ld(client.get("/tags/storm/").content.decode())
    assert (tag["@type"], tag["name"], tag["url"]) == (
        "CollectionPage",
        "Storm",
        "http://testserver/tags/storm/",
    )

    author = json_ld(client.get("/authors/ann/").content.decode())
    assert author["@type"] == "ProfilePage"
    assert author["mainEntity"] == {
        "@type": "Person",
        "name": "Ann Writer",
        "url": "http://testserver/authors/ann/",
        "jobTitle": "Reporter",
        "description": "Covers the weather.",
    }


def test_a_published_article_moved_by_an_editor_keeps_its_old_address(client):
    article = make_article("Bus lanes", slug="bus-lanes")
    editor = Client()
    editor.force_login(make_editor())
    response = editor.post(
        f"/admin/articles/article/{article.pk}/change/", change_form_data(article, slug="bus-lanes-approved")
    )
    assert response.status_code == 302

    moved = client.get("/articles/bus-lanes/")
    assert moved.status_code == 301 and moved["Location"] == "/articles/bus-lanes-approved/"
    assert client.get("/articles/bus-lanes-approved/").status_code == 200

    # Moving it back makes the first address its own again: no redirect loop.
    article.refresh_from_db()
    editor.post(f"/admin/articles/article/{article.pk}/change/", change_form_data(article, slug="bus-lanes"))
    assert client.get("/articles/bus-lanes/").status_code == 200
    assert client.get("/articles/bus-lanes-approved/")["Location"] == "/articles/bus-lanes/"
    assert list(SlugRedirect.objects.values_list("old_slug", flat=True)) == ["bus-lanes-approved"]


def test_renaming_a_draft_leaves_no_trace_and_a_redirect_never_reveals_a_draft(client):
    draft = make_article("Draft", slug="first-try", status="draft")
    draft.slug = "second-try"
    save(draft)
    assert not SlugRedirect.objects.exists()

    article = make_article("Pulled", slug="pulled")
    SlugRedirect.objects.create(old_slug="old-pulled", article=article)
    Article.objects.filter(pk=article.pk).update(status="draft")
    assert client.get("/articles/old-pulled/").status_code == 404


def test_search_and_social_words_and_picture_override_the_articles_own(client, library_image):
    card_picture = make_image(1200, 800, alt="The harbour from the air")
    article = make_article(
        "Council approves the harbour budget after a long night",
        lead_image=library_image,
        lead_image_alt="A red square",
        dek="The vote came at 3 a.m.",
        seo_title="Harbour budget approved",
        seo_description="What the new harbour budget pays for, line by line.",
        social_headline="The harbour gets its money",
        social_image=card_picture,
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<title>Harbour budget approved · Newsroom</title>" in html
    assert meta(html, "name", "description") == ["What the new harbour budget pays for, line by line."]
    assert meta(html, "property", "og:title") == ["The harbour gets its money"]
    assert meta(html, "name", "twitter:title") == ["The harbour gets its money"]
    assert meta(html, "property", "og:description") == ["What the new harbour budget pays for, line by line."]
    [card] = meta(html, "property", "og:image")
    assert f"/renditions/images/{card_picture.pk}/" in card and card.endswith("-social-1200.jpg")
    assert meta(html, "property", "og:image:alt") == ["The harbour from the air"]
    data = json_ld(html)
    assert data["headline"] == "Council approves the harbour budget after a long night", "the real headline"
    assert data["image"][0] == card and any(f"/images/{library_image.pk}/" in url for url in data["image"])


def test_the_desk_previews_the_search_result_and_the_social_card(client, library_image):
    article = make_article(
        "Budget passes", lead_image=library_image, dek="After a long night.", status="draft"
    )
    client.force_login(make_editor())
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    preview = html[html.index("data-previews") : html.index("</figure></div>")]
    assert 'data-preview="title">Budget passes<' in preview
    assert 'data-preview="description">After a long night.<' in preview
    assert "-social-1200.jpg" in preview, "the card as networks will cut it"
    for name in ("seo_title", "seo_description", "social_headline"):
        assert f'name="{name}"' in html
    assert 'data-chooser="id_social_image"' in html


def test_an_article_with_only_a_body_picture_offers_that_one_to_cards(client, library_image):
    body = (
        f'<p>Before.</p><figure><img src="/x.png" alt="Boats at dawn" data-file="{library_image.pk}">'
        "<figcaption>The harbour</figcaption></figure>"
    )
    article = make_article("Harbour reopens", body=body)
    html = client.get(article.get_absolute_url()).content.decode()
    [image] = meta(html, "property", "og:image")
    assert image.startswith("http://testserver/media/") and image in json_ld(html)["image"]
    assert meta(html, "property", "og:image:alt") == ["Boats at dawn"]
    assert meta(html, "name", "twitter:card") == ["summary_large_image"]

    client.force_login(make_editor())
    desk = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    card = re.search(r'<img class="desk-social__image"[^>]*>', desk).group()
    assert image.removeprefix("http://testserver") in card and " hidden" not in card


def test_an_article_with_no_picture_shows_a_card_of_words_alone(client):
    article = make_article("No pictures", body="<p>Words only.</p>", status="draft")
    client.force_login(make_editor())
    desk = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    card = re.search(r'<img class="desk-social__image"[^>]*>', desk).group()
    assert 'src=""' in card and card.endswith(" hidden>"), "no broken picture in the preview"
