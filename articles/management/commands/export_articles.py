"""`manage.py export_articles`: articles out, as ninjs lines, a WordPress export or seed text files."""

from datetime import datetime, time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from ...exporters import ninjs, scraped_text, wordpress
from ...models import Article, Section, Stage, Status

FORMATS = ("ninjs", "wordpress", "text")


class Command(BaseCommand):
    help = (
        "Export articles as IPTC ninjs (one JSON object per line), a WordPress export (WXR) or files in "
        "the scraped text format (one per article, into --output FOLDER). import_article reads all three back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS, default="ninjs", help="default: ninjs")
        parser.add_argument(
            "--output", "-o", metavar="PATH", help="a file (a folder for text); default: standard output"
        )
        parser.add_argument(
            "--section",
            action="append",
            default=[],
            metavar="SECTION",
            help="a section's name or slug; repeat for several",
        )
        parser.add_argument(
            "--status",
            action="append",
            default=[],
            choices=[stage.value for stage in Stage],
            help="repeat for several",
        )
        parser.add_argument("--since", metavar="DATE", help="published on or after this date (ISO)")
        parser.add_argument("--until", metavar="DATE", help="published on or before this date (ISO)")

    def handle(self, *args, **options):
        articles = self._chosen(options)
        count = articles.count()
        output = options["output"]
        if options["format"] == "text":
            if not output:
                raise CommandError("--format text writes one file per article: give --output FOLDER.")
            self._write_text(articles, Path(output))
        else:
            pieces = (
                ninjs.lines(
                    articles.select_related("section", "lead_image")
                    .prefetch_related("bylines__author", Article.objects.topics_prefetch())
                    .iterator(chunk_size=500)
                )
                if options["format"] == "ninjs"
                else wordpress.pieces(articles, site_name=settings.SITE_NAME, language=settings.LANGUAGE_CODE)
            )
            self._write(pieces, output)
        self.stderr.write(f"Exported {count} article{'s' if count != 1 else ''} as {options['format']}.")

    def _chosen(self, options):
        articles = Article.objects.order_by("published_at", "pk")
        if options["section"]:
            wanted = Q()
            for name in options["section"]:
                found = Section.objects.filter(Q(slug=name) | Q(name__iexact=name)).first()
                if found is None:
                    raise CommandError(f"--section {name!r}: no section has that name or slug.")
                wanted |= Q(section=found)
            articles = articles.filter(wanted)
        if options["status"]:
            now, wanted = timezone.now(), Q()
            for stage in options["status"]:
                if stage == Stage.SCHEDULED:
                    wanted |= Q(status=Status.PUBLISHED, published_at__gt=now)
                elif stage == Stage.PUBLISHED:
                    wanted |= Q(status=Status.PUBLISHED, published_at__lte=now)
                else:
                    wanted |= Q(status=stage)
            articles = articles.filter(wanted)
        if since := _date("--since", options["since"]):
            articles = articles.filter(published_at__gte=since)
        if until := _date("--until", options["until"], end_of_day=True):
            articles = articles.filter(published_at__lte=until)
        return articles

    def _write(self, pieces, output):
        if not output or output == "-":
            for piece in pieces:
                self.stdout.write(piece, ending="")
            self.stdout.flush()
            return
        path = Path(output)
        partial = path.with_name(path.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8") as file:
                for piece in pieces:
                    file.write(piece)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"cannot write {output}: {error.strerror or error}") from None
        partial.replace(path)  # a reader of the file never sees half an export

    def _write_text(self, articles, folder):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for article in articles.select_related("section", "lead_image").iterator(chunk_size=500):
                (folder / scraped_text.file_name(article)).write_text(
                    scraped_text.text(article), encoding="utf-8"
                )
        except OSError as error:
            raise CommandError(f"cannot write into {folder}: {error.strerror or error}") from None


def _date(option, value, *, end_of_day=False):
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} {value!r} is not an ISO date such as 2025-11-25") from None
    if end_of_day and len(value) <= 10:
        when = datetime.combine(when.date(), time.max)
    return when if timezone.is_aware(when) else timezone.make_aware(when)
