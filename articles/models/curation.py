"""What editors place by hand: the front page's slots and the breaking strip."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from newsroom.text import SafeLineField

from .content import Article
from .states import Status


class FrontPageSlot(models.Model):
    """A place on the home page an editor gave an article: position 0 is the lead, then the featured ones.

    A slot shows only while its article is public and its time (if any) has not passed; otherwise the
    newest article takes the place (frontpage.py).
    """

    position = models.PositiveSmallIntegerField(unique=True)
    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        related_name="front_slot",
        limit_choices_to={"status": Status.PUBLISHED},
    )
    until = models.DateTimeField(null=True, blank=True, help_text="Left empty, it stays until changed.")
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position"]
        verbose_name = "front page slot"
        verbose_name_plural = "front page"

    def __str__(self):
        return f"{'Lead' if self.position == 0 else f'Featured {self.position}'}: {self.article}"


class BreakingNews(models.Model):
    """A strip above every public page while it is live: the newest live one shows."""

    text = SafeLineField(max_length=200, help_text="One line, e.g. “Polls close in the capital”.")
    link = models.URLField(blank=True, max_length=500, help_text="Optional: where the strip leads.")
    live = models.BooleanField(default=True, help_text="Untick to take it down at once.")
    expires_at = models.DateTimeField(
        "until", null=True, blank=True, help_text="Optional: it comes down by itself at this time."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "breaking news"

    def __str__(self):
        return self.text

    @property
    def is_showing(self):
        return self.live and (self.expires_at is None or self.expires_at > timezone.now())
