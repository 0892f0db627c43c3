import argparse
import codecs
import re
import sys
import time
from datetime import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, OperationalError
from django.utils import timezone
from taggit.models import Tag

from accounts.models import Author
from articles.importers import ImportFailed, scraped_text
from articles.importers.inputs import inputs, read
from articles.importers.store import ImportOptions, Item, Outcome, store_batch
from articles.models import Section, Status
from newsroom.text import safe_text

# Files per transaction: big enough to amortise the commit, small enough to keep locks short.
BATCH_SIZE = 500
# Seconds to wait before each new try of a batch the database refused for a lock or a deadlock.
PAUSES_BEFORE_RETRY = (0.5, 1, 2, 4)


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
        parser.add_argument(
            "--max-size",
            type=_size,
            default=None,
            metavar="SIZE",
            help="refuse files larger than this, e.g. 500k or 5M (default: IMPORT_MAX_FILE_SIZE, 2M)",
        )
        parser.add_argument("--dry-run", action="store_true", help="parse and report, write nothing")

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        import_options = ImportOptions(
            section=_checked_name("--section", options["section"], Section),
            bylines=_checked_names("--byline", options["bylines"], Author),
            tags=_checked_names("--tag", options["tags"], Tag),
            status=Status.PUBLISHED if options["publish"] else Status(options["status"] or Status.DRAFT),
            published_at=_parse_when(options["published_at"]),
            dry_run=options["dry_run"],
        )
        encoding = _checked_encoding(options["encoding"])
        limit = options["max_size"] or settings.IMPORT_MAX_FILE_SIZE
        counts = dict.fromkeys([*Outcome, "failed"], 0)
        flagged, batch, keys = 0, [], {}
        for source in inputs(options["paths"]):
            if source.problem:
                self._fail(source.name, source.problem, counts)
                continue
            try:
                parsed = scraped_text.parse(read(source, limit, sys.stdin.buffer), encoding=encoding)
            except ImportFailed as error:
                self._fail(source.name, str(error), counts)
                continue
            except OSError as error:
                self._fail(source.name, f"cannot be read: {error.strerror or error}", counts)
                continue
            key = source.key or f"stdin:{parsed.headline}"[:255]
            if key in keys:
                self._fail(
                    source.name, f"known by the same name as {keys[key]}; import their folder instead", counts
                )
                continue
            keys[key] = source.name
            for note in parsed.notes:
                self.stderr.write(f"flagged: {source.name}: {note}")
            flagged += bool(parsed.notes)
            batch.append(Item(source.name, key, parsed))
            if len(batch) >= BATCH_SIZE:
                self._store(batch, import_options, counts)
                batch = []
        self._store(batch, import_options, counts)

        summary = ", ".join(f"{count} {label}" for label, count in counts.items())
        prefix = "Dry run, nothing written: " if import_options.dry_run else ""
        looks = f"; {flagged} flagged for a look (see above)" if flagged else ""
        self.stdout.write(f"{prefix}{summary}{looks}.")
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} of {sum(counts.values())} files failed to import.")

    def _store(self, batch, import_options, counts):
        if not batch:
            return
        for pause in (*PAUSES_BEFORE_RETRY, None):
            try:
                results = store_batch(batch, options=import_options)
                break
            except OperationalError as error:
                # A lock or deadlock beside another writer (a second import): the batch was taken
                # back whole; once the other has committed, trying again finds its work.
                if pause is None:
                    return self._fail_all(batch, error, counts)
                time.sleep(pause)
            except DatabaseError as error:
                return self._fail_all(batch, error, counts)
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

    def _fail_all(self, batch, error, counts):
        for item in batch:
            self._fail(item.name, f"{type(error).__name__}: {error}", counts)

    def _fail(self, name, reason, counts):
        counts["failed"] += 1
        self.stderr.write(f"failed: {name}: {reason}")


def _checked_names(option, values, model):
    """The names a repeatable option gives (commas separate them too), each checked by _checked_name."""
    if not all(isinstance(value, str) for value in values):
        # argparse reads "--tag=--" as the end of the options, and hands over no text at all.
        raise CommandError(f"{option} was given no name ('--' reads as the end of the options).")
    names = (_checked_name(option, name, model) for value in values for name in value.split(","))
    return tuple(dict.fromkeys(filter(None, names)))


def _checked_name(option, value, model):
    """A name given on the command line, tidy; refused before anything is read if it cannot be used."""
    name = safe_text(value, multiline=False)
    limit = model._meta.get_field("name").max_length
    if name and not any(character.isalnum() for character in name):
        raise CommandError(f"{option} {value!r} has no letters or digits.")
    if len(name) > limit:
        raise CommandError(f"{option} {name[:40]!r}… is {len(name)} characters long; the limit is {limit}.")
    return name


def _checked_encoding(name):
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise CommandError(
            f"--encoding {name!r} is not an encoding Python knows, such as cp1252 or latin-1."
        ) from None


def _size(value):
    """ "500k", "5M" or bytes, for --max-size."""
    match = re.fullmatch(r"\s*(\d+)\s*([kKmM]?)[bB]?\s*", value)
    if not match or int(match.group(1)) == 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a size such as 500k or 5M")
    return int(match.group(1)) * {"": 1, "k": 1024, "m": 1024 * 1024}[match.group(2).lower()]


def _parse_when(value):
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--published-at {value!r} is not an ISO date such as 2025-11-25T14:30") from None
    return when if timezone.is_aware(when) else timezone.make_aware(when)
