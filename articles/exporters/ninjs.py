"""Articles as IPTC ninjs 2.1, one JSON object per line (importers/ninjs.py reads them back).

The workflow, which ninjs has no words for, travels in a `newsroom` object: the state, the exact
publication time, the section, the dateline, the slug and the source key.
"""

import json

from django.utils import timezone

from ..models import Status
from . import origin, uri

SCHEMA = "https://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"


def lines(articles):
    for article in articles:
        yield json.dumps(item(article), ensure_ascii=False) + "\n"


def item(article) -> dict:
    published = article.status == Status.PUBLISHED
    value = {
        "uri": uri(article),
        "standard": {"name": "ninjs", "version": "2.1", "schema": SCHEMA},
        "type": "text",
        "representationtype": "full",
        "pubstatus": "usable" if published else "withheld",
        "versioncreated": _iso(article.updated_at),
        "firstcreated": _iso(article.published_at or article.created_at),
        "headlines": [{"role": "main", "value": article.headline}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": article.body}],
        "bylines": [{"byline": byline.author.name} for byline in article.bylines.all()],
        "subjects": [{"name": tag.name, "rel": "about"} for tag in article.topics],
        "newsroom": {
            "status": article.status,
            "published_at": _iso(article.published_at),
            "slug": article.slug,
            "source": article.source,
            "dateline": article.dateline,
            "section": article.section.name if article.section else "",
        },
    }
    if article.section:
        value["subjects"].insert(0, {"name": article.section.name, "rel": "section"})
    if article.dek:
        value["descriptions"] = [{"role": "summary", "value": article.dek}]
    if article.lead_image:
        image = article.lead_image
        value["associations"] = [
            {
                "name": "featureimage",
                "type": "picture",
                "uri": f"{origin()}{image.file.url}",
                "by": article.lead_credit,
                "descriptions": [{"role": "caption", "value": article.lead_caption}],
                "headlines": [{"role": "main", "value": article.lead_alt}],
                "renditions": [
                    {
                        "name": "original",
                        "href": f"{origin()}{image.file.url}",
                        "width": image.width,
                        "height": image.height,
                    }
                ],
            }
        ]
    return value


def _iso(when):
    return timezone.localtime(when).isoformat() if when else None
