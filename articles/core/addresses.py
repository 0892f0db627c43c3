"""Old addresses: the one form in which the paths an article had on its former site are stored and
looked up (the importers record them, the desk edits them, public/middleware.py redirects from them)."""

from urllib.parse import unquote, urlsplit

from ..models import OldAddress

MAX_LENGTH = OldAddress._meta.get_field("path").max_length


def normalised(path_or_url: str) -> str:
    """The form old paths are stored and looked up in: the path alone, with one trailing slash."""
    path = unquote(urlsplit(path_or_url.strip()).path) or "/"
    if not path.startswith("/"):
        path = "/" + path
    return path if path.endswith("/") else path + "/"
