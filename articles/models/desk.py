"""The desk's records of an article: moves, revisions, corrections, preview links, autosaves,
comments and live updates."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from newsroom.text import SafeLineField, SafeTextField

from .content import Article
from .states import Status


class Transition(models.Model):
    """One move of an article through the workflow: the desk's log of who did what, when and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10, choices=Status.choices)
    to_status = models.CharField(max_length=10, choices=Status.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    publish_at = models.DateTimeField(null=True, blank=True, help_text="The publication time it set.")
    note = SafeTextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.article}: {self.from_status} → {self.to_status}"


class Revision(models.Model):
    """The article's text, bylines and tags as one save left them; numbered from 1 per article."""

    # Indexed by unique_revision_number (article first), so no index of its own.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions", db_index=False)
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.CharField(max_length=255, blank=True)
    data = models.JSONField()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="unique_revision_number"),
        ]

    def __str__(self):
        return f"Revision {self.number} of {self.article}"


class Correction(models.Model):
    """A dated note appended to a published article: a correction of fact or an update."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CORRECTION)
    text = SafeTextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.article}"


class PreviewLink(models.Model):
    """A signed, expiring, revocable link that shows an unpublished article to someone without an account."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Preview of {self.article} until {self.expires_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class Autosave(models.Model):
    """One person's unsaved text of one article (or of the new article they are writing), kept by the
    form every ~30 s and when they leave a field. Never seen by readers; gone once saved or discarded."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, null=True, on_delete=models.CASCADE, related_name="autosaves")
    # The form's text fields as typed: {"headline": ..., "body": ..., "section": id or ""}.
    data = models.JSONField()
    # The article's version the form was loaded at: a restore then saves through the conflict check.
    loaded_version = models.PositiveIntegerField(null=True)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(article__isnull=False),
                name="one_autosave_per_article",
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(article__isnull=True), name="one_autosave_per_new_article"
            ),
        ]

    def __str__(self):
        return f"Autosave by {self.user} of {self.article or 'a new article'}"


class Comment(models.Model):
    """The desk's discussion of an article: threads of comments and replies, resolved when settled.
    Never shown to readers, never in feeds, sitemaps or search."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    # A reply belongs to the thread's first comment; only that one is resolved or reopened.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = SafeTextField(max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who the text @names, read once when it is posted: the desk's home lists each person's mentions.
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # An article's open threads, counted on the desk's lists.
            models.Index(
                fields=["article"],
                condition=Q(parent__isnull=True, resolved_at__isnull=True),
                name="comment_open",
            )
        ]

    def __str__(self):
        return f"Comment by {self.author} on {self.article}"


class LiveUpdate(models.Model):
    """One timestamped entry of a live story, newest first on its page, each with its own anchor.

    Edits keep the earlier wording in `earlier`; a removal hides the update from readers and keeps
    it, with who removed it and when, for the desk's log.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="live_updates")
    title = SafeLineField(max_length=200, blank=True, help_text="Optional: a few words in bold above it.")
    text = SafeTextField(max_length=5000, help_text="Paragraphs, links, emphasis, lists and quotes.")
    html = models.TextField(editable=False, help_text="The text as readers read it (the body's allow-list).")
    image = models.ImageField(
        upload_to="live/%Y/%m/", blank=True, width_field="image_width", height_field="image_height"
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_renditions = models.JSONField(default=list, blank=True, editable=False)
    image_alt = SafeLineField("alt text", max_length=300, blank=True)
    image_caption = SafeLineField("caption", max_length=500, blank=True)
    # Readers see the byline of the desk account's author profile, else the account's name.
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # [{"at": iso time, "by": username, "title": ..., "text": ...}], oldest first: what edits replaced.
    earlier = models.JSONField(default=list, blank=True, editable=False)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # A live page's updates, newest first, removed ones left out.
            models.Index(
                F("article"),
                F("created_at").desc(),
                F("id").desc(),
                condition=Q(removed_at__isnull=True),
                name="live_update_shown",
            )
        ]

    def __str__(self):
        return f"Update of {timezone.localtime(self.created_at):%d %b %H:%M} on {self.article}"

    @property
    def anchor(self):
        return f"update-{self.pk}"

    @property
    def earlier_versions(self):
        """What edits replaced, oldest first, with their times as datetimes."""
        return [{**entry, "at": datetime.fromisoformat(entry["at"])} for entry in self.earlier]

    @property
    def changed_at(self):
        """When readers' copies of it went out of date: its posting, or its last edit."""
        return self.edited_at or self.created_at
