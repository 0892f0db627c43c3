from django.db import models
from django.utils import timezone


class ChangeEvent(models.Model):
    """One change to what the public sees, written in the same transaction as the change itself (an
    outbox): the changes feed of the content API reads it, and what must be told of a change (caches,
    a CDN, webhooks) can follow it. core/changes.py decides what a write records.

    `at` is when the public sees the change: now, or a scheduled article's publication time. An event
    whose moment has not come is taken back if the article is moved or unpublished before it.
    """

    class Change(models.TextChoices):
        PUBLISHED = "published", "published"
        UPDATED = "updated", "updated"
        CORRECTED = "corrected", "corrected"
        UNPUBLISHED = "unpublished", "unpublished"
        DELETED = "deleted", "deleted"

    # Not a foreign key: the event outlives a deleted article, and says so.
    article_id = models.BigIntegerField()
    change = models.CharField(max_length=12, choices=Change.choices)
    at = models.DateTimeField()
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["at", "id"], name="change_at"),
            models.Index(fields=["article_id", "at"], name="change_article"),
        ]

    def __str__(self):
        return f"article {self.article_id} {self.change} at {self.at:%Y-%m-%d %H:%M}"
