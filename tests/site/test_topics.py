"""Tags as people type them: one "Topics" field, comma-separated, suggestions from existing topics,
new ones created on save, Unicode and order kept."""

import re

import pytest
from taggit.models import Tag

from tests.chromium import DESKTOP
from tests.factories import make_article
from tests.staff import PASSWORD, change_form_data, make_editor

pytestmark = pytest.mark.django_db


def names(article):
    article.refresh_from_db()
    return [tag.name for tag in article.topics]


def test_topics_are_one_field_in_the_writers_order_unicode_kept(client):
    Tag.objects.create(name="Elections")
    article = make_article("Tagged", status="draft")
    client.force_login(make_editor())
    url = f"/admin/articles/article/{article.pk}/change/"
    form = client.get(url).content.decode()
    assert '<label for="id_topics">Topics:</label>' in form and "tagged_items-" not in form

    typed = "  Zürich ,elections, Ελλάδα,, Straße & Co., ELECTIONS , 東京 "
    response = client.post(url, change_form_data(article, topics=typed))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert names(article) == ["Zürich", "Elections", "Ελλάδα", "Straße & Co.", "東京"]
    assert Tag.objects.filter(name__iexact="elections").count() == 1, "an existing topic, whatever its case"
    form = client.get(url).content.decode()
    assert 'value="Zürich, Elections, Ελλάδα, Straße &amp; Co., 東京"' in form

    client.post(url, change_form_data(article, loaded_version=article.version, topics="東京, Zürich"))
    assert names(article) == ["東京", "Zürich"], "reordered, and the others taken off"


def test_readers_see_topics_in_the_writers_order(client):
    article = make_article("Ordered", tags=["Zebra", "Apple", "Mango"])
    html = client.get(article.get_absolute_url()).content.decode()
    footer = html[html.index('class="article__tags"') :]
    assert re.findall(r'<a href="/tags/[^"]+/">([^<]+)</a>', footer)[:3] == ["Zebra", "Apple", "Mango"]


def test_a_topic_too_long_is_refused_beside_the_field(client):
    article = make_article("Tagged", status="draft")
    client.force_login(make_editor())
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form_data(article, topics="Fine, " + "x" * 120),
    )
    assert response.status_code == 200
    assert "is longer than 100 characters" in response.content.decode()
    assert names(article) == []


def test_the_newsroom_may_call_them_otherwise(client, settings):
    settings.TOPICS_LABEL = "Keywords"
    from articles.admin import article_form as admin_forms

    field = admin_forms.ArticleAdminForm.base_fields["topics"]
    field.label, old = "Keywords", field.label  # the label is read when the form class is made
    try:
        article = make_article("Tagged", tags=["Rain"])
        client.force_login(make_editor())
        assert "Keywords:" in client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
        html = client.get(article.get_absolute_url()).content.decode()
        assert '<h2 class="visually-hidden">Keywords</h2>' in html
    finally:
        field.label = old


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_typing_topics_with_suggestions_in_chromium(browser, live_server):
    Tag.objects.create(name="Elections")
    Tag.objects.create(name="Election law")
    make_editor("eddie")
    article = make_article("Vote counted", status="draft")
    page = browser.new_page(viewport=DESKTOP)
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "eddie")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
        field = page.locator("#id_topics")
        field.click()
        field.press_sequentially("elec")
        options = page.locator("#id_topics-suggestions [role=option]")
        options.first.wait_for()
        assert sorted(options.all_inner_texts()) == ["Election law", "Elections"]
        typed, shown = field.bounding_box(), page.locator("#id_topics-suggestions").bounding_box()
        assert shown["y"] >= typed["y"] + typed["height"] - 1, "the suggestions open below the typing"
        assert abs(shown["x"] - typed["x"]) <= 2, "lined up with the field"
        field.press("ArrowDown")
        chosen = options.nth(0).inner_text()
        field.press("Enter")
        assert field.input_value() == f"{chosen}, "
        field.press_sequentially("Café crème")
        page.wait_for_timeout(400)
        assert page.locator("#id_topics-suggestions").is_hidden(), "nothing matches a new topic"
        page.locator("input[name=_continue]").click()
        page.wait_for_load_state()
        assert names(article) == [chosen, "Café crème"]
    finally:
        page.close()
