"""Webhooks: the partners' addresses that are told of changes, what each was sent, and every try.

A message is fixed when it is made (its body, its id), so that every endpoint, and every attempt at
one, gets the same bytes under the same `webhook-id`. A delivery is one message to one endpoint, with
its schedule; an attempt is one HTTP request of it, kept for the desk's log.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from newsroom.text import SafeLineField

EVENTS = {
    "article.published": "An article is published (a scheduled one at its time)",
    "article.updated": "A published article is changed",
    "article.corrected": "A correction or clarification is added",
    "article.unpublished": "An article is taken down or moved to a later time",
    "article.deleted": "A published article is deleted",
    "live.update_posted": "A live story gets a new update",
    "live.ended": "Live coverage ends",
    "breaking.started": "A breaking-news strip goes up",
    "breaking.ended": "A breaking-news strip comes down",
    "front_page.changed": "Editors change the front page",
}


class WebhookEndpoint(models.Model):
    name = SafeLineField(max_length=100, help_text="Who is told, e.g. “Partner: Daily Wire app”.")
    url = models.URLField(
        "address",
        max_length=500,
        help_text="Where each event is posted, as JSON signed the Standard Webhooks way. Only https.",
    )
    events = models.JSONField(default=list, help_text="The events this address is told of.")
    # Kept as it is, not as a digest: every message is signed with it. Shown on the desk only once.
    secret = models.CharField(max_length=100, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # While one delivery waits for its next attempt after a failure, the others wait with it: a receiver
    # that is down is asked once, not once per message.
    retry_at = models.DateTimeField(null=True, blank=True, editable=False)
    paused_at = models.DateTimeField(null=True, blank=True, editable=False)
    paused_reason = models.CharField(max_length=300, blank=True, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "webhook"

    def __str__(self):
        return self.name


class WebhookMessage(models.Model):
    event = models.CharField(max_length=32, choices=[(name, name) for name in EVENTS])
    body = models.TextField(help_text="The JSON posted, byte for byte, to every endpoint.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The change event it tells of (not a foreign key: the outbox may be trimmed, the log stays).
    change_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.event} #{self.pk}"

    @property
    def webhook_id(self):
        """The `webhook-id` of every attempt: the receiver's key for telling repeats apart."""
        return f"msg_{self.pk}"


class DeliveryQuerySet(models.QuerySet):
    def due(self):
        """Waiting, its time come, to an endpoint that is neither paused nor waiting to try again."""
        now = timezone.now()
        return self.filter(
            models.Q(endpoint__retry_at=None) | models.Q(endpoint__retry_at__lte=now),
            state=WebhookDelivery.State.PENDING,
            next_attempt_at__lte=now,
            endpoint__paused_at=None,
        )


class WebhookDelivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "waiting to be sent"
        DELIVERED = "delivered", "delivered"
        FAILED = "failed", "failed: no more attempts"

    message = models.ForeignKey(WebhookMessage, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField("response", null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        # What is still to send, per endpoint and by time: a small index however long the log grows.
        indexes = [
            models.Index(
                fields=["endpoint", "next_attempt_at"],
                condition=models.Q(state="pending"),
                name="delivery_pending",
            )
        ]

    def __str__(self):
        return f"{self.message} to {self.endpoint}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="tries")
    at = models.DateTimeField(default=timezone.now)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    response = models.CharField(max_length=1000, blank=True, help_text="The start of what it answered.")
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.delivery} at {self.at:%Y-%m-%d %H:%M:%S}"
