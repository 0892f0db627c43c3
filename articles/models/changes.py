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
        # Told to webhooks, not listed in the changes feed (ARTICLE_CHANGES): `item_id` says which.
        LIVE_POSTED = "live_posted", "live update posted"
        LIVE_ENDED = "live_ended", "live coverage ended"
        BREAKING_STARTED = "breaking_on", "breaking news started"
        BREAKING_ENDED = "breaking_off", "breaking news ended"
        FRONT_PAGE = "front_page", "front page changed"

    # Not a foreign key: the event outlives a deleted article, and says so. None for the front page
    # and the breaking strip.
    article_id = models.BigIntegerField(null=True, blank=True)
    change = models.CharField(max_length=12, choices=Change.choices)
    # The live update or the breaking strip the event is about.
    item_id = models.BigIntegerField(null=True, blank=True)
    at = models.DateTimeField()
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    # Whether webhooks were told of it (articles/webhooks/): once its moment came and it committed.
    told = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["at", "id"], name="change_at"),
            models.Index(fields=["article_id", "at"], name="change_article"),
            models.Index(fields=["at"], condition=models.Q(told=False), name="change_untold"),
        ]

    def __str__(self):
        about = f"article {self.article_id}" if self.article_id else f"item {self.item_id or '-'}"
        return f"{about} {self.change} at {self.at:%Y-%m-%d %H:%M}"


# What the changes feed lists: what happened to an article itself.
ARTICLE_CHANGES = (
    ChangeEvent.Change.PUBLISHED,
    ChangeEvent.Change.UPDATED,
    ChangeEvent.Change.CORRECTED,
    ChangeEvent.Change.UNPUBLISHED,
    ChangeEvent.Change.DELETED,
)
