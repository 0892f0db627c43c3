"""The addresses an article had before: its old slugs, and old sites' paths."""

from django.db import models

from .content import Article


class SlugRedirect(models.Model):
    """An address a published article used to have; it answers with a permanent redirect."""

    old_slug = models.SlugField(max_length=255, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"


class OldAddress(models.Model):
    """A path an imported article had on the site it came from ("/2024/05/03/story/"): readers and
    search engines that follow it get a permanent redirect (public/middleware.py)."""

    path = models.CharField(max_length=500, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_addresses")

    class Meta:
        verbose_name_plural = "old addresses"

    def __str__(self):
        return f"{self.path} → {self.article.slug}"
