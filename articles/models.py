from datetime import datetime
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from accounts.models import Author
from newsroom.paths import slug_path
from newsroom.text import SafeLineField, SafeTextField, shortened

from .querysets import ArticleQuerySet


class Status(models.TextChoices):
    """The stored states: draft -> review -> published (see workflow.py for the moves)."""

    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"


class Stage(models.TextChoices):
    """What the desk sees: the stored state, with a future publication shown as "scheduled"."""

    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"


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
    # Stored forms, made by editing.py on every save so that pages never clean or measure text again.
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
    # The library pictures the body shows (kept by editing.py from the body's figures).
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
    # Related reading, chosen after each save by tasks.py: {"related": [ids], "more_by": [ids]}.
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


def _fraction(value):
    if not 0 <= value <= 1:
        raise ValidationError("A focal point lies inside the picture: between 0 and 1.")


class Image(models.Model):
    """A picture in the media library: uploaded once, then used as lead images and in bodies.

    Its renditions (images.py) are made in the background from the file and the focal point: every
    crop keeps the point in frame. Pages show the original until they exist.
    """

    file = models.ImageField(upload_to="images/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt = SafeLineField(
        "alt text",
        max_length=300,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it.",
    )
    caption = SafeLineField(max_length=500, blank=True)
    credit = SafeLineField(max_length=200, blank=True, help_text="Who made it, e.g. “Photo: Ana Ruiz/AP”.")
    # Where the picture's subject is, as fractions of its width and height from the top left.
    focal_x = models.FloatField(default=0.5, validators=[_fraction])
    focal_y = models.FloatField(default=0.5, validators=[_fraction])
    # [{"crop", "width", "height", "format", "name"}]: see images.make_renditions.
    renditions = models.JSONField(default=list, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    # Where an imported picture came from (its address in the old site): a second import finds it here.
    source = models.CharField(max_length=500, blank=True, editable=False, db_index=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["-uploaded_at", "-id"], name="image_newest")]

    def __str__(self):
        return self.caption or self.alt or PurePosixPath(self.file.name).name

    @property
    def focal_point(self):
        return (self.focal_x, self.focal_y)


class BodyImage(models.Model):
    """A library picture shown in an article's body: such a picture cannot be deleted from the library."""

    # Indexed by unique_body_image (article first), so no index of its own.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, db_index=False)
    image = models.ForeignKey(Image, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "image"], name="unique_body_image")]

    def __str__(self):
        return f"{self.image} in {self.article}"


class SlugRedirect(models.Model):
    """An address a published article used to have; it answers with a permanent redirect."""

    old_slug = models.SlugField(max_length=255, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"


class OldAddress(models.Model):
    """A path an imported article had on the site it came from ("/2024/05/03/story/"): readers and
    search engines that follow it get a permanent redirect (old_addresses.py)."""

    path = models.CharField(max_length=500, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_addresses")

    class Meta:
        verbose_name_plural = "old addresses"

    def __str__(self):
        return f"{self.path} → {self.article.slug}"


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
