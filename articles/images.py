"""Images (lead images, live updates' pictures): what an upload must be, and the sizes and formats made from it for readers' screens."""

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


def make_renditions(image_field, folder):
    """Resize the image to each of WIDTHS it is wider than (plus its own width, capped), in AVIF, WebP and
    its own web format. Returns [{"width", "height", "format", "name"}]; [] when the file cannot be read."""
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
    stem = PurePosixPath(image_field.name).stem
    widths = sorted({width for width in WIDTHS if width < working.width} | {min(working.width, WIDTHS[-1])})
    renditions = []
    for width in widths:
        height = max(1, round(working.height * width / working.width))
        resized = working.resize((width, height), Image.Resampling.LANCZOS)
        for pillow_format, extension, mime, options in (*MODERN, fallback):
            buffer = io.BytesIO()
            resized.save(buffer, pillow_format, **options)
            name = default_storage.save(
                f"{folder}/{stem}-{width}.{extension}", ContentFile(buffer.getvalue())
            )
            renditions.append({"width": width, "height": height, "format": mime, "name": name})
    return renditions


def delete_renditions(renditions):
    for rendition in renditions:
        default_storage.delete(rendition["name"])


def picture(image, renditions, width, height):
    """What a <picture> of an image needs, or None without one: `renditions` as make_renditions
    made them, `width` and `height` the original's (used while the renditions do not exist)."""
    if not image:
        return None
    by_format = {}
    for rendition in renditions or []:
        by_format.setdefault(rendition["format"], []).append(rendition)
    fallback_format = next((mime for mime in by_format if mime not in ("image/avif", "image/webp")), None)
    if fallback_format is None:
        # Renditions missing (not made yet, an unreadable file, or made before they existed): the original.
        return {"sources": [], "src": image.url, "srcset": "", "width": width, "height": height}
    fallback = by_format[fallback_format]
    largest = fallback[-1]
    middle = next((r for r in fallback if r["width"] >= 800), largest)
    return {
        "sources": [
            (mime, _srcset(by_format[mime])) for mime in ("image/avif", "image/webp") if mime in by_format
        ],
        "src": default_storage.url(middle["name"]),
        "srcset": _srcset(fallback),
        "width": largest["width"],
        "height": largest["height"],
    }


def lead(article):
    """The article's lead image as picture() describes it, or None."""
    return picture(
        article.lead_image, article.lead_image_renditions, article.lead_image_width, article.lead_image_height
    )


def largest_name(article):
    """The stored name of the biggest widely understood rendition, else of the original."""
    fallback = [r for r in article.lead_image_renditions or [] if r["format"] in ("image/jpeg", "image/png")]
    return fallback[-1]["name"] if fallback else article.lead_image.name


def largest_url(article):
    """The biggest rendition's URL, for social cards, structured data and feed enclosures."""
    return default_storage.url(largest_name(article))


def _srcset(renditions):
    return ", ".join(f"{default_storage.url(r['name'])} {r['width']}w" for r in renditions)
