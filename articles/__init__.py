"""The article and its life: one Django app (label "articles") in layers.

Lowest first; a package imports only packages above it in this list, and nothing imports in a circle
(imports inside functions count: a lazy import hides a circle, it does not break it):

    models/      the data and its read rules (querysets.published() is THE reader rule)
    core/        rules and pure helpers: permissions and the one Refused, sanitising, pictures,
                 page-cache invalidation, the tasks' retry policy
    editing/     every write path and what it keeps current (search documents, related reading)
    desk/        the editorial life: workflow, notifications, comments, live stories, previews
    public/, admin/, api/, importers/, exporters/, templatetags/, then management/ on top

Within the top layer the desk's screens (admin) may use the public renderer for previews, never the
other way round; the content API (api) may use the exporters' ninjs writer. The root modules only wire the app together (apps, checks, urls) or keep old task
paths working (tasks); nothing below imports them. tests/ops/test_layers.py enforces all of this.
"""
