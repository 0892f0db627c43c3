"""Queue the renditions of library pictures: those that lack their shapes (pictures moved into the
library before focal points existed), or with --all every picture (after a change of sizes)."""

from django.core.management.base import BaseCommand

from ...editing.library import make_renditions, rendition_version
from ...models import Image


class Command(BaseCommand):
    help = "Make the sizes and shapes of library pictures that lack them (--all: of every picture)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Every picture, not only those lacking shapes."
        )

    def handle(self, *args, **options):
        queued = 0
        for image in Image.objects.only("pk", "file", "focal_x", "focal_y", "renditions").iterator():
            if options["all"] or not any(r.get("crop") for r in image.renditions or []):
                make_renditions.enqueue(image.pk, rendition_version(image))
                queued += 1
        self.stdout.write(f"Queued renditions of {queued} picture{'s' * (queued != 1)}.")
