from django.conf import settings
from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = (
        "List background tasks that failed for good (after every retry), newest first, with their error. "
        "Failures are kept in the database queue (TASK_BACKEND=database); the immediate backend only logs them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=50, help="show at most this many (default 50)")

    def handle(self, *args, limit, **options):
        if limit < 1:
            self.stderr.write("--limit must be at least 1.")
            return
        if settings.TASK_BACKEND != "database":
            self.stdout.write(
                f"TASK_BACKEND is {settings.TASK_BACKEND!r}: tasks run at once and failures go to the log only."
            )
            return
        failed = DBTaskResult.objects.failed()
        total = failed.count()
        for result in failed.order_by("-finished_at")[:limit]:
            error = (result.traceback.strip().splitlines() or [result.exception_class_path])[-1]
            self.stdout.write(
                f"{result.finished_at:%Y-%m-%d %H:%M:%S} {result.task_name}{tuple(result.args_kwargs['args'])}: {error}"
            )
        self.stdout.write(f"{total} failed task{'s' * (total != 1)}.")
