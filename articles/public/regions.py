"""The parts of every page that change without the reader moving: the breaking strip and the top of
the front page. Each is rendered by one template, for the page and for the small JSON that open pages
poll (views.front_live, static/js/front.js); its key tells the script whether what it shows is current.
"""

import hashlib

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

BREAKING = "articles/_breaking.html"
FRONT = "articles/_front.html"


class Region:
    def __init__(self, template, context):
        # Rendered from our own templates, which escape what they show.
        self.html = mark_safe(render_to_string(template, context).strip())  # noqa: S308
        self.key = hashlib.blake2b(self.html.encode(), digest_size=8).hexdigest()

    def as_json(self):
        return {"key": self.key, "html": self.html}


def breaking(strips):
    return Region(BREAKING, {"breaking_news": strips})


def front(page, lead, featured, articles):
    """The front page's first page below the masthead: lead, top stories and the newest of the rest."""
    return Region(FRONT, {"page": page, "lead": lead, "featured": featured, "articles": articles})
