"""No copy lost: autosaves of the article form, offered back on reopening, pruned on save or discard."""

import pytest
from django.test import Client

from articles.models import Article, Autosave, Status
from tests.desk import change_form_data, make_editor, make_reporter
from tests.factories import make_article, make_section, save

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
ADD = "/admin/articles/article/add/"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def autosave_url(article=None):
    return (
        f"/admin/articles/article/{article.pk}/autosave/" if article else "/admin/articles/article/autosave/"
    )


@pytest.fixture
def story():
    make_section("City")
    reporter = make_reporter(with_author=True)
    article = make_article("Bus lanes approved", status=Status.DRAFT, authors=[reporter.author])
    return reporter, article


def test_an_autosave_keeps_the_text_without_touching_the_article(story):
    reporter, article = story
    before = Article.objects.values().get(pk=article.pk)
    revisions = article.revisions.count()
    response = logged_in(reporter).post(
        autosave_url(article),
        {"headline": "Bus lanes approved 7-2", "body": "<p>New text</p>", "loaded_version": article.version},
        **JSON,
    )
    assert response.status_code == 200
    assert response.json()["label"].startswith("Autosaved at ")
    kept = Autosave.objects.get(user=reporter, article=article)
    assert kept.data["headline"] == "Bus lanes approved 7-2" and kept.loaded_version == article.version
    assert Article.objects.values().get(pk=article.pk) == before
    assert article.revisions.count() == revisions
    # One row per person and article: a later autosave replaces it.
    logged_in(reporter).post(autosave_url(article), {"headline": "Bus lanes approved 8-1"}, **JSON)
    assert Autosave.objects.get().data["headline"] == "Bus lanes approved 8-1"


def test_reopening_offers_the_text_back_and_restoring_fills_the_form(story):
    reporter, article = story
    client = logged_in(reporter)
    client.post(autosave_url(article), {**change_form_data(article), "headline": "A better headline"}, **JSON)
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "Unsaved text from" in page and "rita typed text in this article" in page
    assert 'value="Bus lanes approved"' in page, "the saved text until the reporter restores"
    restored = client.get(f"/admin/articles/article/{article.pk}/change/?restore=autosave").content.decode()
    assert 'value="A better headline"' in restored and "is back in the form" in restored
    # Saving it keeps it and prunes the autosave.
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form_data(article, headline="A better headline"),
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).headline == "A better headline"
    assert not Autosave.objects.exists()


def test_nothing_is_offered_when_the_autosave_matches_the_saved_text(story):
    reporter, article = story
    client = logged_in(reporter)
    client.post(autosave_url(article), change_form_data(article), **JSON)
    assert (
        "Unsaved text from"
        not in client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    )


def test_autosaves_are_per_user(story):
    reporter, article = story
    editor = make_editor()
    logged_in(reporter).post(autosave_url(article), {"headline": "Rita's version"}, **JSON)
    page = logged_in(editor).get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "Unsaved text from" not in page and "Rita's version" not in page
    logged_in(editor).post(autosave_url(article), {"headline": "Eddie's version"}, **JSON)
    assert Autosave.objects.count() == 2


def test_a_restored_autosave_typed_before_someone_elses_save_goes_through_the_conflict_check(story):
    reporter, article = story
    client = logged_in(reporter)
    client.post(autosave_url(article), change_form_data(article, headline="Rita's headline"), **JSON)
    typed_at = article.version
    # An editor saves meanwhile.
    article.dek = "Eddie's standfirst"
    save(article, by=make_editor())
    restored = client.get(f"/admin/articles/article/{article.pk}/change/?restore=autosave").content.decode()
    assert f'name="loaded_version" value="{typed_at}"' in restored, "loaded at the version typed against"
    refused = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form_data(article, headline="Rita's headline", loaded_version=typed_at),
    )
    assert "saved this article while you were editing" in refused.content.decode()
    assert Article.objects.get(pk=article.pk).dek == "Eddie's standfirst"


def test_a_refused_save_keeps_the_text_typed(story):
    reporter, article = story
    client = logged_in(reporter)
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form_data(article, headline="", body="<p>Three new paragraphs</p>"),
    )
    assert response.status_code == 200  # refused: the headline is required
    assert Autosave.objects.get(user=reporter, article=article).data["body"] == "<p>Three new paragraphs</p>"


def test_a_new_article_is_autosaved_offered_back_and_pruned_once_added(story):
    reporter, _ = story
    client = logged_in(reporter)
    client.post(autosave_url(), {"headline": "Fire at the docks", "body": "<p>Crews are there.</p>"}, **JSON)
    assert Autosave.objects.get(article=None).data["headline"] == "Fire at the docks"
    page = client.get(ADD).content.decode()
    assert "typed text for a new article" in page
    assert 'value="Fire at the docks"' in client.get(f"{ADD}?restore=autosave").content.decode()
    form = {
        **change_form_data(Article(), headline="Fire at the docks", slug="fire-at-the-docks"),
        "section": "",
    }
    assert client.post(ADD, form).status_code == 302
    assert not Autosave.objects.exists()


def test_discard_removes_it(story):
    reporter, article = story
    client = logged_in(reporter)
    client.post(autosave_url(article), {"headline": "Throwaway"}, **JSON)
    assert client.post(autosave_url(article), {"action": "discard"}, **JSON).json() == {"discarded": True}
    assert not Autosave.objects.exists()


def test_an_empty_new_article_keeps_nothing(story):
    reporter, _ = story
    response = logged_in(reporter).post(autosave_url(), {"headline": " ", "body": ""}, **JSON)
    assert response.json()["saved_at"] is None and not Autosave.objects.exists()


def test_only_those_who_may_edit_can_autosave(story):
    reporter, article = story
    other = make_reporter("olga")
    assert logged_in(other).post(autosave_url(article), {"headline": "x"}, **JSON).status_code == 403
    Article.objects.filter(pk=article.pk).update(status=Status.REVIEW)
    # Submitted: the reporter no longer edits it, so cannot autosave it either.
    assert logged_in(reporter).post(autosave_url(article), {"headline": "x"}, **JSON).status_code == 403
    assert logged_in(reporter).get(autosave_url(article)).status_code == 405
    anonymous = Client().post(autosave_url(article), {"headline": "x"})
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    assert not Autosave.objects.exists()


def test_text_past_any_real_article_is_refused_with_a_reason(story, settings):
    reporter, article = story
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000_000
    response = logged_in(reporter).post(autosave_url(article), {"body": "x" * 2_000_001}, **JSON)
    assert response.status_code == 400 and "too long to autosave" in response.json()["error"]
