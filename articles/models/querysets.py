"""Every rule of what is read, stated once: views, feeds, sitemaps, the desk and emails start here."""

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

PUBLISHED = "published"  # Status.PUBLISHED; models.py imports this module, so the value is spelt here
# The biggest columns, which no teaser shows: lists leave them in the database.
NOT_IN_TEASERS = ("body", "body_html", "search_vector", "reading_list", "source", "source_checksum")


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """THE rule of what a reader may see: published, and its publication time has come.

        Newest first, in the order of the article_public_newest index, so that a list reads its first
        rows from the index instead of sorting the archive (the model's own order puts drafts last).
        """
        return self.filter(status=PUBLISHED, published_at__lte=timezone.now()).newest_first()

    def scheduled(self):
        """Published with a publication time still ahead: readers see them when that time comes."""
        return self.filter(status=PUBLISHED, published_at__gt=timezone.now())

    def in_stage(self, stage):
        """The articles the desk shows as `stage` (draft, review, scheduled or published)."""
        if stage == "scheduled":
            return self.scheduled()
        if stage == PUBLISHED:
            return self.published()
        return self.filter(status=stage)

    def owned_by(self, user):
        """A reporter's own articles: created by them, or carrying their byline."""
        credited = self._byline_model().objects.filter(article=OuterRef("pk"), author__user=user)
        return self.filter(Q(created_by=user) | Exists(credited))

    def for_teasers(self):
        """What a teaser in a list shows (section, picture, bylines), in a fixed number of queries."""
        return (
            self.teaser_columns()
            .select_related("section", "lead_image")
            .prefetch_related(self.bylines_prefetch())
        )

    def teaser_columns(self):
        return self.defer(*NOT_IN_TEASERS)

    def bylines_prefetch(self):
        return Prefetch("bylines", queryset=self._byline_model().objects.select_related("author"))

    def _byline_model(self):
        return self.model._meta.get_field("bylines").related_model

    def for_page(self):
        """Everything the article page and feeds show of each article: a teaser's, plus tags."""
        return self.for_teasers().prefetch_related(self.topics_prefetch())

    def topics_prefetch(self):
        """An article's tags in the order its writer gave them (Article.topics)."""
        through = self.model._meta.get_field("tagged_items").related_model
        return Prefetch("tagged_items", queryset=through.objects.select_related("tag").order_by("id"))

    def newest_first(self):
        return self.order_by("-published_at", "-id")

    def credited_in_public(self, queryset, path):
        """Those of `queryset` (tags, authors, sections) on at least one article a reader can see.

        `path` leads from an article to them: "tags", "bylines__author" or "section".
        """
        return queryset.filter(Exists(self.published().filter(**{path: OuterRef("pk")})))
