"""The media library: adding a picture, changing one, and what a change sets off.

Renditions are made in the background from the file and the focal point (make_renditions);
a change of its words reaches the bodies that show it (their credit) and the pages that do.
"""

from django.db import transaction
from django.db.models import Q

from ..core import images, invalidation
from ..core.background import delete_files, retried
from ..models import Article, Image, Status
from .articles import rerender_bodies

WORDS = ("alt", "caption", "credit")


def add(upload, *, by=None, alt="", caption="", credit=""):
    """A new library picture from a checked upload (images.check_upload)."""
    image = Image(file=upload, alt=alt, caption=caption, credit=credit, uploaded_by=by)
    save_image(image)
    return image


def save_image(image):
    """Save a new or changed library picture: its renditions are made again when its file or focal
    point changed, and what shows it is brought up to date."""
    stored = Image.objects.filter(pk=image.pk).first() if image.pk else None
    image.clean_fields(exclude=["file", "uploaded_by"])  # the file was checked on upload
    with transaction.atomic():
        image.save()
        if stored is None:
            version = rendition_version(image)
            transaction.on_commit(lambda: make_renditions.enqueue(image.pk, version))
            return image
        if stored.file.name != image.file.name:
            old = stored.file.name  # no revision points at an original: it goes with its renditions
            transaction.on_commit(lambda: delete_files.enqueue([old]))
        if rendition_version(stored) != rendition_version(image):
            version = rendition_version(image)
            transaction.on_commit(lambda: make_renditions.enqueue(image.pk, version))
        if any(getattr(stored, name) != getattr(image, name) for name in WORDS):
            bodies = list(image.bodies.values_list("pk", flat=True))
            if bodies:
                rerender_bodies(bodies)
            invalidation.articles_shown_changed(uses(image).values_list("pk", flat=True))
    return image


def uses(image):
    """The articles that show `image`: as their lead, in their body or as their social card."""
    return Article.objects.filter(
        Q(lead_image=image) | Q(body_images=image) | Q(social_image=image)
    ).distinct()


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
        rerender_bodies(bodies)
    invalidation.articles_shown_changed(
        uses(image).filter(status=Status.PUBLISHED).values_list("pk", flat=True)
    )
    return f"{len(renditions)} renditions"


def rendition_version(image):
    """What the renditions are made from: the file and the focal point."""
    return f"{image.file.name}@{image.focal_x:.4f},{image.focal_y:.4f}"
