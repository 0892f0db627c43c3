"""The media library's pictures, and which bodies show them."""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from newsroom.text import SafeLineField

from .content import Article


def _fraction(value):
    if not 0 <= value <= 1:
        raise ValidationError("A focal point lies inside the picture: between 0 and 1.")


class Image(models.Model):
    """A picture in the media library: uploaded once, then used as lead images and in bodies.

    Its renditions (core/images.py) are made in the background from the file and the focal point: every
    crop keeps the point in frame. Pages show the original until they exist.
    """

    file = models.ImageField(upload_to="images/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt = SafeLineField(
        "alt text",
        max_length=300,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it.",
    )
    caption = SafeLineField(max_length=500, blank=True)
    credit = SafeLineField(max_length=200, blank=True, help_text="Who made it, e.g. “Photo: Ana Ruiz/AP”.")
    # Where the picture's subject is, as fractions of its width and height from the top left.
    focal_x = models.FloatField(default=0.5, validators=[_fraction])
    focal_y = models.FloatField(default=0.5, validators=[_fraction])
    # [{"crop", "width", "height", "format", "name"}]: see images.make_renditions.
    renditions = models.JSONField(default=list, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    # Where an imported picture came from (its address in the old site): a second import finds it here.
    source = models.CharField(max_length=500, blank=True, editable=False, db_index=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["-uploaded_at", "-id"], name="image_newest")]

    def __str__(self):
        return self.caption or self.alt or PurePosixPath(self.file.name).name

    @property
    def focal_point(self):
        return (self.focal_x, self.focal_y)


class BodyImage(models.Model):
    """A library picture shown in an article's body: such a picture cannot be deleted from the library."""

    # Indexed by unique_body_image (article first), so no index of its own.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, db_index=False)
    image = models.ForeignKey(Image, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "image"], name="unique_body_image")]

    def __str__(self):
        return f"{self.image} in {self.article}"
