"""Pictures in markup: what a <picture> of a library image, a lead image or a live update's picture
needs, and the <picture> element itself, with modern formats first and several widths; the URLs that
structured data, feeds and social cards use. Stored article bodies are built with it (core/body_media.py)
as well as every page, so it sits below both. The files themselves are made by core/images.py.
"""

from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .images import COMMON, CROPS


def picture(file, renditions, width, height, crop="", focal=(0.5, 0.5)):
    """What a <picture> of an image needs, or None without one: `renditions` as make_renditions made
    them, `width` and `height` the original's. The `crop`'s renditions when they exist, else the
    whole picture's, else (not made yet, an unreadable file) the original; `focal` lets the page's
    own cropping (CSS object-position) keep the point in frame when the crop is not there."""
    if not file:
        return None
    made = [r for r in renditions or [] if r.get("crop", "") == crop]
    if not made and crop:
        made = [r for r in renditions or [] if not r.get("crop")]
    by_format = {}
    for rendition in made:
        by_format.setdefault(rendition["format"], []).append(rendition)
    fallback_format = next((mime for mime in by_format if mime not in ("image/avif", "image/webp")), None)
    if fallback_format is None:
        return {
            "sources": [],
            "src": file.url,
            "srcset": "",
            "width": width,
            "height": height,
            "focal": focal,
        }
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
        "focal": focal,
    }


def shown(image, crop=""):
    """A library Image as picture() describes it (None for None)."""
    if image is None:
        return None
    return picture(image.file, image.renditions, image.width, image.height, crop, image.focal_point)


def lead(article, crop=""):
    """The article's lead image as picture() describes it, or None."""
    return shown(article.lead_image if article.lead_image_id else None, crop)


def largest_name(image):
    """The stored name of the biggest widely understood rendition of the whole picture, else of the
    original."""
    fallback = _whole_in_common_formats(image)
    return fallback[-1]["name"] if fallback else image.file.name


def largest_url(image):
    """The biggest rendition's URL, for structured data and feed enclosures."""
    return default_storage.url(largest_name(image))


def social_card(image):
    """(URL, width, height) of the card social networks show: cut around the focal point once made,
    the largest whole picture until then."""
    card = next((r for r in image.renditions or [] if r.get("crop") == "social"), None)
    if card is not None:
        return default_storage.url(card["name"]), card["width"], card["height"]
    fallback = _whole_in_common_formats(image)
    if fallback:
        return default_storage.url(fallback[-1]["name"]), fallback[-1]["width"], fallback[-1]["height"]
    return image.file.url, image.width, image.height


def shaped_urls(image):
    """The largest rendition of each of CROPS, in a widely understood format."""
    urls = []
    for crop in CROPS:
        made = [r for r in image.renditions or [] if r.get("crop") == crop and r["format"] in COMMON]
        if made:
            urls.append(default_storage.url(made[-1]["name"]))
    return urls


def thumbnail_url(image):
    """A small picture for the desk's lists and picker: the smallest square, else the original."""
    square = [r for r in image.renditions or [] if r.get("crop") == "square" and r["format"] in COMMON]
    return default_storage.url(square[0]["name"]) if square else image.file.url


def _whole_in_common_formats(image):
    return [r for r in image.renditions or [] if not r.get("crop") and r["format"] in COMMON]


def _srcset(renditions):
    return ", ".join(f"{default_storage.url(r['name'])} {r['width']}w" for r in renditions)


def picture_element(shown, alt, sizes, *, eager=False, css_class=""):
    """A <picture> of what picture() describes; nothing for None."""
    if shown is None:
        return ""
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        ((mime, srcset, sizes) for mime, srcset in shown["sources"]),
    )
    focal_x, focal_y = shown.get("focal", (0.5, 0.5))
    # Where the page itself crops (a crop's renditions not made yet), the focal point stays in frame.
    position = "" if (focal_x, focal_y) == (0.5, 0.5) else f"object-position:{focal_x:.0%} {focal_y:.0%}"
    return format_html(
        '<picture>{}<img{}{} src="{}"{} alt="{}" width="{}" height="{}" decoding="async"{}></picture>',
        sources,
        format_html(' class="{}"', css_class) if css_class else "",
        format_html(' style="{}"', position) if position else "",
        shown["src"],
        format_html(' srcset="{}" sizes="{}"', shown["srcset"], sizes) if shown["srcset"] else "",
        alt,
        shown["width"],
        shown["height"],
        mark_safe(' fetchpriority="high"' if eager else ' loading="lazy"'),  # noqa: S308 - constant
    )
