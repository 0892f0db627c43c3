"""Every save keeps a revision that can be compared and restored; a second editor never silently overwrites."""

import re

import pytest
from django.core.management import call_command

from articles.core.pictures import thumbnail_url
from articles.models import Article
from tests.conftest import SEED
from tests.factories import make_article, make_author, make_image
from tests.staff import change_form_data, make_editor

pytestmark = pytest.mark.django_db


def save(client, article, **changes):
    article.refresh_from_db()
    return client.post(f"/admin/articles/article/{article.pk}/change/", change_form_data(article, **changes))


def test_every_save_keeps_a_revision_with_who_and_what(client):
    editor = make_editor()
    client.force_login(editor)
    article = make_article("First headline", status="draft")

    assert save(client, article).status_code == 302
    assert save(client, article, headline="Second headline", body="<p>New body.</p>").status_code == 302

    second, first = article.revisions.all()
    assert (first.number, second.number) == (1, 2)
    assert second.created_by == editor and second.summary == "Changed headline, body"
    assert first.data["headline"] == "First headline" and second.data["headline"] == "Second headline"
    article.refresh_from_db()
    assert article.version == 2


def test_a_revision_shows_its_differences_and_can_be_restored(client):
    client.force_login(make_editor())
    article = make_article("Old headline", status="draft", body="<p>Shops <b>feared</b> the lanes.</p>")
    save(client, article)
    save(client, article, headline="New headline", body="<p>Shops welcomed the lanes.</p>")

    page = client.get(f"/admin/articles/article/{article.pk}/revisions/1/").content.decode()
    assert "<del>Old</del><ins>New</ins> headline" in page
    assert "<del>feared</del><ins>welcomed</ins>" in page

    response = client.post(f"/admin/articles/article/{article.pk}/revisions/1/")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Old headline" and "feared" in article.body
    latest = article.revisions.first()
    assert (latest.number, latest.summary) == (3, "Restored revision 1")


def test_any_two_revisions_compare_side_by_side_the_older_on_the_left(client):
    client.force_login(make_editor())
    article = make_article("First", status="draft", body="<p>One.</p>")
    save(client, article)  # revision 1
    save(client, article, headline="Second", body="<p>Two.</p>")
    save(client, article, headline="Third", body="<p>Three.</p>")

    # Asked from either end, revision 1 is on the left and revision 2 on the right.
    for url in (
        f"/admin/articles/article/{article.pk}/revisions/1/?against=2",
        f"/admin/articles/article/{article.pk}/revisions/2/?against=1",
    ):
        page = client.get(url).content.decode()
        start = page.index('<table class="desk-compare">')
        table = page[start : page.index("</table>", start)]
        headline_row = table[table.index(">Headline</th>") :].split("</tr>")[0]
        assert headline_row.index("<del>First</del>") < headline_row.index("<ins>Second</ins>")
        assert "Third" not in table
        header = table[: table.index("</thead>")]
        assert header.index("Revision 1") < header.index("Revision 2")
    assert (
        '<option value="2" selected>'
        in client.get(f"/admin/articles/article/{article.pk}/revisions/1/?against=2").content.decode()
    )
    # Against the current text by default; a revision against itself is the current comparison too.
    current = client.get(f"/admin/articles/article/{article.pk}/revisions/1/?against=1").content.decode()
    assert "Current text" in current and "<ins>Third</ins>" in current
    assert client.get(f"/admin/articles/article/{article.pk}/revisions/1/?against=99").status_code == 404
    assert client.get(f"/admin/articles/article/{article.pk}/revisions/1/?against=x").status_code == 200


def test_restoring_brings_back_bylines_and_tags(client):
    client.force_login(make_editor())
    article = make_article(status="draft", authors=[make_author("Ann Writer")], tags=["Budget"])
    save(client, article)
    article.bylines.all().delete()
    article.tags.clear()
    save(client, article)

    client.post(f"/admin/articles/article/{article.pk}/revisions/1/")
    assert [byline.author.name for byline in article.bylines.all()] == ["Ann Writer"]
    assert [tag.name for tag in article.tags.all()] == ["Budget"]


def test_a_revision_that_differs_in_nothing_offers_no_restore(client):
    client.force_login(make_editor())
    article = make_article(status="draft")
    save(client, article)
    page = client.get(f"/admin/articles/article/{article.pk}/revisions/1/").content.decode()
    assert "same as the current version" in page and "Restore revision" not in page


def test_imports_keep_revisions_too():
    call_command("import_article", str(SEED), stdout=None)
    article = Article.objects.get()
    revision = article.revisions.get()
    assert revision.created_by is None and revision.summary == f"Imported from {SEED.name}"
    call_command("import_article", str(SEED), stdout=None)  # unchanged: no new revision
    assert article.revisions.count() == 1


def test_the_second_of_two_concurrent_saves_is_refused_and_keeps_its_text(client):
    first, second = make_editor("first"), make_editor("second")
    article = make_article("Council votes", status="draft", body="<p>The vote was close.</p>")
    client.force_login(first)
    save(client, article)
    article.refresh_from_db()
    loaded_by_second = change_form_data(article)  # the second editor opens the form now...

    save(client, article, body="<p>The vote was 7-2.</p>")  # ...and the first saves a fix meanwhile

    client.force_login(second)
    mine = {**loaded_by_second, "headline": "Council votes for bus lanes"}
    response = client.post(f"/admin/articles/article/{article.pk}/change/", mine)

    assert response.status_code == 200
    page = response.content.decode()
    assert "first saved this article while you were editing it" in page
    assert "<del>close.</del><ins>7-2.</ins>" in page, "the other person's change is shown"
    assert 'value="Council votes for bus lanes"' in page, "the second editor's text stays in the form"
    article.refresh_from_db()
    assert article.headline == "Council votes" and "7-2" in article.body

    # Having seen the other change, saving again is a deliberate choice and goes through.
    resubmitted_version = re.search(r'name="loaded_version" value="(\d+)"', page).group(1)
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/", {**mine, "loaded_version": resubmitted_version}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Council votes for bus lanes"


def test_a_save_without_the_loaded_version_is_treated_as_a_conflict(client):
    client.force_login(make_editor())
    article = make_article("Untouched", status="draft")
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form_data(article, headline="Blind overwrite", loaded_version=""),
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.headline == "Untouched"


def test_the_compare_keeps_blocks_apart_and_names_pictures(client):
    client.force_login(make_editor())
    first, second = make_image(name="harbour.png", alt="Boats"), make_image(name="quay.png")
    body = (
        "<p>Trucks blocked the road<br>Police closed it</p><p>https://www.youtube.com/watch?v=abc123</p>"
        f'<figure><img src="/media/x/harbour.png" alt="Boats" data-file="{first.pk}">'
        "<figcaption>The harbour at dawn</figcaption></figure><ul><li>Item one</li><li>Item two</li></ul>"
    )
    article = make_article("Blocked", status="draft", body=body, lead_image=first)
    save(client, article)
    save(client, article, body=body.replace("Item two", "Item three"), lead_image=second.pk)

    page = client.get(f"/admin/articles/article/{article.pk}/revisions/1/").content.decode()
    for glued in ("roadPolice", "roadhttps", "itHttps", "dawnItem", "oneItem"):
        assert glued not in page.replace("<br>", "\n"), glued
    assert "Item <del>two</del>" in page and "<ins>three</ins>" in page
    assert "[Picture: harbour.png — Boats]" in page, "a body picture is named in the compare"
    # The lead picture changed: both are shown, old on the left.
    assert page.index(thumbnail_url(first)) < page.index(thumbnail_url(second))


def test_search_and_social_fields_are_kept_compared_and_restored(client):
    client.force_login(make_editor())
    card = make_image(name="card.png")
    article = make_article("Budget", status="draft", seo_title="Budget: what it means")
    save(client, article)
    save(client, article, seo_title="The budget, explained", social_image=card.pk, body="<p>New.</p>")
    latest = article.revisions.first()
    assert latest.summary == "Changed body, search title, social picture"
    save(client, article, social_headline="Your money and the budget")
    assert article.revisions.first().summary == "Changed social headline", "a social-only change is kept"

    client.post(f"/admin/articles/article/{article.pk}/revisions/1/")
    article.refresh_from_db()
    assert (article.seo_title, article.social_headline, article.social_image) == (
        "Budget: what it means",
        "",
        None,
    )


def test_restoring_a_revision_kept_before_the_search_fields_leaves_them_as_they_are(client):
    client.force_login(make_editor())
    article = make_article("Older", status="draft")
    save(client, article)
    first = article.revisions.get(number=1)
    for name in ("seo_title", "seo_description", "social_headline", "social_image", "social_image_id"):
        first.data.pop(name)
    first.save()
    save(client, article, headline="Newer", seo_title="Kept title")
    page = client.get(f"/admin/articles/article/{article.pk}/revisions/1/").content.decode()
    assert "Search title" not in page, "nothing is claimed of a field the old revision did not keep"
    client.post(f"/admin/articles/article/{article.pk}/revisions/1/")
    article.refresh_from_db()
    assert (article.headline, article.seo_title) == ("Older", "Kept title")
