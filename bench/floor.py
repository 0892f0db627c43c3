"""The bench's floor: settings and WSGI app of a plain Django view, for `make bench` only.

It is the project's own settings (middleware, DEBUG, security, sessions...) with one swap:
ROOT_URLCONF points to bench/floor_urls.py, at one view returning a fixed 20 KB page with no
database, no template and no cache; and, for the "reads alone" row, article addresses that do the
article page's database reads and answer the same fixed page. Served as
`gunicorn 'bench.floor:wsgi()'` with DJANGO_SETTINGS_MODULE=bench.floor.
"""

from django.http import HttpResponse

from newsroom.settings import *  # noqa: F403 - the project's settings, as they are

ROOT_URLCONF = "bench.floor_urls"

FLOOR_BYTES = 20 * 1024
_HEAD = "<!doctype html>\n<html lang=en><head><meta charset=utf-8><title>Floor</title></head><body>\n"
_TAIL = "</body></html>\n"
_LINE = "<p>A fixed paragraph of the floor page: no database, no template, no cache.</p>\n"
_ROOM = FLOOR_BYTES - len(_HEAD) - len(_TAIL)
FLOOR_PAGE = (_HEAD + _LINE * (_ROOM // len(_LINE)) + "x" * (_ROOM % len(_LINE)) + _TAIL).encode()
assert len(FLOOR_PAGE) == FLOOR_BYTES, len(FLOOR_PAGE)


def floor(request):
    return HttpResponse(FLOOR_PAGE, content_type="text/html; charset=utf-8")


def wsgi():
    """Gunicorn's app factory: built once the settings module (this one) is fully imported."""
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()
