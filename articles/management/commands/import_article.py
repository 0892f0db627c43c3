import sys
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from articles.importers import ImportFailed, scraped_text
from articles.importers.store import ImportOptions, Item, Outcome, store_batch
from articles.models import Status

STDIN = "-"
# Files per transaction: big enough to amortise the commit, small enough to keep locks short.
BATCH_SIZE = 500


class Command(BaseCommand):
    help = (
        "Import articles in the scraped text format from files, directories (every *.txt inside) "
        "or '-' for standard input. Importing the same file again updates its article. New articles "
        "are drafts unless --publish or --status says otherwise; existing ones keep their status."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="a file, a directory, or -")
        parser.add_argument("--section", default="", help="section name or slug (default: the file's own)")
        parser.add_argument(
            "--byline",
            action="append",
            default=[],
            dest="bylines",
            metavar="NAME",
            help="an author's name; repeat for several, in order (commas also separate names)",
        )
        parser.add_argument(
            "--tag",
            action="append",
            default=[],
            dest="tags",
            metavar="TAG",
            help="a tag; repeat for several (commas also separate tags)",
        )
        status = parser.add_mutually_exclusive_group()
        status.add_argument(
            "--status",
            choices=[choice.value for choice in Status],
            default=None,
            help="status of new articles",
        )
        status.add_argument(
            "--publish", action="store_true", help="publish new articles (same as --status published)"
        )
        parser.add_argument(
            "--published-at",
            metavar="WHEN",
            help="ISO date or date-time, e.g. 2025-11-25 or 2025-11-25T14:30; without a zone, TIME_ZONE applies",
        )
        parser.add_argument("--encoding", help="decode files with this encoding instead of detecting it")
        parser.add_argument("--dry-run", action="store_true", help="parse and report, write nothing")

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        import_options = ImportOptions(
            section=options["section"].strip(),
            bylines=_split_names(options["bylines"]),
            tags=_split_names(options["tags"]),
            status=Status.PUBLISHED if options["publish"] else Status(options["status"] or Status.DRAFT),
            published_at=_parse_when(options["published_at"]),
            dry_run=options["dry_run"],
        )
        counts = dict.fromkeys([*Outcome, "failed"], 0)
        batch = []
        for name, read in self._sources(options["paths"], counts):
            try:
                parsed = scraped_text.parse(read(), encoding=options["encoding"])
            except ImportFailed as error:
                self._fail(name, str(error), counts)
            except OSError as error:
                self._fail(name, f"{type(error).__name__}: {error}", counts)
            else:
                batch.append(Item(name, _source_key(name, parsed), parsed))
            if len(batch) >= BATCH_SIZE:
                self._store(batch, import_options, counts)
                batch = []
        self._store(batch, import_options, counts)

        summary = ", ".join(f"{count} {label}" for label, count in counts.items())
        prefix = "Dry run, nothing written: " if import_options.dry_run else ""
        self.stdout.write(f"{prefix}{summary}.")
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} of {sum(counts.values())} files failed to import.")

    def _store(self, batch, import_options, counts):
        if not batch:
            return
        try:
            results = store_batch(batch, options=import_options)
        except DatabaseError as error:
            for item in batch:
                self._fail(item.name, f"{type(error).__name__}: {error}", counts)
            return
        for result in results:
            if result.outcome is None:
                self._fail(result.item.name, result.error, counts)
                continue
            counts[result.outcome] += 1
            if self.verbosity >= 1:
                verb = f"would be {result.outcome}" if import_options.dry_run else result.outcome
                article = result.article
                self.stdout.write(
                    f"{verb}: {result.item.name} -> {article.get_absolute_url()} ({article.get_status_display()})"
                )

    def _sources(self, paths, counts):
        """(name, reader) for every input; paths that cannot be read count as failures."""
        for raw in paths:
            if raw == STDIN:
                yield "<stdin>", sys.stdin.buffer.read
                continue
            path = Path(raw)
            if path.is_dir():
                files = sorted(p for p in path.rglob("*.txt") if p.is_file())
                if not files:
                    self._fail(raw, "the directory holds no .txt files", counts)
                for file in files:
                    yield str(file), file.read_bytes
            elif path.is_file():
                yield raw, path.read_bytes
            else:
                self._fail(raw, "no such file or directory", counts)

    def _fail(self, name, reason, counts):
        counts["failed"] += 1
        self.stderr.write(f"failed: {name}: {reason}")


def _split_names(values):
    return tuple(name.strip() for value in values for name in value.split(",") if name.strip())


def _parse_when(value):
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--published-at {value!r} is not an ISO date such as 2025-11-25T14:30") from None
    return when if timezone.is_aware(when) else timezone.make_aware(when)


def _source_key(name, parsed):
    """Files are known by their name, wherever they are read from; standard input by its headline."""
    if name == "<stdin>":
        return f"stdin:{parsed.headline}"[:255]
    return Path(name).name
