"""The desk as it stands before the full workflow: an editor can find, read and fix articles."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.models import User
from accounts.roles import EDITOR, REPORTER
from articles.models import Article
from tests.conftest import SEED, SEED_SLUG
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    editor = User.objects.create_user("eddie", password="unused-in-tests-1", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(editor)
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

    drafts = editor_client.get("/admin/articles/article/?status__exact=draft").content.decode()
    assert "Storm warning" in drafts and "Budget passes" not in drafts


def test_published_article_keeps_its_slug_in_the_form(editor_client):
    call_command("import_article", str(SEED), "--publish", stdout=None)
    article = Article.objects.get()
    page = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert SEED_SLUG in page
    assert 'name="slug"' not in page, "a published slug is shown, not editable"


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
        {
            "headline": "Editable",
            "slug": article.slug,
            "dek": "",
            "section": article.section_id,
            "dateline": "",
            "body": "<p>Safe <em>text</em></p><script>alert(1)</script>",
            "lead_image_alt": "",
            "lead_image_caption": "",
            "lead_image_credit": "",
            "status": "draft",
            "published_at_0": "",
            "published_at_1": "",
            "bylines-TOTAL_FORMS": "0",
            "bylines-INITIAL_FORMS": "0",
            "tagged_items-TOTAL_FORMS": "0",
            "tagged_items-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.body == "<p>Safe <em>text</em></p>"
