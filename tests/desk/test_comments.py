"""The desk's discussion of an article: comment, reply, resolve, @mentions; never public."""

import pytest
from django.core.cache import cache
from django.test import Client

from articles.models import Comment, Status
from tests.factories import make_article, make_section
from tests.staff import make_editor, make_reporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    make_section("City")
    rita = make_reporter("rita", with_author=True)
    olga = make_reporter("olga")
    eddie = make_editor("eddie")
    article = make_article("Bus lanes approved", status=Status.DRAFT, authors=[rita.author], created_by=rita)
    return {"rita": rita, "olga": olga, "eddie": eddie, "article": article}


def as_(user):
    client = Client()
    client.force_login(user)
    return client


def discuss(user, article, **data):
    return as_(user).post(f"/admin/articles/article/{article.pk}/discussion/", data, follow=True)


def change_page(user, article):
    return as_(user).get(f"/admin/articles/article/{article.pk}/change/").content.decode()


def test_a_thread_with_a_reply_shows_on_the_articles_desk_page(desk):
    article = desk["article"]
    discuss(desk["eddie"], article, action="comment", text="Is the vote count confirmed?")
    thread = Comment.objects.get()
    discuss(desk["rita"], article, action="reply", thread=thread.pk, text="Yes: 7-2, from the clerk.")
    page = change_page(desk["rita"], article)
    discussion = page[page.index('id="desk-discussion"') :]
    assert discussion.index("Is the vote count confirmed?") < discussion.index("Yes: 7-2, from the clerk.")
    reply = Comment.objects.get(parent=thread)
    assert reply.author == desk["rita"] and reply.article == article


def test_a_mention_emails_that_person_once_with_an_absolute_link(desk, mailoutbox, settings):
    settings.EMAIL_LINK_ORIGIN = "https://news.example.org"
    article = desk["article"]
    discuss(desk["rita"], article, action="comment", text="@Eddie can you check the quote? cc @olga, @nobody")
    assert sorted(mail.to[0] for mail in mailoutbox) == ["eddie@example.org", "olga@example.org"]
    mail = mailoutbox[0]
    assert mail.subject == "[Newsroom] rita mentioned you on: Bus lanes approved"
    assert (
        f"https://news.example.org/admin/articles/article/{article.pk}/change/#desk-discussion" in mail.body
    )
    discuss(desk["rita"], article, action="comment", text="Mail me at rita@example.org, not @rita")
    assert len(mailoutbox) == 2, "an email address is no mention, and nobody is told of their own words"


def test_resolving_belongs_to_the_threads_author_or_an_editor(desk):
    article = desk["article"]
    discuss(desk["rita"], article, action="comment", text="Need a photo.")
    thread = Comment.objects.get()
    refused = discuss(desk["olga"], article, action="resolve", thread=thread.pk)
    assert "Only whoever started the thread, or an editor" in refused.content.decode()
    assert Comment.objects.get().resolved_at is None
    discuss(desk["rita"], article, action="resolve", thread=thread.pk)
    assert Comment.objects.get().resolved_by == desk["rita"]
    discuss(desk["eddie"], article, action="reopen", thread=thread.pk)
    assert Comment.objects.get().resolved_at is None
    discuss(desk["eddie"], article, action="resolve", thread=thread.pk)
    # A new reply reopens a settled thread: people are talking again.
    discuss(desk["olga"], article, action="reply", thread=thread.pk, text="Photo desk has one.")
    assert Comment.objects.get(parent=None).resolved_at is None


def test_bad_or_crafted_posts_change_nothing(desk):
    article = desk["article"]
    other = make_article("Other story", status=Status.DRAFT)
    discuss(desk["eddie"], other, action="comment", text="Elsewhere.")
    elsewhere = Comment.objects.get()
    assert (
        "Write something first."
        in discuss(desk["eddie"], article, action="comment", text="  ").content.decode()
    )
    long = discuss(desk["eddie"], article, action="comment", text="x" * 4001).content.decode()
    assert "at most 4,000 characters" in long
    assert (
        as_(desk["eddie"])
        .post(
            f"/admin/articles/article/{article.pk}/discussion/",
            {"action": "reply", "thread": elsewhere.pk, "text": "x"},
        )
        .status_code
        == 404
    )
    assert (
        as_(desk["eddie"])
        .post(f"/admin/articles/article/{article.pk}/discussion/", {"action": "resolve", "thread": "x"})
        .status_code
        == 404
    )
    assert (
        "no such step"
        in discuss(desk["eddie"], article, action="delete", thread=elsewhere.pk).content.decode()
    )
    assert as_(desk["eddie"]).get(f"/admin/articles/article/{article.pk}/discussion/").status_code == 405
    anonymous = Client().post(f"/admin/articles/article/{article.pk}/discussion/", {"text": "spam"})
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    assert Comment.objects.count() == 1


def test_open_threads_are_counted_on_the_desks_lists(desk):
    article = desk["article"]
    for text in ("One", "Two"):
        discuss(desk["eddie"], article, action="comment", text=text)
    discuss(desk["eddie"], article, action="resolve", thread=Comment.objects.get(text="Two").pk)
    listing = as_(desk["eddie"]).get("/admin/articles/article/").content.decode()
    assert '<span class="desk-count" title="Open threads">1</span>' in listing
    overview = as_(desk["rita"]).get("/admin/").content.decode()
    assert "1 open thread<" in overview[overview.index('id="desk-mine"') :]


def mentions_block(user):
    page = as_(user).get("/admin/").content.decode()
    return page[page.index('id="desk-mentions"') :].split("</section>")[0]


def test_the_desks_home_lists_open_threads_that_mention_me_newest_first(desk):
    article, eddie, rita = desk["article"], desk["eddie"], desk["rita"]
    later = make_article("Tram fares frozen", status=Status.DRAFT, created_by=rita)
    assert "No open thread mentions you." in mentions_block(eddie)
    discuss(rita, article, action="comment", text="@eddie is the vote count confirmed?")
    discuss(rita, later, action="comment", text="Photo needed, no mention here")
    thread = Comment.objects.get(article=later)
    discuss(desk["olga"], later, action="reply", thread=thread.pk, text="@Eddie the fares table is in")
    discuss(eddie, article, action="comment", text="@eddie a note to myself")
    block = mentions_block(eddie)
    assert '<span class="desk-count" title="Open threads that mention you">2</span>' in block
    assert block.index("Tram fares frozen") < block.index("Bus lanes approved"), "newest mention first"
    assert "the fares table is in" in block and "in a reply" in block
    assert "a note to myself" not in block, "nobody is told of their own words"
    assert f"/admin/articles/article/{later.pk}/change/#desk-discussion" in block
    assert "No open thread mentions you." in mentions_block(desk["olga"])

    discuss(rita, later, action="resolve", thread=thread.pk)
    block = mentions_block(eddie)
    assert "Tram fares frozen" not in block and ">1</span>" in block, "a resolved thread leaves the list"


def test_the_article_list_counts_the_open_threads_that_mention_me(desk):
    article = desk["article"]
    discuss(desk["rita"], article, action="comment", text="@eddie first")
    discuss(desk["rita"], article, action="comment", text="@eddie second, @olga too")
    discuss(desk["rita"], article, action="comment", text="nobody named")
    first = Comment.objects.get(text="@eddie first")
    discuss(desk["olga"], article, action="reply", thread=first.pk, text="@eddie again in the same thread")
    listing = as_(desk["eddie"]).get("/admin/articles/article/").content.decode()
    assert '<span class="desk-count" title="Open threads">3</span>' in listing
    assert 'title="2 open threads mention you">@2</span>' in listing, "threads, not comments, are counted"
    listing = as_(desk["olga"]).get("/admin/articles/article/").content.decode()
    assert 'title="1 open thread mentions you">@1</span>' in listing


def test_the_mentions_of_comments_written_before_they_were_kept_are_read_once(desk):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("articles.migrations.0018_comment_mentions")
    comment = Comment.objects.create(article=desk["article"], author=desk["rita"], text="@EDDIE and @rita.")
    migration.read_earlier_mentions(apps, None)
    assert list(comment.mentions.all()) == [desk["eddie"]]


def test_the_discussion_never_reaches_a_reader(client, desk):
    article = make_article("Published story", body="<p>Public words.</p>")
    discuss(desk["eddie"], article, action="comment", text="Secretword in the desk only")
    cache.clear()
    for path in (article.get_absolute_url(), "/", "/feeds/rss/", "/feeds/atom/"):
        response = client.get(path)
        assert "Secretword" not in response.content.decode(), path
    assert 'class="teaser' not in client.get("/search/?q=Secretword").content.decode()
    assert "Secretword" in change_page(desk["eddie"], article)
