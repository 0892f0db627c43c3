"""The desk's basics: an editor can find, read and fix articles; uploads are checked."""

import json
import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from accounts.roles import EDITOR, REPORTER
from articles.models import Article
from tests.conftest import SEED, SEED_SLUG
from tests.factories import make_article, make_author
from tests.staff import change_form_data, make_editor, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def test_the_groups_exist_with_their_permissions():
    reporter = set(Group.objects.get(name=REPORTER).permissions.values_list("codename", flat=True))
    editor = set(Group.objects.get(name=EDITOR).permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "view_article"} <= reporter
    assert "delete_article" not in reporter and "change_section" not in reporter
    assert {"add_article", "change_article", "delete_article", "change_section", "change_author"} <= editor


def test_article_list_shows_status_section_bylines_and_searches(editor_client):
    make_article("Budget passes", authors=[make_author("Dana Scully")], dek="Late-night vote")
    make_article("Storm warning", status="draft")

    page = editor_client.get("/admin/articles/article/").content.decode()
    assert "Budget passes" in page and "Storm warning" in page
    assert "Dana Scully" in page and "Published" in page and "Draft" in page

    found = editor_client.get("/admin/articles/article/?q=late-night").content.decode()
    assert "Budget passes" in found and "Storm warning" not in found

    drafts = editor_client.get("/admin/articles/article/?state=draft").content.decode()
    assert "Storm warning" in drafts and "Budget passes" not in drafts


def test_a_published_slug_is_not_rewritten_from_the_headline(editor_client):
    call_command("import_article", str(SEED), "--publish", stdout=None)
    article = Article.objects.get()
    page = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert f'name="slug" value="{SEED_SLUG}"' in page
    assert "#id_slug" not in prepopulated_fields(page), "no headline-to-slug script"


def test_a_draft_slug_is_still_written_from_the_headline(editor_client):
    article = make_article("Storm warning", status="draft")
    page = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert prepopulated_fields(page)["#id_slug"] == ["#id_headline"]


def prepopulated_fields(page):
    """What the admin's prepopulate script fills in: {field's id: ids of the fields it is built from}.

    The change form always carries the script's settings, as HTML-escaped JSON in one attribute.
    """
    [attribute] = re.findall(r'data-prepopulated-fields="([^"]*)"', page)
    return {field["id"]: field["dependency_ids"] for field in json.loads(unescape(attribute))}


def test_author_and_tag_autocomplete_answer_the_editor(editor_client):
    make_article(authors=[make_author("Fox Mulder")], tags=["Elections"])
    authors = editor_client.get(
        "/admin/autocomplete/",
        {"term": "mul", "app_label": "articles", "model_name": "byline", "field_name": "author"},
    ).json()
    assert [result["text"] for result in authors["results"]] == ["Fox Mulder"]
    tags = editor_client.get(
        "/admin/autocomplete/",
        {"term": "elec", "app_label": "articles", "model_name": "taggedarticle", "field_name": "tag"},
    ).json()
    assert [result["text"] for result in tags["results"]] == ["Elections"]


def test_editing_the_body_in_the_admin_is_sanitised(editor_client):
    article = make_article("Editable", status="draft")
    response = editor_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form_data(article, body="<p>Safe <em>text</em></p><script>alert(1)</script>"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.body == "<p>Safe <em>text</em></p>"


def test_the_desk_is_told_when_markup_would_hide_text_and_keeps_the_text(editor_client):
    article = make_article("Editable", status="draft", body="<p>Before.</p>")
    body = '<p>Before.</p><a href="https://example.org <p>Paragraphs the editor wrote.</p>'
    response = editor_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form_data(article, body=body, headline="Edited\x08 headline"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Part of the body would be lost" in page
    assert "Paragraphs the editor wrote." in page  # still in the form, to mend
    article.refresh_from_db()
    assert article.body == "<p>Before.</p>"

    editor_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form_data(article, body="<p>Mended.</p>", headline="Edited\x08 headline\u00a0"),
    )
    article.refresh_from_db()
    assert (article.headline, article.body) == ("Edited headline", "<p>Mended.</p>")


def test_an_uploaded_lead_image_is_shown_with_its_size(editor_client):
    article = make_article("Pictured")
    upload = SimpleUploadedFile("scene.png", png_bytes(), content_type="image/png")
    response = editor_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form_data(article, lead_image_upload=upload, lead_image_alt="A red square"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    article.refresh_from_db()
    assert (article.lead_image.width, article.lead_image.height) == (640, 360)
    assert article.lead_image.alt == "A red square", "the library keeps the words it came with"
    html = editor_client.get(article.get_absolute_url()).content.decode()
    assert 'alt="A red square" width="640" height="360"' in html
    assert '<source type="image/webp"' in html and "-480.webp 480w" in html


def test_a_file_that_is_not_an_image_is_refused_with_a_message(editor_client):
    article = make_article("Not pictured", status="draft")
    fake = SimpleUploadedFile("virus.png", b"MZ\x90\x00 definitely not a picture", content_type="image/png")
    response = editor_client.post(
        f"/admin/articles/article/{article.pk}/change/", change_form_data(article, lead_image_upload=fake)
    )
    assert response.status_code == 200
    assert "This file is not an image we can use (JPEG, PNG, WebP, GIF)." in response.content.decode()
    article.refresh_from_db()
    assert article.lead_image is None
