from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        # Connects the receivers that keep each article's search document current.
        from . import search  # noqa: F401
