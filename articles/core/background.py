"""Background work: the retry policy every task shares, and the one task that only deletes files.

Tasks run through Django's tasks API (the django-tasks backport): at once in development and tests,
from a database queue and `manage.py db_worker` in production. Each task is declared beside the work
it does; a failed one is tried again, with growing pauses where the backend can wait, up to
MAX_ATTEMPTS times; then it stays failed, with its error, for an operator (`manage.py task_failures`,
or the task results in the admin). This module imports nothing from the app, so anything may use it.
"""

import functools
import logging
from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks import task

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
def delete_files(names):
    """Files nothing points to any more (an image's old renditions), once the change is committed."""
    for name in names:
        default_storage.delete(name)
