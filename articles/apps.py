from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        # Connects the receivers that keep search documents current when an author or tag is renamed.
        # Connects the receivers that retire cached pages when anything a reader sees changes.
        # Connects the receiver that keeps names tidy and slugs usable for sections, authors, tags.
        # Connects the receivers that record corrections and deletions as change events.
        # Connects the webhooks to the change events they tell of.
        # Registers the deployment checks of the newsroom's own settings.
        from . import checks  # noqa: F401
        from .core import changes, naming, pagecache  # noqa: F401
        from .editing import indexing  # noqa: F401
        from .webhooks import events  # noqa: F401
