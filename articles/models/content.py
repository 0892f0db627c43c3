"""The article itself, its section, bylines and tags."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from accounts.models import Author
from newsroom.paths import slug_path
from newsroom.text import SafeLineField, SafeTextField, shortened

from .querysets import ArticleQuerySet
from .states import Status

SLUG_HELP = "Its address. Left empty, it is made from the name."


class Section(models.Model):
    name = SafeLineField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, blank=True, help_text=SLUG_HELP)
    description = SafeTextField(blank=True, help_text="Shown on the section page and to search engines.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first in the menu.")

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_path("articles:section", self.slug)


class TaggedArticle(TaggedItemBase):
    """Tags through a real foreign key: cheaper joins than taggit's generic relation."""

    # Indexed by unique_article_tag (article first), so no index of its own.
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_items", db_index=False
    )

    class Meta:
        # In the order the writer gave them (editing._replace_tags writes them so).
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag"),
        ]
        # A tag's newest articles without a sort: the candidates for related reading.
        indexes = [models.Index(fields=["tag", "-content_object"], name="tagged_tag_newest")]


class Article(models.Model):
    # What the reader reads.
    headline = SafeLineField(max_length=255)
    slug = models.SlugField(
        max_length=255,
        unique=True,
        help_text="The article's address. Changing it after publication keeps the old address "
        "working as a permanent redirect.",
    )
    dek = SafeTextField(
        "standfirst", blank=True, max_length=400, help_text="One or two sentences under the headline."
    )
    dateline = SafeLineField(
        max_length=120, blank=True, help_text="Where the story was reported from, e.g. “MOSCOW, Russia”."
    )
    body = SafeTextField(
        blank=True,
        help_text="Paragraphs, links, emphasis, lists, quotes and subheads. Anything else is removed.",
    )
    # Stored forms, made by editing/articles.py on every save so that pages never clean or measure text again.
    body_html = models.TextField(blank=True, editable=False, help_text="The body as readers read it.")
    summary = models.TextField(blank=True, editable=False, help_text="The standfirst, or the body's opening.")
    word_count = models.PositiveIntegerField(default=0, editable=False)
    # Indexed by article_section_newest (section first), so no index of its own.
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="articles", db_index=False
    )
    authors = models.ManyToManyField(Author, through="Byline", related_name="articles", blank=True)
    tags = TaggableManager(through=TaggedArticle, blank=True)

    # A picture from the media library; the words below, when filled, are this story's own for it.
    lead_image = models.ForeignKey(
        "Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
        verbose_name="lead image",
    )
    lead_image_alt = SafeLineField(
        "alt text",
        max_length=300,
        blank=True,
        help_text="What the image shows, for readers who cannot see it. Make the extra effort.",
    )
    lead_image_caption = SafeLineField("caption", max_length=500, blank=True)
    lead_image_credit = SafeLineField("credit", max_length=200, blank=True)
    # What search engines and social networks show, when it should differ from the headline and the
    # standfirst (metadata.py uses them; empty, the article's own words serve).
    seo_title = SafeLineField(
        "title in search results",
        max_length=70,
        blank=True,
        help_text="Left empty, the headline. Search engines show about 60 characters.",
    )
    seo_description = SafeLineField(
        "description in search results",
        max_length=160,
        blank=True,
        help_text="Left empty, the standfirst (or the body's opening).",
    )
    social_headline = SafeLineField(
        "headline on social networks", max_length=120, blank=True, help_text="Left empty, the headline."
    )
    social_image = models.ForeignKey(
        "Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="social_cards",
        verbose_name="picture on social networks",
        help_text="Left empty, the lead image (cut to a card around its focal point).",
    )
    # The library pictures the body shows (kept by editing/articles.py from the body's figures).
    body_images = models.ManyToManyField("Image", through="BodyImage", related_name="bodies", blank=True)

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
    # Live coverage (live.py): running from the start until its end; the updates stay on the page after.
    live_started_at = models.DateTimeField("live coverage since", null=True, blank=True, editable=False)
    live_ended_at = models.DateTimeField("live coverage ended", null=True, blank=True, editable=False)
    # Related reading, chosen after each save by editing/reading.py: {"related": [ids], "more_by": [ids]}.
    reading_list = models.JSONField(default=dict, blank=True, editable=False)

    # Where an imported article came from; a second import of the same source updates it.
    source = models.CharField(max_length=255, blank=True, editable=False)
    source_checksum = models.CharField(max_length=64, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    # Search results set these on each hit (search.py); every other list's teasers find them empty
    # here at once, where a missing attribute would cost the template engine three failed look-ups.
    hit_headline = hit_summary = ""

    class Meta:
        # Drafts (no publication time) last on every database, as the desk expects.
        ordering = [F("published_at").desc(nulls_last=True), "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            # What readers see, newest first: home, feeds, sitemaps, keyset-free "older" pages.
            models.Index(
                F("published_at").desc(),
                F("id").desc(),
                condition=Q(status="published"),
                name="article_public_newest",
            ),
            models.Index(fields=["section", "status", "-published_at"], name="article_section_newest"),
            # The newest update, for the sitemap index (only updated articles are in it).
            models.Index(
                F("revised_at").desc(), condition=Q(revised_at__isnull=False), name="article_revised_newest"
            ),
            # The desk's lists order by last change.
            models.Index(fields=["-updated_at", "-id"], name="article_updated"),
        ]
        permissions = [
            ("publish_article", "Can edit any article, return, publish, schedule, unpublish and correct it"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["source"], condition=~Q(source=""), name="unique_article_source"),
            # A published article always carries the moment it went (or goes) public.
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_has_time",
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return slug_path("articles:article", self.slug)

    @property
    def is_published(self):
        """Whether a reader can see it now: the Python twin of ArticleQuerySet.published()."""
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_live(self):
        """Live coverage is running: the desk posts updates and readers' pages ask for new ones."""
        return self.live_started_at is not None and self.live_ended_at is None

    @property
    def shows_update(self):
        return bool(self.revised_at and self.published_at and self.revised_at > self.published_at)

    def summary_words(self, words):
        return shortened(self.summary, words)

    @property
    def topics(self):
        """Its tags in the order its writer gave them (prefetch with Article.objects.topics_prefetch())."""
        return [item.tag for item in self.tagged_items.all()]

    # The story's words for its lead picture, else the library's.

    @property
    def lead_alt(self):
        return self.lead_image_alt or (self.lead_image.alt if self.lead_image else "")

    @property
    def lead_caption(self):
        return self.lead_image_caption or (self.lead_image.caption if self.lead_image else "")

    @property
    def lead_credit(self):
        return self.lead_image_credit or (self.lead_image.credit if self.lead_image else "")


class Byline(models.Model):
    """One author's credit on one article, in the order readers see them."""

    # Indexed by unique_byline (article first), so no index of its own.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines", db_index=False)
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_byline"),
        ]
        # An author's newest work without a sort: "More from" and the author page.
        indexes = [models.Index(fields=["author", "-article"], name="byline_author_newest")]

    def __str__(self):
        return f"{self.author} on {self.article}"
