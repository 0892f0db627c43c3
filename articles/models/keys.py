import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from newsroom.text import SafeLineField

PREFIX_LENGTH = 8  # hex characters of the key shown on the desk, to tell keys apart


class ApiKey(models.Model):
    """A caller's key to the content API: shown once when made, stored only as its SHA-256 digest with
    a short visible prefix. A revoked key is refused at once."""

    class Scope(models.TextChoices):
        PUBLIC = "public", "Public: what readers see"
        PREVIEW = "preview", "Preview: drafts and scheduled articles too, as the desk sees them"

    name = SafeLineField(
        max_length=100, help_text="Who or what uses it, e.g. “Mobile app” or “Partner: Daily Wire”."
    )
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.PUBLIC)
    rate = models.PositiveIntegerField(
        "rate (requests a minute)",
        default=600,
        help_text="Over it, callers are answered 429 Too Many Requests until the minute ends.",
    )
    prefix = models.CharField(max_length=PREFIX_LENGTH, unique=True, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API key"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def issue(self) -> str:
        """A new secret for this key: sets its prefix and digest, and returns the whole key, once."""
        self.prefix = secrets.token_hex(PREFIX_LENGTH // 2)
        token = f"nr_{self.prefix}_{secrets.token_urlsafe(32)}"
        self.digest = self.digest_of(token)
        return token
