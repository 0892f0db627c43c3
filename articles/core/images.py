"""Pictures (the media library, live updates' pictures): what an upload must be, and the sizes, shapes
and formats made from it for readers' screens."""

import io
import logging
import re
import warnings
from pathlib import PurePosixPath

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000  # about 8,660 x 5,770: more than any camera a newsroom sends, far below a bomb
WIDTHS = (480, 800, 1200, 1600)
# Modern formats first: the browser takes the first <source> it understands, else the <img>'s own.
MODERN = (
    ("AVIF", "avif", "image/avif", {"quality": 55, "speed": 8}),
    ("WEBP", "webp", "image/webp", {"quality": 78}),
)


def check_upload(upload):
    """Refuse anything but a real raster image of sane size, from its header alone (nothing is decoded)."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            f"This file is {filesizeformat(upload.size)}; the limit is {filesizeformat(MAX_UPLOAD_BYTES)}."
        )
    kinds = ", ".join(ACCEPTED_FORMATS.values())
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow warns past its own limit and refuses at twice it; our limit below is lower still.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                kind, (width, height) = image.format, image.size
    except Image.DecompressionBombError as error:
        pixels = int(re.search(r"\d+", str(error)).group())
        raise forms.ValidationError(_too_large_message(f"{pixels // 1_000_000:,} megapixels")) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise forms.ValidationError(f"This file is not an image we can use ({kinds}).") from None
    finally:
        upload.seek(0)
    if kind not in ACCEPTED_FORMATS:
        raise forms.ValidationError(f"{kind} images are not accepted; use {kinds}.")
    if width * height > MAX_PIXELS:
        raise forms.ValidationError(_too_large_message(f"{width:,} × {height:,} pixels"))


def _too_large_message(size):
    return f"This image is {size}; the limit is {MAX_PIXELS // 1_000_000} megapixels. Resize it and upload again."


class CheckedImageField(forms.ImageField):
    """Django's image field, with check_upload() first so that a bomb never reaches Pillow's decoder."""

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "size"):
            check_upload(data)
        return super().to_python(data)


# For a ModelAdmin's formfield_overrides: every image upload in the admin goes through check_upload().
CHECKED_IMAGES = {models.ImageField: {"form_class": CheckedImageField, "widget": AdminFileWidget}}


# The shapes cut from a picture, each around its focal point, for the places that show a fixed shape:
# list thumbnails, the front page's top stories, and the card that social networks and search engines
# show (which they would otherwise cut themselves, from the middle).
CROPS = {
    "square": (1, (192, 384)),
    "landscape": (3 / 2, (480, 960)),
}
SOCIAL_CARD = (1200, 630)
COMMON = ("image/jpeg", "image/png")  # what every browser, feed reader and crawler understands


def crop_box(width, height, ratio, focal):
    """The largest box of `ratio` (width / height) inside a width x height picture, centred on the
    focal point (fractions of width and height) as far as the picture's edges allow, so the point is
    always inside it."""
    if width / height > ratio:
        box_width, box_height = max(1, round(height * ratio)), height
    else:
        box_width, box_height = width, max(1, round(width / ratio))
    left = min(max(round(focal[0] * width - box_width / 2), 0), width - box_width)
    top = min(max(round(focal[1] * height - box_height / 2), 0), height - box_height)
    return left, top, left + box_width, top + box_height


def make_renditions(image_field, folder, focal=(0.5, 0.5), *, crops=True):
    """The picture at each of WIDTHS it is wider than (plus its own width, capped), in AVIF, WebP and
    its own web format; with `crops`, also each of CROPS and the social card, cut around `focal`.

    Returns [{"crop", "width", "height", "format", "name"}] ("crop" is "" for the whole picture, else
    a key of CROPS or "social"); [] when the file cannot be read.
    """
    try:
        with image_field.open("rb") as source, Image.open(source) as opened:
            original = ImageOps.exif_transpose(opened)
            original.load()
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        logger.warning("No renditions for %s: %s", image_field.name, error)
        return []
    has_alpha = original.mode in ("RGBA", "LA", "PA") or "transparency" in original.info
    fallback = (
        ("PNG", "png", "image/png", {"optimize": True})
        if has_alpha
        else ("JPEG", "jpg", "image/jpeg", {"quality": 82, "optimize": True, "progressive": True})
    )
    working = original.convert("RGBA" if has_alpha else "RGB")
    stem = f"{folder}/{PurePosixPath(image_field.name).stem}"
    every_format = (*MODERN, fallback)
    renditions = _sized(working, "", WIDTHS, every_format, stem)
    if crops:
        for crop, (ratio, widths) in CROPS.items():
            cut = working.crop(crop_box(working.width, working.height, ratio, focal))
            renditions += _sized(cut, crop, widths, every_format, stem)
        card_width, card_height = SOCIAL_CARD
        cut = working.crop(crop_box(working.width, working.height, card_width / card_height, focal))
        renditions += _sized(cut, "social", (card_width,), (fallback,), stem)
    return renditions


def _sized(picture, crop, widths, formats, stem):
    """`picture` at each of `widths` it is wider than, plus its own width capped at the largest."""
    chosen = sorted({width for width in widths if width < picture.width} | {min(picture.width, widths[-1])})
    made = []
    for width in chosen:
        height = max(1, round(picture.height * width / picture.width))
        resized = picture.resize((width, height), Image.Resampling.LANCZOS)
        for pillow_format, extension, mime, options in formats:
            buffer = io.BytesIO()
            resized.save(buffer, pillow_format, **options)
            label = f"{crop}-" if crop else ""
            name = default_storage.save(f"{stem}-{label}{width}.{extension}", ContentFile(buffer.getvalue()))
            made.append({"crop": crop, "width": width, "height": height, "format": mime, "name": name})
    return made


def delete_renditions(renditions):
    for rendition in renditions:
        default_storage.delete(rendition["name"])
