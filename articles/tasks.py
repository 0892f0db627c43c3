"""Background work: everything slow that a save or a move sets off, run outside the request.

Through Django's tasks API (the django-tasks backport): at once in development and tests, from a
database queue and `manage.py db_worker` in production. A failed task is tried again, with growing
pauses where the backend can wait, up to MAX_ATTEMPTS times; then it stays failed, with its error,
for an operator (`manage.py task_failures`, or the task results in the admin).
"""

import functools
import logging
from datetime import datetime, timedelta

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .core import images
from .core import pagecache as cache
from .editing import indexing, reading
from .models import Article, Image, Status, Transition

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
FIRST_PAUSE = timedelta(seconds=30)


def retried(function):
    """A task that, when it raises, queues itself again (up to MAX_ATTEMPTS tries in all)."""

    @functools.wraps(function)
    def run(*args, attempt=1, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception:
            if attempt >= MAX_ATTEMPTS:
                logger.exception("%s failed for good after %s attempts", function.__name__, attempt)
                raise
            logger.warning("%s failed (attempt %s); trying again", function.__name__, attempt, exc_info=True)
            again = the_task
            if again.get_backend().supports_defer:
                again = again.using(run_after=timezone.now() + FIRST_PAUSE * 2 ** (attempt - 1))
            again.enqueue(*args, attempt=attempt + 1, **kwargs)
            return f"failed on attempt {attempt}; queued again"

    the_task = task(run)
    return the_task


@retried
def refresh_articles(article_ids):
    """Search documents and related reading of articles whose text, tags or bylines changed."""
    indexing.reindex(article_ids)
    reading.refresh(article_ids)
    if Article.objects.filter(pk__in=article_ids, status=Status.PUBLISHED).exists():
        cache.content_changed()  # their related reading, shown to readers, may have changed


@retried
def make_renditions(image_id, version):
    """A library picture's sizes and shapes, for its file and focal point as `version` names them;
    when the picture changed meanwhile, the newer change makes its own."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None or rendition_version(image) != version:
        return "the picture changed since"
    renditions = images.make_renditions(image.file, f"renditions/images/{image_id}", image.focal_point)
    stale = [rendition["name"] for rendition in image.renditions or []]
    current = Image.objects.filter(
        pk=image_id, file=image.file.name, focal_x=image.focal_x, focal_y=image.focal_y
    )
    if not current.update(renditions=renditions):
        images.delete_renditions(renditions)
        return "the picture changed since"
    transaction.on_commit(lambda: delete_files.enqueue(stale))
    # The bodies that show it keep its sizes in their stored HTML: write them again with the new ones.
    bodies = list(Article.objects.filter(body_images=image_id).values_list("pk", flat=True))
    if bodies:
        from .editing.articles import rerender_bodies

        rerender_bodies(bodies)
    shown_publicly = image.leads.filter(status=Status.PUBLISHED) | image.social_cards.filter(
        status=Status.PUBLISHED
    )
    if bodies or shown_publicly.exists():
        cache.content_changed()
    return f"{len(renditions)} renditions"


def rendition_version(image):
    """What the renditions are made from: the file and the focal point."""
    return f"{image.file.name}@{image.focal_x:.4f},{image.focal_y:.4f}"


@retried
def make_live_renditions(update_id, image_name):
    """A live update's picture in the sizes and formats of a lead image; its page shows the original
    until they exist."""
    from .models import LiveUpdate

    update = LiveUpdate.objects.filter(pk=update_id, image=image_name).first()
    if update is None:
        return "the update has another picture now"
    renditions = images.make_renditions(update.image, f"renditions/live/{update_id}", crops=False)
    if not LiveUpdate.objects.filter(pk=update_id, image=image_name).update(image_renditions=renditions):
        images.delete_renditions(renditions)
        return "the update has another picture now"
    if update.article.is_published:
        cache.content_changed()
    return f"{len(renditions)} renditions"


@retried
def delete_files(names):
    """Files nothing points to any more (an image's old renditions), once the change is committed."""
    for name in names:
        default_storage.delete(name)


@retried
def announce_live(article_id, moment):
    """Queued by a schedule for its moment: the "Now live" log entry and emails (workflow.went_live)."""
    from .desk.workflow import went_live

    return went_live(article_id, datetime.fromisoformat(moment))


@retried
def send_comment_emails(comment_id):
    from .desk.notifications import notify_mentions
    from .models import Comment

    comment = Comment.objects.select_related("article", "author").filter(pk=comment_id).first()
    if comment is not None:
        notify_mentions(comment)


@retried
def send_transition_emails(transition_id):
    from .desk.notifications import notify

    transition = Transition.objects.select_related("article", "user").filter(pk=transition_id).first()
    if transition is not None:
        notify(transition)
