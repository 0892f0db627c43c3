"""Who may move an article where: every role, every move, every state, through the workflow and the admin."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.core.permissions import Refused, can_edit
from articles.desk import workflow
from articles.desk.workflow import Stage
from articles.models import Article, Transition
from tests.factories import make_article, make_author, make_image
from tests.staff import make_editor, make_reporter, make_user

pytestmark = pytest.mark.django_db

ROLES = ["owner", "other_reporter", "editor", "superuser", "staff_without_role"]
EDITORS = {"editor", "superuser"}
# The rules, written out by hand: every (move, state) not listed here is refused for everyone.
ALLOWED = {
    ("submit", "draft"): {"owner", "editor", "superuser"},
    ("withdraw", "review"): {"owner"},
    ("return", "review"): EDITORS,
    ("publish", "draft"): EDITORS,
    ("schedule", "draft"): EDITORS,
    ("publish", "review"): EDITORS,
    ("publish", "scheduled"): EDITORS,
    ("schedule", "review"): EDITORS,
    ("schedule", "scheduled"): EDITORS,
    ("unpublish", "scheduled"): EDITORS,
    ("unpublish", "published"): EDITORS,
}
TARGET = {
    "submit": "review",
    "withdraw": "draft",
    "return": "draft",
    "publish": "published",
    "schedule": "published",
    "unpublish": "draft",
}
MATRIX = [(role, move, stage) for role in ROLES for move in workflow.MOVES for stage in Stage.values]


@pytest.fixture
def people():
    owner = make_reporter("rita", with_author=True)
    return {
        "owner": owner,
        "other_reporter": make_reporter("ruben"),
        "editor": make_editor("eddie"),
        "superuser": make_user("sue", superuser=True),
        "staff_without_role": make_user("stan"),
    }


def ready_article(stage, owner):
    """An article in `stage` that passes the pre-publish checklist, written by `owner`."""
    now = timezone.now()
    status, published_at = {
        "draft": ("draft", None),
        "review": ("review", None),
        "scheduled": ("published", now + timedelta(days=1)),
        "published": ("published", now - timedelta(hours=1)),
    }[stage]
    article = make_article(
        status=status,
        published_at=published_at,
        dek="A standfirst.",
        authors=[owner.author],
        created_by=owner,
    )
    assert workflow.stage(article) == stage
    return article


def state_of(article):
    fresh = Article.objects.get(pk=article.pk)
    return fresh.status, fresh.published_at


@pytest.mark.parametrize(("role", "move", "stage"), MATRIX)
def test_the_workflow_allows_exactly_the_listed_moves(people, role, move, stage):
    user, article = people[role], ready_article(stage, people["owner"])
    before = state_of(article)
    publish_at = timezone.now() + timedelta(hours=3)

    if role in ALLOWED.get((move, stage), ()):
        transition = workflow.move(move, article, user, note="why", publish_at=publish_at)
        status, published_at = state_of(article)
        assert status == TARGET[move]
        assert (transition.from_status, transition.to_status) == (before[0], TARGET[move])
        assert (transition.user, transition.note) == (user, "why")
        if move == "schedule":
            assert published_at == publish_at
        elif move == "publish":
            assert published_at <= timezone.now()
        else:
            assert published_at is None
    else:
        with pytest.raises(Refused) as refused:
            workflow.move(move, article, user, note="why", publish_at=publish_at)
        assert str(refused.value), "a refusal says why"
        assert state_of(article) == before
        assert not Transition.objects.exists()


@pytest.mark.parametrize(("role", "move", "stage"), MATRIX)
def test_a_crafted_post_to_the_admin_obeys_the_same_rules(client, people, role, move, stage):
    user, article = people[role], ready_article(stage, people["owner"])
    before = state_of(article)
    client.force_login(user)
    publish_at = timezone.localtime() + timedelta(hours=3)

    response = client.post(
        f"/admin/articles/article/{article.pk}/move/",
        {"move": move, "note": "crafted", "publish_at": publish_at.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )

    if role in ALLOWED.get((move, stage), ()):
        assert state_of(article)[0] == TARGET[move]
        assert Transition.objects.get().note == "crafted"
    else:
        assert state_of(article) == before
        assert not Transition.objects.exists()
        if role == "staff_without_role":
            assert response.status_code == 403
        else:
            messages = [str(message) for message in response.context["messages"]]
            assert len(messages) == 1 and messages[0], messages


def test_an_unknown_move_is_refused(people):
    article = ready_article("review", people["owner"])
    with pytest.raises(Refused, match="no such step"):
        workflow.move("delete-everything", article, people["superuser"])


def test_the_move_judges_the_state_in_the_database_not_a_stale_copy(people):
    article = ready_article("review", people["owner"])
    stale = Article.objects.get(pk=article.pk)
    workflow.move("return", article, people["editor"], "needs a second source")
    with pytest.raises(Refused, match="draft"):
        workflow.move("return", stale, people["editor"])
    assert state_of(article)[0] == "draft"
    assert Transition.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        ({"headline": "  "}, "a headline"),
        ({"section": None}, "a section"),
        ({"body": "<p> </p>"}, "a body"),
        ({"dek": ""}, "a standfirst of at most 300 characters"),
        ({"dek": "x" * 301}, "a standfirst of at most 300 characters (it has 301)"),
        ({"lead_image": "picture without alt text", "lead_image_alt": ""}, "alt text for the lead image"),
    ],
)
def test_the_checklist_blocks_publishing_and_names_what_is_missing(people, change, missing):
    article = ready_article("review", people["owner"])
    if "lead_image" in change:
        change["lead_image"] = make_image(640, 360, alt="")
    Article.objects.filter(pk=article.pk).update(**change)
    for move, extra in [("publish", {}), ("schedule", {"publish_at": timezone.now() + timedelta(hours=1)})]:
        with pytest.raises(Refused) as refused:
            workflow.move(move, article, people["editor"], **extra)
        assert str(refused.value) == f"Not ready to publish. Missing: {missing}."
    assert state_of(article)[0] == "review"


def test_an_article_without_a_byline_cannot_be_published(people):
    article = make_article(status="review", dek="A standfirst.")
    with pytest.raises(Refused, match=r"Missing: at least one byline\."):
        workflow.move("publish", article, people["editor"])


def test_scheduling_needs_a_time_in_the_future(people):
    article = ready_article("review", people["owner"])
    for when in [None, timezone.now() - timedelta(minutes=1)]:
        with pytest.raises(Refused, match="in the future"):
            workflow.move("schedule", article, people["editor"], publish_at=when)
    assert state_of(article) == ("review", None)


def test_a_reporter_edits_only_their_own_drafts(people):
    own_draft = ready_article("draft", people["owner"])
    own_in_review = ready_article("review", people["owner"])
    someone_elses = make_article(status="draft", authors=[make_author("Other Writer")])
    reporter = people["owner"]
    assert can_edit(reporter, own_draft)
    assert not can_edit(reporter, own_in_review)
    assert not can_edit(reporter, someone_elses)
    assert can_edit(people["editor"], someone_elses) and can_edit(people["editor"], own_in_review)
    assert not can_edit(people["staff_without_role"], own_draft)
