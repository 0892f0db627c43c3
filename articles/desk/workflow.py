"""The life of an article: its states, the moves between them, and who may make each move.

draft -> review -> published; review -> draft (returned by an editor, or withdrawn by its reporter);
draft -> published (an editor's own call: the checklist still applies); published -> draft (unpublished).
"Scheduled" is not a state: it is a published article whose published_at is still ahead,
and readers see it the moment that time passes (ArticleQuerySet.published decides); a queued task
then logs a "live" transition and tells its reporters (went_live).

Nothing else writes an article's state. Every move checks the user and the state under a row lock,
saves through editing.save_article and records a Transition; a refused move raises permissions.Refused and
changes nothing. Emails go out in the background once the move is committed.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..core import invalidation
from ..core.background import retried
from ..core.checklist import missing_for_publication
from ..core.permissions import Refused, can_edit, is_desk, is_editor, may_change_own
from ..editing import articles as editing
from ..models import Article, Correction, Stage, Status, Transition
from .notifications import send_transition_emails

# Who may make a move: editors; whoever may edit the article (an editor, or its reporter on a draft);
# or its own reporters (whoever created it or carries its byline).
EDITORS, WRITERS, OWNERS = "editors", "writers", "owners"


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    sources: frozenset
    target: Status
    who: str = EDITORS


TO_PUBLISH = frozenset({Stage.DRAFT, Stage.REVIEW, Stage.SCHEDULED})
MOVES = {
    move.name: move
    for move in [
        Move("submit", "Submit for review", frozenset({Stage.DRAFT}), Status.REVIEW, who=WRITERS),
        Move("withdraw", "Withdraw to draft", frozenset({Stage.REVIEW}), Status.DRAFT, who=OWNERS),
        Move("return", "Return to draft", frozenset({Stage.REVIEW}), Status.DRAFT),
        Move("publish", "Publish now", TO_PUBLISH, Status.PUBLISHED),
        Move("schedule", "Schedule", TO_PUBLISH, Status.PUBLISHED),
        Move("unpublish", "Unpublish", frozenset({Stage.SCHEDULED, Stage.PUBLISHED}), Status.DRAFT),
    ]
}


def stage(article, now=None):
    if article.status != Status.PUBLISHED:
        return Stage(article.status)
    if article.published_at and article.published_at > (now or timezone.now()):
        return Stage.SCHEDULED
    return Stage.PUBLISHED


def place(article, status, published_at=None):
    """Give a new article its first state, e.g. an import that creates articles already published.

    A published article always carries the moment it went (or goes) public.
    """
    if article.pk is not None:
        raise ValueError("place() is for new articles; existing ones move through transitions")
    article.status = Status(status)
    article.published_at = published_at
    if article.status == Status.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()


# Who may do what ---------------------------------------------------------------------------------


def refusal(user, move, article, now=None):
    """Why `user` may not make `move` on `article` now, or None when they may."""
    if not is_desk(user):
        return "Only desk staff can move articles."
    if move.who == EDITORS and not is_editor(user):
        return f"Only an editor can {move.label.lower()}."
    if move.who == WRITERS and not can_edit(user, article):
        return "You can only submit your own drafts."
    if move.who == OWNERS and not may_change_own(user, article):
        return "Only its own reporters can withdraw a submission; an editor returns it."
    current = stage(article, now)
    if current not in move.sources:
        return f"“{move.label}” is not possible for an article that is {current.label.lower()}."
    return None


def allowed_moves(user, article):
    return [move for move in MOVES.values() if refusal(user, move, article) is None]


# The moves -----------------------------------------------------------------------------------------


def move(name, article, user, note="", publish_at=None):
    """Make the move called `name` (as posted by the panel or a bulk action); return its Transition."""
    if name not in MOVES:
        raise Refused("There is no such step in the workflow.")
    step = MOVES[name]
    now = timezone.now()
    with transaction.atomic():
        # Lock the row and judge the state as it is now, not as the caller's copy remembers it.
        locked = Article.objects.select_for_update().get(pk=article.pk)
        reason = refusal(user, step, locked, now)
        if reason:
            raise Refused(reason)
        if step.target == Status.PUBLISHED:
            missing = missing_for_publication(locked)
            if missing:
                raise Refused("Not ready to publish. Missing: " + "; ".join(missing) + ".")
        if name == "schedule":
            if publish_at is None or publish_at <= now:
                raise Refused("Pick a publication time in the future, or publish now.")
        elif name == "publish":
            publish_at = now
        else:
            publish_at = None

        before = locked.status
        locked.status = step.target
        locked.published_at = publish_at
        editing.save_article(locked)
        transition = Transition.objects.create(
            article=locked,
            name=name,
            from_status=before,
            to_status=step.target,
            user=user,
            at=now,
            publish_at=publish_at,
            note=note.strip(),
        )
        transaction.on_commit(lambda: send_transition_emails.enqueue(transition.pk))
        if name == "schedule":
            transaction.on_commit(lambda: announce_live_at(locked.pk, publish_at))
    article.status, article.published_at = locked.status, locked.published_at
    return transition


def announce_live_at(article_id, moment):
    """Queue the "Now live" notice for `moment`. Only a queue that can wait (the database queue and its
    worker, as in production) can deliver it then; the immediate backend of development has none."""
    task = announce_live
    if not task.get_backend().supports_defer:
        return
    task.using(run_after=moment).enqueue(article_id, moment.isoformat())


@retried
def announce_live(article_id, moment):
    """Queued by a schedule for its moment: the "Now live" log entry and emails (went_live)."""
    return went_live(article_id, datetime.fromisoformat(moment))


def went_live(article_id, moment, now=None):
    """A scheduled article's moment has come: log it and tell its reporters, once.

    Does nothing when the article was unpublished or rescheduled since (a new schedule queues its own
    notice) or when it was already announced; too early (a worker's clock ahead), it queues itself again.
    """
    now = now or timezone.now()
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None or article.status != Status.PUBLISHED or article.published_at != moment:
            return "unpublished or rescheduled since"
        if moment > now:
            transaction.on_commit(lambda: announce_live_at(article_id, moment))
            return "not yet"
        if article.transitions.filter(name="live", publish_at=moment).exists():
            return "already announced"
        transition = Transition.objects.create(
            article=article,
            name="live",
            from_status=Status.PUBLISHED,
            to_status=Status.PUBLISHED,
            user=None,
            at=now,
            publish_at=moment,
        )
        transaction.on_commit(lambda: send_transition_emails.enqueue(transition.pk))
    return "announced"


def add_correction(article, user, kind, text):
    """Append a dated correction or update note to a live article; it moves "Updated on"."""
    text = text.strip()
    if not is_editor(user):
        raise Refused("Only an editor can add a correction or an update.")
    if not text:
        raise Refused("Write the correction or update first.")
    if kind not in Correction.Kind.values:
        raise Refused("Choose whether this is a correction or an update.")
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if stage(locked) != Stage.PUBLISHED:
            raise Refused("Corrections and updates are for articles readers can already see.")
        correction = Correction.objects.create(article=locked, kind=kind, text=text, created_by=user)
        Article.objects.filter(pk=locked.pk).update(revised_at=correction.created_at)
        invalidation.articles_shown_changed([locked.pk])
    return correction
