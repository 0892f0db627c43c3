"""Markup an editor or an imported file brings along must never run in a reader's browser."""

import pytest

from articles.models import Article
from tests.factories import make_article, make_author, save

pytestmark = pytest.mark.django_db

ATTACK = '<script>alert("x")</script><img src=x onerror=alert(1)>"\'>'


def test_headline_dek_caption_dateline_and_byline_are_escaped(client):
    article = make_article(
        ATTACK,
        dek=ATTACK,
        dateline=ATTACK,
        lead_image_caption=ATTACK,
        authors=[make_author(ATTACK, slug="attacker")],
        tags=[ATTACK],
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    # In attributes too: the meta description cannot break out of its quotes.
    assert '<meta name="description" content="&lt;script&gt;' in html


def test_body_is_sanitised_on_save_keeping_editorial_markup():
    article = make_article(
        body=(
            "<h2>Subhead</h2><p onclick='steal()'>Text with <em>emphasis</em>, <strong>weight</strong> and "
            '<a href="https://example.org/report" onmouseover="x()">a link</a>.</p>'
            "<script>alert(1)</script><style>p{}</style><iframe src='https://evil'></iframe>"
            '<ul><li>one</li></ul><blockquote>quoted</blockquote><a href="javascript:alert(1)">js</a>'
            '<img src="x" onerror="alert(1)">'
        )
    )
    body = Article.objects.get(pk=article.pk).body
    assert "<h2>Subhead</h2>" in body
    assert "<em>emphasis</em>" in body and "<strong>weight</strong>" in body
    assert '<a href="https://example.org/report" rel="noopener noreferrer">a link</a>' in body
    assert "<ul><li>one</li></ul>" in body and "<blockquote>quoted</blockquote>" in body
    for forbidden in (
        "onclick",
        "onmouseover",
        "<script",
        "alert(1)",
        "<style",
        "<iframe",
        "javascript:",
        "<img",
    ):
        assert forbidden not in body


def test_pages_show_the_body_cleaned_when_saved_never_a_body_written_around_the_write_path(client):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(body="<p>Fine</p><script>alert(1)</script>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "alert(1)" not in html and "Body of article" in html

    article.refresh_from_db()
    save(article)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<p>Fine</p>" in html and "alert(1)" not in html
