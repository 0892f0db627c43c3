"""No copy lost: autosaves of the article form, offered back on reopening, pruned on save or discard."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from articles.models import Article, Autosave, Image, Status
from tests.factories import make_article, make_author, make_image, make_section, save
from tests.staff import change_form_data, make_editor, make_reporter, png_bytes

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


def posted_by(response):
    """What the change form rendered in `response` posts when saved untouched: every field and row."""
    data = {}
    form = response.context["adminform"].form
    formsets = [inline.formset for inline in response.context["inline_admin_formsets"]]
    for each in [form, *(row for formset in formsets for row in [formset.management_form, *formset.forms])]:
        for name, field in each.fields.items():
            value = each[name].value()
            if isinstance(field, forms.FileField) or value is None or value is False:
                continue
            data[each.add_prefix(name)] = value
    return data


def test_every_field_and_byline_comes_back_and_saves_as_typed(story):
    reporter, article = story
    colleague, former = make_author("Ana Colleague"), make_author("Bo Former")
    lead, card = make_image(name="harbour.png"), make_image(name="card.png")
    saved_row = article.bylines.get()
    typed = {
        "headline": "Dockers walk out",
        "slug": "dockers-walk-out",
        "dek": "A strike at dawn.",
        "dateline": "NORTHPORT —",
        "body": "<p>Pickets at gate four.</p><h2>Why</h2><blockquote><p>Pay.</p></blockquote>",
        "topics": "Labour unions, Ports,  Strikes",
        "lead_image": lead.pk,
        "lead_image_alt": "Pickets at the gate",
        "lead_image_caption": "Gate four at dawn",
        "lead_image_credit": "R. Photo",
        "seo_title": "Northport dockers strike",
        "seo_description": "Why the port stopped.",
        "social_headline": "The port is shut",
        "social_image": card.pk,
        # The reporter's saved row moved below a new colleague; a third row added, then removed.
        "bylines-TOTAL_FORMS": "3",
        "bylines-INITIAL_FORMS": "1",
        "bylines-0-id": saved_row.pk,
        "bylines-0-article": article.pk,
        "bylines-0-author": reporter.author.pk,
        "bylines-0-order": "2",
        "bylines-1-author": colleague.pk,
        "bylines-1-order": "1",
        "bylines-2-author": former.pk,
        "bylines-2-order": "0",
        "bylines-2-DELETE": "on",
    }
    client = logged_in(reporter)
    client.post(autosave_url(article), {**change_form_data(article), **typed}, **JSON)
    kept = Autosave.objects.get().data
    assert kept["bylines"] == [colleague.pk, reporter.author.pk]
    assert kept["topics"] == "Labour unions, Ports, Strikes" and kept["lead_image"] == str(lead.pk)
    assert "Unsaved text from" in client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()

    restored = client.get(f"/admin/articles/article/{article.pk}/change/?restore=autosave")
    page = restored.content.decode()
    assert "is back in the form" in page and "Gate four at dawn" in page
    assert f'value="{lead.pk}"' in page and f'value="{card.pk}"' in page
    assert (
        client.post(f"/admin/articles/article/{article.pk}/change/", posted_by(restored)).status_code == 302
    )

    article = Article.objects.get(pk=article.pk)
    for name in ("headline", "slug", "dek", "dateline", "body", "seo_title", "seo_description"):
        assert getattr(article, name) == typed[name], name
    assert (article.lead_image, article.social_image) == (lead, card)
    assert (article.lead_image_alt, article.lead_image_caption, article.lead_image_credit) == (
        "Pickets at the gate",
        "Gate four at dawn",
        "R. Photo",
    )
    assert article.social_headline == "The port is shut"
    assert [tag.name for tag in article.topics] == ["Labour unions", "Ports", "Strikes"]
    assert [byline.author for byline in article.bylines.order_by("order")] == [colleague, reporter.author]
    assert not Autosave.objects.exists()


def test_an_autosave_kept_before_every_field_was_kept_restores_only_what_it_holds(story):
    reporter, article = story
    picture = make_image()
    article.lead_image = picture
    save(article)
    Autosave.objects.create(
        user=reporter, article=article, data={"headline": "Older autosave", "section": ""}, loaded_version=1
    )
    restored = logged_in(reporter).get(f"/admin/articles/article/{article.pk}/change/?restore=autosave")
    assert restored.context["adminform"].form["headline"].value() == "Older autosave"
    assert restored.context["adminform"].form["lead_image"].value() == picture.pk, "not emptied"
    rows = restored.context["inline_admin_formsets"][0].formset.forms
    assert [row["author"].value() for row in rows] == [reporter.author.pk], "the saved bylines stay"


def test_a_picture_uploaded_but_not_saved_joins_the_library_and_stays_chosen(story):
    reporter, _ = story
    upload = SimpleUploadedFile("harbour.png", png_bytes(), content_type="image/png")
    client = logged_in(reporter)
    answer = client.post(
        autosave_url(),
        {"headline": "Harbour fire", "lead_image_upload": upload, "lead_image_alt": "Smoke over the quay"},
        **JSON,
    ).json()
    picture = Image.objects.get()
    assert answer["lead_image"]["id"] == picture.pk and picture.alt == "Smoke over the quay"
    assert picture.uploaded_by == reporter
    assert Autosave.objects.get().data["lead_image"] == str(picture.pk)
    restored = client.get(f"{ADD}?restore=autosave")
    assert str(restored.context["adminform"].form["lead_image"].value()) == str(picture.pk)
    bad = SimpleUploadedFile("notes.png", b"not a picture", content_type="image/png")
    refused = client.post(autosave_url(), {"headline": "x", "lead_image_upload": bad}, **JSON)
    assert refused.status_code == 400 and refused.json()["error"]
    assert Image.objects.count() == 1


def test_a_new_article_starts_with_its_writers_own_byline(story):
    reporter, _ = story
    rows = logged_in(reporter).get(ADD).context["inline_admin_formsets"][0].formset.forms
    assert [row["author"].value() for row in rows] == [reporter.author.pk]
    # Someone without a byline of their own starts with none.
    rows = logged_in(make_editor()).get(ADD).context["inline_admin_formsets"][0].formset.forms
    assert rows == []
