import hashlib
import html

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from accounts.models import Author

from .images import delete_renditions, make_renditions
from .querysets import ArticleQuerySet
from .sanitize import sanitize_body
from .workflow import Status


class Section(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True, help_text="Shown on the section page and to search engines.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first in the menu.")

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", args=[self.slug])


class TaggedArticle(TaggedItemBase):
    """Tags through a real foreign key: cheaper joins than taggit's generic relation."""

    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag"),
        ]


class Article(models.Model):
    # What the reader reads.
    headline = models.CharField(max_length=255)
    slug = models.SlugField(
        max_length=255,
        unique=True,
        help_text="The article's address. Changing it after publication keeps the old address "
        "working as a permanent redirect.",
    )
    dek = models.TextField(
        "standfirst", blank=True, max_length=400, help_text="One or two sentences under the headline."
    )
    dateline = models.CharField(
        max_length=120, blank=True, help_text="Where the story was reported from, e.g. “MOSCOW, Russia”."
    )
    body = models.TextField(
        blank=True,
        help_text="Paragraphs, links, emphasis, lists, quotes and subheads. Anything else is removed.",
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    authors = models.ManyToManyField(Author, through="Byline", related_name="articles", blank=True)
    tags = TaggableManager(through=TaggedArticle, blank=True)

    lead_image = models.ImageField(
        upload_to="articles/%Y/%m/",
        blank=True,
        width_field="lead_image_width",
        height_field="lead_image_height",
    )
    lead_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_alt = models.CharField(
        "alt text",
        max_length=300,
        blank=True,
        help_text="What the image shows, for readers who cannot see it. Make the extra effort.",
    )
    lead_image_caption = models.CharField("caption", max_length=500, blank=True)
    lead_image_credit = models.CharField("credit", max_length=200, blank=True)
    # The sizes and formats made from the lead image (see images.py): [{"width", "height", "format", "name"}].
    lead_image_renditions = models.JSONField(default=list, blank=True, editable=False)

    # Its life on the desk (see workflow.py).
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When readers may see it; a future time schedules it."
    )
    revised_at = models.DateTimeField(
        "updated on",
        null=True,
        blank=True,
        editable=False,
        help_text="Last change to the text after publication (shown to readers as “Updated on”).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Weighted full-text document, kept by search.py (PostgreSQL only; unused on SQLite).
    search_vector = SearchVectorField(null=True, editable=False)
    # The number of the latest Revision: a save from a form loaded at an older version is a conflict.
    version = models.PositiveIntegerField(default=0, editable=False)

    # Where an imported article came from; a second import of the same source updates it.
    source = models.CharField(max_length=255, blank=True, editable=False)
    source_checksum = models.CharField(max_length=64, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="article_status_published")]
        permissions = [
            ("publish_article", "Can edit any article, return, publish, schedule, unpublish and correct it"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["source"], condition=~Q(source=""), name="unique_article_source"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.body = sanitize_body(self.body)
        loaded_text = getattr(self, "_loaded_text", None)
        if self.is_published and loaded_text and loaded_text != self.text_fingerprint():
            self.revised_at = timezone.now()
        old_slug = getattr(self, "_loaded_slug", None)
        old_image = getattr(self, "_loaded_image", "")
        super().save(*args, **kwargs)
        if (self.lead_image.name or "") != old_image:
            self._refresh_renditions()
        if old_slug != self.slug:
            # A slug taken back stops redirecting; one a reader may have seen keeps working.
            SlugRedirect.objects.filter(old_slug=self.slug).delete()
            if self.was_published_when_loaded and old_slug:
                SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": self})
        self._loaded_slug = self.slug
        self._loaded_status = self.status
        self._loaded_text = self.text_fingerprint()

    def get_absolute_url(self):
        return reverse("articles:article", args=[self.slug])

    def clean(self):
        super().clean()
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        # Remember what was loaded, to tell a text change from a mere re-save.
        article._loaded_slug = article.__dict__.get("slug")
        article._loaded_status = article.__dict__.get("status")
        article._loaded_text = article.text_fingerprint()
        article._loaded_image = str(article.__dict__.get("lead_image") or "")
        return article

    def _refresh_renditions(self):
        """A new lead image gets its sizes and formats now; the old image's ones go."""
        delete_renditions(self.lead_image_renditions or [])
        renditions = make_renditions(self.lead_image, f"renditions/{self.pk}") if self.lead_image else []
        Article.objects.filter(pk=self.pk).update(lead_image_renditions=renditions)
        self.lead_image_renditions = renditions
        self._loaded_image = self.lead_image.name or ""

    @property
    def is_published(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def was_published_when_loaded(self):
        return getattr(self, "_loaded_status", None) == Status.PUBLISHED

    @property
    def shows_update(self):
        return bool(self.revised_at and self.published_at and self.revised_at > self.published_at)

    def summary(self, words=30):
        """The standfirst, or the opening of the body: for teasers and meta descriptions."""
        text = self.dek or html.unescape(strip_tags(sanitize_body(self.body)))
        return Truncator(" ".join(text.split())).words(words)

    def text_fingerprint(self):
        fields = ("headline", "dek", "dateline", "body", "lead_image", "lead_image_caption")
        text = "\x1f".join(str(self.__dict__.get(name) or "") for name in fields)
        return hashlib.sha256(text.encode()).hexdigest()


class SlugRedirect(models.Model):
    """An address a published article used to have; it answers with a permanent redirect."""

    old_slug = models.SlugField(max_length=255, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"


class Byline(models.Model):
    """One author's credit on one article, in the order readers see them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_byline"),
        ]

    def __str__(self):
        return f"{self.author} on {self.article}"


class Transition(models.Model):
    """One move of an article through the workflow: the desk's log of who did what, when and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10, choices=Status.choices)
    to_status = models.CharField(max_length=10, choices=Status.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    publish_at = models.DateTimeField(null=True, blank=True, help_text="The publication time it set.")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.article}: {self.from_status} → {self.to_status}"


class Revision(models.Model):
    """The article's text, bylines and tags as one save left them; numbered from 1 per article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
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
    text = models.TextField(max_length=2000)
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
