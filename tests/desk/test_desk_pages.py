"""The desk in the admin: the workflow panel, bulk actions, the overview, the list, and what reporters may touch."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Byline, Transition
from tests.factories import make_article, make_author, make_section, save
from tests.staff import change_form_data, make_editor, make_reporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def rita():
    return make_reporter("rita", with_author=True)


@pytest.fixture
def eddie():
    return make_editor("eddie")


def ready(owner, **fields):
    fields.setdefault("status", "review")
    fields.setdefault("dek", "A standfirst.")
    return make_article(authors=[owner.author], created_by=owner, **fields)


def buttons(html):
    return {
        move
        for move in ["submit", "withdraw", "return", "publish", "schedule", "unpublish"]
        if f'value="{move}"' in html
    }


def test_the_panel_offers_each_user_only_their_next_steps(client, rita, eddie):
    draft, in_review = ready(rita, status="draft"), ready(rita)
    scheduled = ready(rita, status="published", published_at=timezone.now() + timedelta(days=1))

    client.force_login(rita)
    assert buttons(client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()) == {"submit"}
    page = client.get(f"/admin/articles/article/{in_review.pk}/change/").content.decode()
    assert buttons(page) == {"withdraw"} and "Withdraw to draft" in page

    client.force_login(eddie)
    page = client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    assert buttons(page) == {"submit", "publish", "schedule"}, "an editor publishes a draft directly"
    page = client.get(f"/admin/articles/article/{in_review.pk}/change/").content.decode()
    assert buttons(page) == {"return", "publish", "schedule"}
    assert "✓" in page and "Before publishing" in page
    page = client.get(f"/admin/articles/article/{scheduled.pk}/change/").content.decode()
    assert buttons(page) == {"publish", "schedule", "unpublish"} and "Reschedule" in page


def test_a_reporter_writes_a_draft_that_carries_their_byline(client, rita):
    client.force_login(rita)
    data = change_form_data(Article(headline="Bus lanes", slug="bus-lanes"), section=make_section("City").pk)
    data.update(loaded_version="", status="published", published_at="2020-01-01 00:00")  # crafted extras

    response = client.post("/admin/articles/article/add/", data)

    assert response.status_code == 302, response.content.decode()[:1500]
    article = Article.objects.get(slug="bus-lanes")
    assert (article.status, article.published_at) == ("draft", None), "state only moves through the workflow"
    assert article.created_by == rita and article.last_edited_by == rita
    assert [byline.author for byline in article.bylines.all()] == [rita.author]
    assert article.revisions.get().summary == "Created" and article.version == 1


def test_a_reporter_cannot_change_what_is_not_their_draft(client, rita, eddie):
    someone_elses = make_article(status="draft", authors=[make_author("Other Writer")])
    own_in_review = ready(rita)
    client.force_login(rita)
    for article in [someone_elses, own_in_review]:
        url = f"/admin/articles/article/{article.pk}/change/"
        page = client.get(url).content.decode()
        assert 'name="headline"' not in page, "shown read-only"
        assert client.post(url, change_form_data(article, headline="Hijacked")).status_code == 403
        article.refresh_from_db()
        assert article.headline != "Hijacked"
        assert (
            client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}).status_code == 403
        )
    assert Article.objects.count() == 2


def test_published_articles_are_unpublished_not_deleted(client, eddie):
    article = make_article()
    client.force_login(eddie)
    assert client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}).status_code == 403
    page = client.get("/admin/articles/article/").content.decode()
    assert "delete_selected" not in page, "bulk deletion would skip the per-article rules"
    assert Article.objects.filter(pk=article.pk).exists()


def test_bulk_actions_move_what_may_move_and_name_what_was_refused(client, rita, eddie):
    in_review = ready(rita, headline="Ready one")
    draft = ready(rita, status="draft", headline="Straight from draft")
    no_dek = ready(rita, headline="No standfirst", dek="")
    live = ready(rita, status="published", published_at=timezone.now() - timedelta(hours=1), headline="Live")
    client.force_login(eddie)

    response = client.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [in_review.pk, draft.pk, no_dek.pk, live.pk]},
        follow=True,
    )

    messages = [str(message) for message in response.context["messages"]]
    assert "Publish now: done for 2 articles." in messages
    assert any("“No standfirst”" in line and "a standfirst" in line for line in messages)
    assert any("“Live”" in line and "published" in line for line in messages)
    assert {a.headline: a.status for a in Article.objects.all()} == {
        "Ready one": "published",
        "Straight from draft": "published",
        "No standfirst": "review",
        "Live": "published",
    }
    assert set(Transition.objects.values_list("article__headline", "from_status")) == {
        ("Ready one", "review"),
        ("Straight from draft", "draft"),
    }


def test_a_reporter_cannot_publish_in_bulk(client, rita):
    article = ready(rita)
    client.force_login(rita)
    response = client.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [article.pk]},
        follow=True,
    )
    assert any("Only an editor" in str(message) for message in response.context["messages"])
    article.refresh_from_db()
    assert article.status == "review"


def test_the_overview_shows_each_list_with_its_count(client, rita, eddie):
    ready(rita, status="draft", headline="Rita's draft")
    ready(rita, headline="Waiting one")
    ready(
        rita, headline="Tomorrow's story", status="published", published_at=timezone.now() + timedelta(days=1)
    )
    ready(
        rita,
        headline="Out this morning",
        status="published",
        published_at=timezone.now() - timedelta(hours=2),
    )

    client.force_login(rita)
    page = client.get("/admin/").content.decode()
    for kind, headline in [
        ("mine", "Rita&#x27;s draft"),
        ("review", "Waiting one"),
        ("scheduled", "Tomorrow&#x27;s story"),
        ("published", "Out this morning"),
    ]:
        section = page.split(f'id="desk-{kind}"')[1].split("</section>")[0]
        assert '<span class="desk-count">1</span>' in section and headline in section, kind

    client.force_login(eddie)
    mine = client.get("/admin/").content.decode().split('id="desk-mine"')[1].split("</section>")[0]
    assert '<span class="desk-count">0</span>' in mine and "Nothing on your desk." in mine


def test_the_overview_costs_the_same_queries_however_busy_the_desk(client, rita):
    client.force_login(rita)
    now = timezone.now()
    # One article in each list: an empty list skips its prefetch, which would flatter the first count.
    for status, published_at in [("draft", None), ("review", None), ("published", now + timedelta(days=1))]:
        ready(rita, status=status, published_at=published_at)
    ready(rita, status="published")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/").status_code == 200
        return len(captured)

    few = queries()
    for number in range(12):
        article = ready(rita, status=["draft", "review", "published"][number % 3])
        Byline.objects.create(article=article, author=make_author(f"Second Writer {number}"), order=1)
    assert queries() == few


def test_the_list_shows_state_and_last_editor_and_filters(client, rita, eddie):
    scheduled = ready(
        rita, headline="Tomorrow", status="published", published_at=timezone.now() + timedelta(days=1)
    )
    scheduled.last_edited_by = eddie
    save(scheduled)
    scheduled.tags.add("Transport")
    ready(rita, headline="Waiting", section=make_section("Sport"))
    client.force_login(eddie)

    page = client.get("/admin/articles/article/").content.decode()
    assert "stage--scheduled" in page and "Scheduled" in page and "eddie" in page

    def headlines(query):
        html = client.get(f"/admin/articles/article/?{query}").content.decode()
        return {headline for headline in ["Tomorrow", "Waiting"] if f">{headline}</a>" in html}

    assert headlines("state=scheduled") == {"Tomorrow"}
    assert headlines("state=review") == {"Waiting"}
    assert headlines("state=published") == set()
    assert headlines(f"tag={scheduled.tags.get().pk}") == {"Tomorrow"}
    assert headlines(f"section__id__exact={scheduled.section_id}") == {"Tomorrow"}
    assert headlines(f"author={rita.author.pk}") == {"Tomorrow", "Waiting"}
    assert headlines("q=waiting") == {"Waiting"}


def test_the_body_is_edited_in_a_rich_text_editor(client, eddie):
    article = make_article(status="draft")
    client.force_login(eddie)
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "data-django-prose-editor-configurable" in page
    assert "django_prose_editor/configurable.js" in page


def test_desk_pages_have_the_sites_icon_and_no_page_asks_for_a_missing_one(client, eddie):
    client.force_login(eddie)
    for path in ("/admin/", "/admin/articles/article/", "/admin/articles/article/add/"):
        html = client.get(path).content.decode()
        assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html, path
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/img/favicon.svg"
