"""The desk's screens in Django's admin; importing this package registers them all (admin autodiscovery)."""

from . import articles, frontpage, keys, library, redirects, taxonomy, webhooks  # noqa: F401 - each registers its screens
