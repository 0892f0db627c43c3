import argparse
import codecs
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, OperationalError
from django.utils import timezone
from taggit.models import Tag

from accounts.models import Author
from newsroom.text import safe_text, shortened

from ...importers import ImportFailed, formats, wordpress
from ...importers.base import Skipped
from ...importers.fitting import fitted
from ...importers.formats import FORMATS, HEAD_SIZE, NINJS, WORDPRESS, detect
from ...importers.inputs import Input, inputs, read
from ...importers.pictures import Pictures
from ...importers.progress import Progress
from ...importers.store import ImportOptions, Item, Outcome, store_batch
from ...models import Section, Status

# Items per transaction: big enough to amortise the commit, small enough to keep locks short.
BATCH_SIZE = 500
# Seconds to wait before each new try of a batch the database refused for a lock or a deadlock.
PAUSES_BEFORE_RETRY = (0.5, 1, 2, 4)


class Command(BaseCommand):
    help = (
        "Import articles from files, directories (every file of a known kind inside) or '-' for "
        "standard input: WordPress exports (WXR), IPTC ninjs, Markdown with YAML front matter, saved "
        "web pages and the scraped text format, each told from its content (--format forces one). "
        "Importing the same item again updates its article. New articles take their status from the "
        "item (a WordPress draft stays a draft) or from --status; existing ones keep theirs."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="a file, a directory, or -")
        parser.add_argument("--format", choices=FORMATS, help="read every file in this format")
        parser.add_argument("--section", default="", help="section name or slug (default: the item's own)")
        parser.add_argument(
            "--byline",
            action="append",
            default=[],
            dest="bylines",
            metavar="NAME",
            help="an author's name, replacing the item's own; repeat for several, in order "
            "(commas also separate names)",
        )
        parser.add_argument(
            "--tag",
            action="append",
            default=[],
            dest="tags",
            metavar="TAG",
            help="a tag added to the item's own; repeat for several (commas also separate tags)",
        )
        status = parser.add_mutually_exclusive_group()
        status.add_argument(
            "--status",
            choices=[choice.value for choice in Status],
            default=None,
            help="status of new articles (default: the item's own, else draft)",
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
            help="refuse files larger than this, e.g. 500k or 5M (default: IMPORT_MAX_FILE_SIZE, 2M); "
            "WordPress exports are streamed and have no limit",
        )
        parser.add_argument(
            "--media-root",
            type=Path,
            metavar="FOLDER",
            help="a copy of the old site's uploads folder (WordPress: wp-content/uploads), where the "
            "pictures items point at are looked for",
        )
        parser.add_argument(
            "--fetch-pictures",
            action="store_true",
            help="fetch pictures not found under --media-root from their old addresses",
        )
        parser.add_argument("--dry-run", action="store_true", help="parse and report, write nothing")

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        forced = options["publish"] or options["status"]
        self.import_options = ImportOptions(
            section=_checked_name("--section", options["section"], Section),
            bylines=_checked_names("--byline", options["bylines"], Author),
            tags=_checked_names("--tag", options["tags"], Tag),
            status=(Status.PUBLISHED if options["publish"] else Status(options["status"]))
            if forced
            else None,
            published_at=_parse_when(options["published_at"]),
            dry_run=options["dry_run"],
        )
        media_root = options["media_root"]
        if media_root is not None and not media_root.is_dir():
            raise CommandError(f"--media-root {media_root} is not a folder.")
        self.pictures = Pictures(media_root=media_root, fetch=options["fetch_pictures"])
        self.encoding = _checked_encoding(options["encoding"])
        self.limit = options["max_size"] or settings.IMPORT_MAX_FILE_SIZE
        self.counts = dict.fromkeys([*Outcome, "skipped", "failed"], 0)
        self.skipped, self.flagged, self.missing = Counter(), 0, 0
        self.batch, self.keys = [], {}

        sources = list(inputs(options["paths"]))
        self.progress = Progress(
            lambda text: (self.stderr.write(text, ending=""), self.stderr.flush()),
            terminal=self.stderr.isatty(),
            total=len(sources) if len(sources) > 1 else None,
        )
        with tempfile.TemporaryDirectory(prefix="import-") as spool:
            for source in sources:
                self._import(source, options["format"], Path(spool))
        self._store()
        self.progress.finish()
        self._summarise()

    def _import(self, source, forced_format, spool):
        if source.problem:
            return self._fail(source.name, source.problem)
        if source.path is None:
            source = _spooled(source, spool)
        try:
            with source.path.open("rb") as file:
                head = file.read(HEAD_SIZE)
            kind = forced_format or detect(head, source.name)
            if kind == WORDPRESS:
                return self._import_wordpress(source)
            entries = formats.entries(kind, read(source, self.limit), encoding=self.encoding)
        except ImportFailed as error:
            return self._fail(source.name, str(error))
        except OSError as error:
            return self._fail(source.name, f"cannot be read: {error.strerror or error}")
        many = kind == NINJS
        for entry in entries:
            self._take(source, entry, many=many)
        self.progress.advance()

    def _import_wordpress(self, source):
        export = wordpress.scan(source.path)
        if not export.posts:
            raise ImportFailed("a WordPress export with no posts in it")
        per_post = self.progress.total is None  # the only input: its posts are the progress
        if per_post:
            self.progress.total = export.posts
        for entry in wordpress.items(source.path, export):
            self._take(source, entry, many=True)
            if per_post and not isinstance(entry, Skipped):
                self.progress.advance()
        if not per_post:
            self.progress.advance()

    def _take(self, source, entry, *, many):
        if isinstance(entry, Skipped):
            self.counts["skipped"] += 1
            self.skipped[entry.kind] += 1
            return
        if isinstance(entry, ImportFailed):
            return self._fail(source.name, str(entry))
        try:
            entry = fitted(
                entry,
                section=self.import_options.section,
                default_section=settings.IMPORT_DEFAULT_SECTION,
            )
        except ImportFailed as error:
            return self._fail(f"{source.name} › {entry.key}" if many else source.name, str(error))
        name = f"{source.name} › {shortened(entry.headline, 8)}" if many else source.name
        key = entry.key or source.key or f"stdin:{entry.headline}"[:255]
        if key in self.keys:
            reason = (
                f"the same item as {self.keys[key]} (source key {key}); the first is kept: give this one "
                "its own key (a ninjs uri, a post id) to import it too"
                if many or entry.key
                else f"known by the same name as {self.keys[key]}; import their folder instead"
            )
            return self._fail(name, reason)
        self.keys[key] = name
        for note in entry.notes:
            self.stderr.write(f"flagged: {name}: {note}")
        self.flagged += bool(entry.notes)
        self.batch.append(Item(name, key, entry))
        if len(self.batch) >= BATCH_SIZE:
            self._store()

    def _store(self):
        batch, self.batch = self.batch, []
        if not batch:
            return
        for pause in (*PAUSES_BEFORE_RETRY, None):
            try:
                results = store_batch(batch, options=self.import_options, pictures=self.pictures)
                break
            except OperationalError as error:
                # A lock or deadlock beside another writer (a second import): the batch was taken
                # back whole; once the other has committed, trying again finds its work.
                if pause is None:
                    return self._fail_all(batch, error)
                time.sleep(pause)
            except DatabaseError as error:
                return self._fail_all(batch, error)
        dry_run = self.import_options.dry_run
        for result in results:
            if result.outcome is None:
                self._fail(result.item.name, result.error)
                continue
            self.counts[result.outcome] += 1
            for url, why in result.missing:
                self.missing += 1
                self.stderr.write(f"missing picture: {result.item.name}: {url} ({why})")
            if self.verbosity >= 1:
                verb = f"would be {result.outcome}" if dry_run else result.outcome
                article = result.article
                self.stdout.write(
                    f"{verb}: {result.item.name} -> {article.get_absolute_url()} ({article.get_status_display()})"
                )

    def _summarise(self):
        counted = []
        for label, count in self.counts.items():
            counted.append(f"{count} {label}")
            if label == "skipped" and self.skipped:
                counted[-1] += (
                    " (" + ", ".join(_counted(kind, n) for kind, n in self.skipped.most_common()) + ")"
                )
        prefix = "Dry run, nothing written: " if self.import_options.dry_run else ""
        looks = f"; {self.flagged} flagged for a look (see above)" if self.flagged else ""
        if self.missing:
            looks += f"; {_counted('picture', self.missing)} missing (see above)"
        self.stdout.write(f"{prefix}{', '.join(counted)}{looks}.")
        failed = self.counts["failed"]
        if failed:
            total = sum(self.counts.values()) - self.counts["skipped"]
            raise CommandError(f"{failed} of {total} items failed to import.")

    def _fail_all(self, batch, error):
        for item in batch:
            self._fail(item.name, f"{type(error).__name__}: {error}")

    def _fail(self, name, reason):
        self.counts["failed"] += 1
        self.stderr.write(f"failed: {name}: {reason}")


def _spooled(source, folder):
    """Standard input copied to a file, a piece at a time: formats read twice (WordPress) need one."""
    path = folder / "stdin"
    with path.open("wb") as file:
        shutil.copyfileobj(sys.stdin.buffer, file, 1024 * 1024)
    return Input(source.name, None, path)


def _counted(kind, count):
    if count == 1:
        return f"1 {kind}"
    plural = {
        "comment": "comments",
        "page": "pages",
        "attachment": "attachments",
        "menu item": "menu items",
        "picture": "pictures",
    }
    return f"{count} {plural.get(kind, kind)}"


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
