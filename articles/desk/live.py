"""Live stories: an article whose page carries timestamped updates, newest first, while coverage runs.

Who may do what: an editor starts and ends the coverage; editors and the article's own reporters
post updates while it runs; an update is edited or removed by whoever posted it or by an editor.
Posting on a draft prepares the page: readers see it all once the article is published.

Every write locks the article's row, moves its "Updated on" when readers can see it (so feeds, the
sitemap and the page follow the latest update) and retires the cached pages once committed. A
refusal raises permissions.Refused with the reason and changes nothing.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..core import changes, images, invalidation
from ..core.background import delete_files, retried
from ..core.permissions import Refused, is_desk, is_editor, may_change_own
from ..core.sanitize import BodyWouldLoseText, sanitize_body
from ..models import Article, LiveUpdate

SHOWN = 100  # the newest updates a page shows; "Older updates" pages on from there
POLLED = 30  # the newest updates the readers' script is sent on each poll


# Who may do what ------------------------------------------------------------------------------------


def may_run(user, article):
    """Start or end the live coverage: an editor's call."""
    return is_desk(user) and is_editor(user)


def may_post(user, article):
    if not is_desk(user):
        return False
    return is_editor(user) or may_change_own(user, article)


def may_change(user, update):
    """Edit or remove an update: its poster (while they may still post there) or an editor."""
    if not is_desk(user):
        return False
    if is_editor(user):
        return True
    return update.posted_by_id == user.pk and may_post(user, update.article)


# The coverage ---------------------------------------------------------------------------------------


def start(article, user):
    if not may_run(user, article):
        raise Refused("Only an editor can start or end live coverage.")
    with transaction.atomic():
        locked = _locked(article)
        if locked.is_live:
            raise Refused("Live coverage is already running.")
        # A restart keeps the earlier updates and their start time: it is the same story going on.
        started = locked.live_started_at or timezone.now()
        Article.objects.filter(pk=locked.pk).update(live_started_at=started, live_ended_at=None)
        _changed(locked)
    article.live_started_at, article.live_ended_at = started, None


def end(article, user):
    """Stop the coverage: the page keeps every update and says when the coverage ended."""
    if not may_run(user, article):
        raise Refused("Only an editor can start or end live coverage.")
    with transaction.atomic():
        locked = _locked(article)
        if not locked.is_live:
            raise Refused("Live coverage is not running.")
        ended = timezone.now()
        Article.objects.filter(pk=locked.pk).update(live_ended_at=ended)
        _changed(locked)
        changes.touched(locked, changes.Change.LIVE_ENDED)
    article.live_ended_at = ended


# The updates ----------------------------------------------------------------------------------------


def post(article, user, *, text, title="", image=None, image_alt="", image_caption=""):
    """A new update on the running coverage; returns it."""
    if not may_post(user, article):
        raise Refused("Only an editor or the story's own reporters can post updates.")
    update = LiveUpdate(article=article, posted_by=user)
    _fill(update, title=title, text=text, image=image, image_alt=image_alt, image_caption=image_caption)
    with transaction.atomic():
        locked = _locked(article)
        if not locked.is_live:
            raise Refused("Live coverage is not running: an editor starts it first.")
        update.created_at = timezone.now()
        update.save()
        _changed(locked, revised=update.created_at)
        changes.touched(locked, changes.Change.LIVE_POSTED, item_id=update.pk)
        _renditions_later(update)
    return update


def edit(update, user, *, text, title="", image=None, image_alt="", image_caption="", clear_image=False):
    """Change an update's words or picture, keeping what it said before in its log."""
    if not may_change(user, update):
        raise Refused("Only whoever posted the update, or an editor, can change it.")
    with transaction.atomic():
        locked = _locked(update.article)
        # The update as it is now, not as the form loaded it: an edit made meanwhile stays in the log.
        current = LiveUpdate.objects.get(pk=update.pk)
        if current.removed_at is not None:
            raise Refused("This update was removed; it can no longer be changed.")
        old_image, old_renditions = current.image.name or "", list(current.image_renditions or [])
        before = {"title": current.title, "text": current.text}
        if clear_image and image is None:
            current.image, current.image_renditions = None, []
        _fill(current, title=title, text=text, image=image, image_alt=image_alt, image_caption=image_caption)
        now = timezone.now()
        current.earlier = [*current.earlier, {"at": now.isoformat(), "by": user.get_username(), **before}]
        current.edited_at, current.edited_by = now, user
        new_image = current.image.name or ""
        if new_image != old_image:
            current.image_renditions = []
        current.save()
        _changed(locked, revised=now)
        if new_image != old_image:
            _renditions_later(current)
            gone = [rendition["name"] for rendition in old_renditions] + ([old_image] if old_image else [])
            transaction.on_commit(lambda: delete_files.enqueue(gone))
    return current


def remove(update, user):
    """Take an update off the page; the desk's log keeps it, with who removed it and when."""
    if not may_change(user, update):
        raise Refused("Only whoever posted the update, or an editor, can remove it.")
    with transaction.atomic():
        locked = _locked(update.article)
        if LiveUpdate.objects.filter(pk=update.pk, removed_at=None).update(
            removed_at=timezone.now(), removed_by=user
        ):
            _changed(locked)  # "Updated on" stays: it dates the last news, not its retraction
    update.refresh_from_db()
    return update


def _fill(update, *, title, text, image, image_alt, image_caption):
    text, title = text.strip(), title.strip()
    if not text:
        raise Refused("Write the update first.")
    limit = LiveUpdate._meta.get_field("text").max_length
    if len(text) > limit:
        raise Refused(f"An update holds at most {limit:,} characters; this one has {len(text):,}.")
    try:
        cleaned = sanitize_body(text)
    except BodyWouldLoseText as error:
        raise Refused(str(error)) from None
    if image is not None:
        update.image = image
    if update.image and not image_alt.strip():
        raise Refused("Describe the picture in its alt text, for readers who cannot see it.")
    update.title, update.text, update.html = title, cleaned, cleaned
    update.image_alt, update.image_caption = image_alt.strip(), image_caption.strip()
    try:
        update.clean_fields(exclude=["article", "posted_by", "edited_by", "removed_by", "image"])
    except Exception as error:  # ValidationError from the model's own limits, e.g. a title too long
        messages = getattr(error, "message_dict", {})
        raise Refused(" ".join(" ".join(found) for found in messages.values()) or str(error)) from None


def _locked(article):
    return Article.objects.select_for_update().get(pk=article.pk)


def _changed(locked, revised=None):
    """After a write: "Updated on" moves to `revised` on a page readers can see, and its cache goes."""
    if not locked.is_published:
        return
    if revised is not None:
        Article.objects.filter(pk=locked.pk).update(revised_at=revised)
    changes.touched(locked)
    invalidation.articles_shown_changed([locked.pk])


def _renditions_later(update):
    if update.image:
        name = update.image.name
        transaction.on_commit(lambda: make_live_renditions.enqueue(update.pk, name))


# What readers see -----------------------------------------------------------------------------------


def shown(article, before=None, limit=None):
    """The updates a page shows, newest first, with their posters' bylines (one query); `before`
    (an update's id) pages on to older ones."""
    updates = article.live_updates.filter(removed_at=None).select_related("posted_by__author")
    if before is not None:
        anchor = updates.filter(pk=before).values_list("created_at", flat=True).first()
        if anchor is None:
            return []
        updates = updates.filter(Q(created_at__lt=anchor) | Q(created_at=anchor, id__lt=before))
    return list(updates.order_by("-created_at", "-id")[: limit or SHOWN])


def poster_name(update):
    """The name readers see on an update: its poster's author profile, else their account's name."""
    user = update.posted_by
    if user is None:
        return ""
    profile = getattr(user, "author", None)
    return profile.name if profile is not None else user.display_name


@retried
def make_live_renditions(update_id, image_name):
    """A live update's picture in the sizes and formats of a lead image; its page shows the original
    until they exist."""
    update = LiveUpdate.objects.filter(pk=update_id, image=image_name).first()
    if update is None:
        return "the update has another picture now"
    renditions = images.make_renditions(update.image, f"renditions/live/{update_id}", crops=False)
    if not LiveUpdate.objects.filter(pk=update_id, image=image_name).update(image_renditions=renditions):
        images.delete_renditions(renditions)
        return "the update has another picture now"
    if update.article.is_published:
        invalidation.articles_shown_changed([update.article_id])
    return f"{len(renditions)} renditions"
