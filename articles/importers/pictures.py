"""Pictures that imported articles point at, brought into the media library.

A picture is looked for, in order: in the library (an earlier import brought it; Image.source
keeps its old address), in a copy of the old site's uploads folder (--media-root: the part of its
address after "/uploads/", or its whole path, under that folder), and on its old site itself when
the run may fetch (--fetch-pictures). One that is found nowhere is reported missing, with its
address; the article imports without it.
"""

import html
import re
import urllib.request
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django import forms
from django.core.files.base import ContentFile

from ..core.images import MAX_UPLOAD_BYTES, check_upload
from ..editing import library
from ..models import Image
from .base import PictureRef

FETCH_SECONDS = 15
FIGURE_IMG = re.compile(r"(<figure\b[^>]*>\s*(?:<a\b[^>]*>\s*)?)<img\b([^>]*)>", re.IGNORECASE)
SRC = re.compile(r'\bsrc\s*=\s*"([^"]*)"', re.IGNORECASE)
ALT = re.compile(r'\balt\s*=\s*"([^"]*)"', re.IGNORECASE)


class Pictures:
    def __init__(self, *, media_root: Path | None = None, fetch: bool = False):
        self.media_root, self.fetch = media_root, fetch
        self.found = {}  # url -> Image, for the run
        self.missing = []  # (url, why) for the summary

    def find(self, ref: PictureRef) -> Image | None:
        """The library picture for `ref`, added to the library when it is new; None when it cannot be had."""
        url = ref.url.strip()
        if not url:
            return None
        if url in self.found:
            return self.found[url]
        image = Image.objects.filter(source=url[:500]).first()
        if image is None:
            content, why = self._content(url)
            if content is None:
                self.missing.append((url, why))
                return None
            try:
                check_upload(content)
            except forms.ValidationError as error:
                self.missing.append((url, " ".join(error.messages)))
                return None
            image = library.add(
                content, alt=ref.alt[:300], caption=ref.caption[:500], credit=ref.credit[:200]
            )
            image.source = url[:500]
            image.save(update_fields=["source"])
        self.found[url] = image
        return image

    @property
    def may_add(self) -> bool:
        """Whether this run may add pictures to the library (else it only finds those already in it)."""
        return self.media_root is not None or self.fetch

    def forget(self):
        """Drop what this run found: after a rollback some of those library rows are gone. Pictures
        that stay committed are found again by their old address."""
        self.found.clear()

    def place(self, body: str) -> str:
        """The body with each figure's picture from the library (data-file), or left out when missing."""

        def swap(match):
            src, alt = SRC.search(match.group(2)), ALT.search(match.group(2))
            alt = html.unescape(alt.group(1)) if alt else ""
            image = self.find(PictureRef(url=html.unescape(src.group(1)), alt=alt)) if src else None
            if image is None:
                return match.group(1)
            return f'{match.group(1)}<img src="{image.file.url}" alt="{html.escape(image.alt)}" data-file="{image.pk}">'

        return FIGURE_IMG.sub(swap, body)

    def _content(self, url):
        path = unquote(urlsplit(url).path)
        if self.media_root is not None:
            for candidate in _candidates(self.media_root, path):
                if candidate.is_file():
                    if candidate.stat().st_size > MAX_UPLOAD_BYTES:
                        return None, f"{candidate.name} is larger than the library's limit"
                    return ContentFile(candidate.read_bytes(), name=candidate.name), ""
        if self.fetch and urlsplit(url).scheme in ("http", "https"):
            try:
                with urllib.request.urlopen(url, timeout=FETCH_SECONDS) as response:  # noqa: S310 (http(s) only)
                    data = response.read(MAX_UPLOAD_BYTES + 1)
            except (OSError, ValueError) as error:
                return None, f"cannot be fetched: {getattr(error, 'reason', error)}"
            if len(data) > MAX_UPLOAD_BYTES:
                return None, "larger than the library's limit"
            return ContentFile(data, name=PurePosixPath(path).name or "picture"), ""
        if self.media_root is None and not self.fetch:
            return None, "not looked for (give --media-root or --fetch-pictures)"
        return None, "not found under --media-root" if not self.fetch else "not found"


def _candidates(root, path):
    """Files under `root` the address's path may name, most specific first, never outside `root`:
    what follows "uploads/" (WordPress), else the path less its leading folders one by one
    ("/media/images/x.png" is looked for as media/images/x.png, images/x.png, x.png)."""
    parts = PurePosixPath(path).parts[1:]
    if ".." in parts:
        return
    if "uploads" in parts:
        at = len(parts) - parts[::-1].index("uploads")
        tails = [parts[at:]]
    else:
        tails = [parts[start:] for start in range(len(parts))]
    resolved_root = root.resolve()
    for tail in tails:
        if not tail:
            continue
        candidate = (root / PurePosixPath(*tail)).resolve()
        if candidate.is_relative_to(resolved_root):
            yield candidate
