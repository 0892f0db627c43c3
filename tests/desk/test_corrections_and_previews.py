"""Corrections on published articles, the desk's preview, and signed preview links for people without accounts."""

import json
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.desk.previews import path as preview_path
from articles.models import Article, Correction, PreviewLink
from tests.factories import make_article
from tests.staff import make_editor, make_reporter

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_an_editor_appends_a_correction_that_readers_see(client):
    article = make_article("Bus lanes approved", published_at=timezone.now() - timedelta(days=2))
    client.force_login(make_editor())

    response = client.post(
        f"/admin/articles/article/{article.pk}/corrections/",
        {"kind": "correction", "text": "An earlier version gave the vote as 6-3. It was 7-2."},
        follow=True,
    )

    assert "“Updated on” date moved" in messages_of(response)[0]
    article.refresh_from_db()
    assert article.shows_update and article.revised_at > article.published_at
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Corrections and updates" in page
    assert "<strong>Correction, <time" in page and "It was 7-2." in page
    assert "Updated on" in page

    # Search engines read the notes too: a CorrectionComment each, updates as well as corrections.
    client.post(
        f"/admin/articles/article/{article.pk}/corrections/",
        {"kind": "update", "text": "The mayor has since signed the order."},
    )
    cache.clear()
    page = client.get(article.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    first, second = Correction.objects.order_by("created_at", "id")
    assert data["correction"] == [
        {"@type": "CorrectionComment", "name": "Correction", "text": first.text,
         "datePublished": first.created_at.isoformat()},
        {"@type": "CorrectionComment", "name": "Update", "text": second.text,
         "datePublished": second.created_at.isoformat()},
    ]  # fmt: skip


def test_corrections_are_for_editors_and_live_articles(client):
    live, draft = make_article(), make_article(status="draft")
    client.force_login(make_reporter())
    response = client.post(
        f"/admin/articles/article/{live.pk}/corrections/", {"kind": "update", "text": "x"}, follow=True
    )
    assert messages_of(response) == ["Only an editor can add a correction or an update."]

    client.force_login(make_editor())
    response = client.post(
        f"/admin/articles/article/{draft.pk}/corrections/", {"kind": "update", "text": "x"}, follow=True
    )
    assert "articles readers can already see" in messages_of(response)[0]
    assert not Correction.objects.exists()


def test_the_desk_previews_a_draft_exactly_as_readers_will_see_it(client):
    draft = make_article("Embargoed story", status="draft", body="<p>Secret until noon.</p>")
    assert client.get(draft.get_absolute_url()).status_code == 404, "readers never see a draft"
    assert client.get(f"/admin/articles/article/{draft.pk}/preview/").status_code == 302, "login first"

    client.force_login(make_reporter())
    response = client.get(f"/admin/articles/article/{draft.pk}/preview/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="article__headline">Embargoed story</h1>' in page and "Secret until noon." in page
    assert "Desk preview" in page and "Not yet published" in page
    assert response["X-Robots-Tag"] == "noindex, nofollow" and "no-store" in response["Cache-Control"]
    assert 'rel="canonical"' not in page


def test_a_preview_link_works_for_anyone_until_revoked(client):
    draft = make_article("Embargoed story", status="draft")
    editor = make_editor()
    client.force_login(editor)
    response = client.post(f"/admin/articles/article/{draft.pk}/preview-links/", {"hours": "24"}, follow=True)
    link = PreviewLink.objects.get()
    assert messages_of(response)[0].endswith(preview_path(link))
    assert link.expires_at - timezone.now() > timedelta(hours=23)

    client.logout()
    shared = client.get(preview_path(link))
    assert shared.status_code == 200 and "Embargoed story" in shared.content.decode()
    assert shared["X-Robots-Tag"] == "noindex, nofollow"
    assert "This link works until" in shared.content.decode()

    client.force_login(editor)
    client.post(f"/admin/articles/article/{draft.pk}/preview-links/", {"revoke": str(link.pk)})
    client.logout()
    gone = client.get(preview_path(link))
    assert gone.status_code == 410 and "no longer works" in gone.content.decode()
    assert "Embargoed story" not in gone.content.decode()


def test_a_preview_link_stops_working_when_it_expires(client, monkeypatch):
    draft = make_article("Embargoed story", status="draft")
    link = PreviewLink.objects.create(article=draft, expires_at=timezone.now() + timedelta(hours=1))
    assert client.get(preview_path(link)).status_code == 200

    later = timezone.now() + timedelta(hours=1, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(preview_path(link)).status_code == 410


@pytest.mark.parametrize("token", ["1", "not-a-token", "eyJhIjoxfQ:forged:signature"])
def test_forged_preview_tokens_show_nothing(client, token):
    make_article("Embargoed story", status="draft")
    response = client.get(f"/preview/{token}/")
    assert response.status_code == 410 and "Embargoed story" not in response.content.decode()


def test_only_editors_share_preview_links(client):
    draft = make_article(status="draft")
    client.force_login(make_reporter())
    response = client.post(f"/admin/articles/article/{draft.pk}/preview-links/", {"hours": "24"}, follow=True)
    assert messages_of(response) == ["Only an editor can share a preview link."]
    assert not PreviewLink.objects.exists()
    response = client.post(f"/admin/articles/article/{draft.pk}/preview-links/", {"revoke": "abc"})
    assert response.status_code == 404
    assert Article.objects.get().status == "draft"
