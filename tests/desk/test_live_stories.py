"""Live stories: coverage started and ended on the desk, timestamped updates posted, edited and removed,
and what readers get: the page, its JSON for the polling script, its structured data and the feeds."""

import json
import re
from datetime import datetime, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.test import Client, TestCase
from django.utils import timezone

from articles.core.permissions import Refused
from articles.desk import live
from articles.models import Article, LiveUpdate, Status
from tests.factories import make_article, make_section
from tests.staff import make_editor, make_reporter, make_user, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    make_section("World")
    rita = make_reporter("rita", with_author=True)
    story = make_article(
        "Storm makes landfall",
        slug="storm",
        body="<p>What we know so far.</p>",
        authors=[rita.author],
        created_by=rita,
    )
    return {
        "rita": rita,
        "ruben": make_reporter("ruben", with_author=True),
        "eddie": make_editor("eddie"),
        "sue": make_user("sue", superuser=True),
        "stan": make_user("stan"),
        "story": story,
    }


def as_(user):
    client = Client()
    client.force_login(user)
    return client


def live_desk(article):
    return f"/admin/articles/article/{article.pk}/live/"


def post_update(user, article, text="Winds of 180 km/h at the coast.", **fields):
    return as_(user).post(live_desk(article), {"action": "post", "text": text, **fields}, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def reader_page(path="/articles/storm/"):
    return Client().get(path)


def committed(step, *args, **kwargs):
    """A live.py step as a request makes it: its on-commit work (the page cache, renditions) run."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return step(*args, **kwargs)


def start(desk, article=None):
    article = article or desk["story"]
    committed(live.start, article, desk["eddie"])
    return article


def updates_in(html):
    return re.findall(r'<article class="live-update" id="(update-\d+)"', html)


# The desk ------------------------------------------------------------------------------------------


def test_an_editor_starts_the_coverage_from_the_articles_panel_and_stays_there(desk):
    story = desk["story"]
    page = as_(desk["eddie"]).get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    assert "Start live coverage" in page

    response = as_(desk["eddie"]).post(live_desk(story), {"action": "start", "from": "article"})

    assert response.status_code == 302
    assert response["Location"] == f"/admin/articles/article/{story.pk}/change/#desk-live"
    story.refresh_from_db()
    assert story.is_live and story.live_started_at <= timezone.now()
    assert LogEntry.objects.filter(object_id=str(story.pk), change_message="Started live coverage").exists()


def test_an_update_posted_on_the_live_desk_shows_to_readers_newest_first_with_its_time(desk):
    story = start(desk)
    reader_page()  # cached before the updates: they must retire it
    post_update(desk["eddie"], story, text="<p>First: the storm is 50 km out.</p>", title="Approaching")
    response = post_update(
        desk["rita"], story, text="<p>Second: landfall <script>x()</script>near the port.</p>"
    )
    assert messages_of(response) == ["Posted: readers see it within seconds."]

    first, second = LiveUpdate.objects.order_by("created_at")
    page = reader_page().content.decode()
    assert updates_in(page) == [second.anchor, first.anchor]
    assert "<script>x()" not in page and "landfall near the port" in page
    assert f'href="#{first.anchor}"' in page
    assert f'<time datetime="{timezone.localtime(first.created_at).isoformat()}">' in page
    assert "Approaching" in page and "Rita" in page  # the title, and the reporter's byline name
    assert '<span class="live-badge">Live</span>' in page and "js/live.js" in page
    story.refresh_from_db()
    assert story.revised_at == second.created_at
    assert "Updated on" in page
    assert LogEntry.objects.filter(change_message=f"Posted live update {second.pk}").exists()


def test_editing_keeps_the_earlier_wording_and_tells_readers_it_was_edited(desk):
    story = start(desk)
    post_update(desk["rita"], story, text="<p>Two people hurt.</p>")
    update = LiveUpdate.objects.get()
    response = as_(desk["rita"]).post(
        f"{live_desk(story)}{update.pk}/",
        {"action": "save", "text": "<p>Three people hurt.</p>"},
        follow=True,
    )
    assert messages_of(response) == ["Saved: readers see the new wording within seconds."]

    update.refresh_from_db()
    assert update.html == "<p>Three people hurt.</p>"
    assert update.earlier[0]["text"] == "<p>Two people hurt.</p>" and update.earlier[0]["by"] == "rita"
    assert update.edited_by == desk["rita"] and update.created_at < update.edited_at
    page = reader_page().content.decode()
    assert "Three people hurt." in page and "Two people hurt." not in page and "edited" in page
    log = as_(desk["eddie"]).get(live_desk(story)).content.decode()
    assert "Earlier wording (1)" in log and "Two people hurt." in log


def test_a_removed_update_leaves_the_page_the_json_and_the_structured_data_but_not_the_log(desk):
    story = start(desk)
    post_update(desk["rita"], story, text="<p>Unconfirmed: the bridge fell.</p>")
    update = LiveUpdate.objects.get()
    reader_page()
    response = as_(desk["eddie"]).post(f"{live_desk(story)}{update.pk}/", {"action": "remove"}, follow=True)
    assert messages_of(response) == ["Removed from the page; it stays in this log."]

    page = reader_page().content.decode()
    assert "the bridge fell" not in page and "The first updates will appear here." in page
    assert Client().get("/articles/storm/live.json").json()["updates"] == []
    log = as_(desk["eddie"]).get(live_desk(story)).content.decode()
    assert "the bridge fell" in log and "removed" in log and "eddie" in log
    update.refresh_from_db()
    assert update.removed_by == desk["eddie"]


def test_ending_is_one_click_and_the_updates_stay_on_the_page(desk):
    story = start(desk)
    post_update(desk["rita"], story, text="<p>The all-clear was given.</p>")
    response = as_(desk["eddie"]).post(live_desk(story), {"action": "end"})
    assert response.status_code == 302 and response["Location"] == live_desk(story)

    story.refresh_from_db()
    assert not story.is_live and story.live_ended_at is not None
    page = reader_page().content.decode()
    assert "The all-clear was given." in page and "Live coverage ended" in page
    assert "live-badge" not in page and "js/live.js" not in page and "data-live-url" not in page
    data = Client().get("/articles/storm/live.json").json()
    assert data["live"] is False and "Live coverage ended" in data["ended"]
    refused = post_update(desk["eddie"], story)
    assert messages_of(refused) == ["Live coverage is not running: an editor starts it first."]
    assert LiveUpdate.objects.count() == 1


def test_lists_mark_a_running_live_story(desk):
    story = start(desk)
    home = reader_page("/").content.decode()
    teaser = home[home.index('<article class="teaser') :]
    assert teaser.index('<span class="live-badge">Live</span>') < teaser.index("Storm makes landfall")
    committed(live.end, story, desk["eddie"])
    assert "live-badge" not in reader_page("/").content.decode()


def test_a_restart_goes_on_with_the_same_story(desk):
    story = start(desk)
    started = Article.objects.get(pk=story.pk).live_started_at
    committed(live.end, story, desk["eddie"])
    committed(live.start, story, desk["eddie"])
    story.refresh_from_db()
    assert story.is_live and story.live_started_at == started and story.live_ended_at is None


def test_updates_on_a_draft_prepare_the_page_and_no_reader_sees_them(desk):
    draft = make_article("Election night", slug="election", status=Status.DRAFT, created_by=desk["rita"])
    start(desk, draft)
    post_update(desk["eddie"], draft, text="<p>Polls open at seven.</p>")
    assert reader_page("/articles/election/").status_code == 404
    assert Client().get("/articles/election/live.json").status_code == 404
    preview = as_(desk["eddie"]).get(f"/admin/articles/article/{draft.pk}/preview/").content.decode()
    assert "Polls open at seven." in preview and "data-live-url" not in preview
    assert Article.objects.get(pk=draft.pk).revised_at is None


def test_a_picture_needs_its_alt_text_and_shows_in_its_sizes(desk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    story = start(desk)

    def picture():
        return SimpleUploadedFile("flood.png", png_bytes(1600, 900), content_type="image/png")

    refused = post_update(desk["eddie"], story, image=picture())
    assert "Describe the picture for readers who cannot see it." in refused.content.decode()
    assert not LiveUpdate.objects.exists()

    post_update(
        desk["eddie"], story, image=picture(), image_alt="Water in the main square", image_caption="At noon"
    )
    update = LiveUpdate.objects.get()
    assert (update.image_width, update.image_height) == (1600, 900)
    assert {rendition["width"] for rendition in update.image_renditions} == {480, 800, 1200, 1600}
    page = reader_page().content.decode()
    assert 'alt="Water in the main square"' in page and "At noon" in page
    assert 'type="image/avif"' in page and "1200w" in page


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        ("   ", "Write the update first."),
        ("x" * 5001, "An update holds at most 5,000 characters"),
        ('<p>Lost <a href="https://example.org <p>the rest</p>', "Part of the body would be lost"),
    ],
)
def test_bad_updates_are_refused_with_the_reason_and_nothing_is_written(desk, text, refusal):
    story = start(desk)
    with pytest.raises(Refused, match=refusal):
        committed(live.post, story, desk["eddie"], text=text)
    assert not LiveUpdate.objects.exists()


def test_odd_addresses_answer_as_missing_not_as_errors(desk):
    story = start(desk)
    other = start(desk, make_article("Other", slug="other"))
    update = committed(live.post, other, desk["eddie"], text="<p>Elsewhere.</p>")
    assert as_(desk["eddie"]).get(f"{live_desk(story)}{update.pk}/").status_code == 404
    assert reader_page("/articles/storm/?before=abc").status_code == 404
    assert reader_page(f"/articles/storm/?before={update.pk}").status_code == 200  # not this story's: none
    assert Client().get("/articles/other-missing/live.json").status_code == 404
    not_live = make_article("Quiet", slug="quiet")
    assert Client().get(f"/articles/{not_live.slug}/live.json").status_code == 404
    response = as_(desk["eddie"]).post(live_desk(story), {"action": "explode"}, follow=True)
    assert messages_of(response) == ["There is no such step on the live desk."]


# Who may do what -----------------------------------------------------------------------------------

ROLES = ["owner", "other_reporter", "editor", "superuser", "staff_without_role"]
PEOPLE = {
    "owner": "rita",
    "other_reporter": "ruben",
    "editor": "eddie",
    "superuser": "sue",
    "staff_without_role": "stan",
}
EDITORS = {"editor", "superuser"}
# Written out by hand: who may take each step on a running live story of "owner"'s.
ALLOWED = {
    "start": EDITORS,
    "end": EDITORS,
    "post": {"owner", *EDITORS},
    "edit_own_update": {"owner", *EDITORS},  # the update was posted by the one acting
    "edit_someone_elses": EDITORS,  # posted by "owner" or, for "owner", by an editor
    "remove_someone_elses": EDITORS,
}


def _crafted(desk, role, step):
    """Make `step` as `role` through the admin, as a crafted POST; return the response."""
    user, story = desk[PEOPLE[role]], desk["story"]
    client = as_(user)
    if step != "start":
        committed(live.start, story, desk["eddie"])
    if step in ("start", "end"):
        return client.post(live_desk(story), {"action": step}, follow=True)
    if step == "post":
        return client.post(live_desk(story), {"action": "post", "text": "<p>Crafted.</p>"}, follow=True)
    poster = user if step == "edit_own_update" else (desk["eddie"] if role == "owner" else desk["rita"])
    update = LiveUpdate.objects.create(
        article=story, posted_by=poster, text="<p>Kept.</p>", html="<p>Kept.</p>"
    )
    if step.startswith("remove"):
        return client.post(f"{live_desk(story)}{update.pk}/", {"action": "remove"}, follow=True)
    return client.post(
        f"{live_desk(story)}{update.pk}/", {"action": "save", "text": "<p>Crafted.</p>"}, follow=True
    )


def _done(story, step):
    story.refresh_from_db()
    if step == "start":
        return story.is_live
    if step == "end":
        return story.live_ended_at is not None
    if step == "post":
        return LiveUpdate.objects.filter(html="<p>Crafted.</p>").exists()
    if step.startswith("remove"):
        return LiveUpdate.objects.filter(removed_at__isnull=False).exists()
    return LiveUpdate.objects.filter(html="<p>Crafted.</p>").exists()


@pytest.mark.parametrize("step", list(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_a_crafted_post_on_the_live_desk_obeys_the_rules(desk, role, step):
    response = _crafted(desk, role, step)
    allowed = role in ALLOWED[step]
    assert _done(desk["story"], step) == allowed
    if allowed:
        assert response.status_code == 200
    elif role == "staff_without_role" or step.startswith(("edit", "remove")):
        assert response.status_code == 403
    else:
        assert response.status_code == 200 and len(messages_of(response)) == 1


def test_a_reporter_sees_no_compose_form_on_someone_elses_story_and_no_start_button(desk):
    story = start(desk)
    page = as_(desk["ruben"]).get(live_desk(story)).content.decode()
    assert "Post update" not in page and "End live coverage" not in page
    own = as_(desk["rita"]).get(live_desk(story)).content.decode()
    assert "Post update" in own and "End live coverage" not in own


# What readers and machines read -------------------------------------------------------------------


def test_the_json_lists_the_newest_updates_and_is_cached_briefly_for_browsers_and_cdns(desk, settings):
    settings.LIVE_POLL_SECONDS = 15
    story = start(desk)
    first = committed(live.post, story, desk["rita"], text="<p>One.</p>")
    second = committed(live.post, story, desk["eddie"], text="<p>Two.</p>", title="Second")

    response = Client().get("/articles/storm/live.json")
    data = response.json()
    assert data["live"] is True and data["ended"] == "" and data["complete"] is True
    assert [update["id"] for update in data["updates"]] == [second.pk, first.pk]
    assert data["updates"][0]["anchor"] == second.anchor
    newest = data["updates"][0]["html"]
    assert f'id="{second.anchor}"' in newest and "Second" in newest
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=15"

    again = Client().get("/articles/storm/live.json")  # from the page cache, capped the same way
    assert again.content == response.content
    assert again["Cache-Control"] == response["Cache-Control"]
    third = committed(live.post, story, desk["eddie"], text="<p>Three.</p>")
    with_third = Client().get("/articles/storm/live.json").json()
    assert with_third["updates"][0]["id"] == third.pk


def test_the_structured_data_is_a_live_blog_posting_with_its_updates(desk):
    story = start(desk)
    update = committed(live.post, story, desk["rita"], text="<p>The <em>eye</em> passes over the city.</p>")
    page = reader_page().content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "LiveBlogPosting"
    story.refresh_from_db()
    assert data["coverageStartTime"] == story.live_started_at.isoformat()
    assert "coverageEndTime" not in data
    [posting] = data["liveBlogUpdate"]
    assert posting["@type"] == "BlogPosting"
    assert posting["articleBody"] == "The eye passes over the city."
    assert posting["url"].endswith(f"/articles/storm/#{update.anchor}")
    assert posting["datePublished"] == update.created_at.isoformat()
    assert posting["author"] == {"@type": "Person", "name": "Rita"}
    assert data["dateModified"] == update.created_at.isoformat()
    committed(live.end, story, desk["eddie"])
    ended = reader_page().content.decode()
    assert '"coverageEndTime"' in ended


def test_the_feeds_follow_the_latest_update(desk):
    story = start(desk)
    update = committed(live.post, story, desk["eddie"], text="<p>Latest.</p>")
    atom = Client().get("/feeds/atom/").content.decode()
    entry = atom[atom.index("<entry>") :]
    updated = datetime.fromisoformat(re.search(r"<updated>(.*?)</updated>", entry).group(1))
    assert updated == update.created_at


def test_older_updates_page_on_from_the_last_one_shown(desk, monkeypatch):
    monkeypatch.setattr(live, "SHOWN", 3)
    story = start(desk)
    now = timezone.now()
    posted = [
        LiveUpdate.objects.create(
            article=story, posted_by=desk["eddie"], text=f"<p>N{n}</p>", html=f"<p>N{n}</p>",
            created_at=now - timedelta(minutes=10 - n),
        )
        for n in range(5)
    ]  # fmt: skip
    cache.clear()
    page = reader_page().content.decode()
    assert updates_in(page) == [posted[n].anchor for n in (4, 3, 2)]
    assert f'href="?before={posted[2].pk}#live"' in page
    older = reader_page(f"/articles/storm/?before={posted[2].pk}").content.decode()
    assert updates_in(older) == [posted[1].anchor, posted[0].anchor]
    assert "data-live-url" not in older  # an older page does not take in new updates at its top


def test_a_live_page_costs_one_query_more_however_many_updates(desk):
    from tests.site.test_query_counts import queries_for

    story = desk["story"]
    plain = queries_for(Client(), story.get_absolute_url())
    start(desk)
    committed(live.post, story, desk["eddie"], text="<p>Update.</p>")
    one = queries_for(Client(), story.get_absolute_url())
    for n in range(10):
        committed(live.post, story, desk["rita"] if n % 2 else desk["eddie"], text=f"<p>Update {n}.</p>")
    assert one == queries_for(Client(), story.get_absolute_url()) == plain + 1
    assert queries_for(Client(), "/articles/storm/live.json") == 2  # the article, its updates


def test_two_edits_from_the_same_loaded_copy_both_stay_in_the_log(desk):
    story = start(desk)
    update = committed(live.post, story, desk["rita"], text="<p>First wording.</p>")
    mine, theirs = LiveUpdate.objects.get(pk=update.pk), LiveUpdate.objects.get(pk=update.pk)
    committed(live.edit, mine, desk["rita"], text="<p>Second wording.</p>")
    committed(live.edit, theirs, desk["eddie"], text="<p>Third wording.</p>")
    update.refresh_from_db()
    assert [entry["text"] for entry in update.earlier] == ["<p>First wording.</p>", "<p>Second wording.</p>"]
    assert [entry["by"] for entry in update.earlier] == ["rita", "eddie"]


def test_the_picture_is_replaced_or_taken_off_on_the_edit_page(desk):
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    story = start(desk)
    first = SimpleUploadedFile("one.png", png_bytes(900, 600), content_type="image/png")
    update = committed(live.post, story, desk["eddie"], text="<p>Photo.</p>", image=first, image_alt="One")
    update.refresh_from_db()
    old_files = [update.image.name, *(rendition["name"] for rendition in update.image_renditions)]
    edit_page = f"{live_desk(story)}{update.pk}/"
    second = SimpleUploadedFile("two.png", png_bytes(700, 500), content_type="image/png")
    as_(desk["eddie"]).post(
        edit_page, {"action": "save", "text": "<p>Photo.</p>", "image": second, "image_alt": "Two"}
    )
    update.refresh_from_db()
    assert (update.image_width, update.image_alt) == (700, "Two") and update.image_renditions
    assert not any(default_storage.exists(name) for name in old_files)

    as_(desk["eddie"]).post(edit_page, {"action": "save", "text": "<p>No photo.</p>", "clear_image": "on"})
    update.refresh_from_db()
    assert not update.image and update.image_renditions == []
    assert "<img" not in reader_page().content.decode().split('class="live"')[1]
