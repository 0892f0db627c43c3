"""The content API under /api/v1/ (django-ninja): what the public sees, for apps, partners and
newsletters, with an OpenAPI 3.1 document at /api/v1/openapi.json and its docs at /api/v1/docs.

    site.py            the NinjaAPI, its routers and RFC 9457 problem documents for every error
    articles.py        /articles (keyset cursors, filters, fields=), /articles/{id}, /articles/by-slug/{slug}
    changes.py         /changes: the outbox (models/changes.py) as a feed, oldest first
    representation.py  an article as the API shows it (one writer for lists, details and changes)
    cursors.py         opaque, signed keyset cursors
    answers.py         JSON answers with ETag, Cache-Control and 304s

Visibility is the reader rule, Article.objects.published(), everywhere.
"""
