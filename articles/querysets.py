from django.db import models
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from .workflow import Status


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """THE rule of what a reader may see: published, and its publication time has come."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def with_teaser_relations(self):
        """What a teaser in a list shows (section, bylines), in a fixed number of queries."""
        byline_model = self.model._meta.get_field("bylines").related_model
        return self.select_related("section").prefetch_related(
            Prefetch("bylines", queryset=byline_model.objects.select_related("author"))
        )

    def with_page_relations(self):
        """Everything the article page and feeds show of each article: a teaser's, plus tags."""
        return self.with_teaser_relations().prefetch_related("tags")

    def related_to(self, article, tag_ids):
        """Others sharing the most of `tag_ids` first, then same-section ones, newest first."""
        shared = Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids), distinct=True)
        return (
            self.exclude(pk=article.pk)
            .filter(Q(tagged_items__tag_id__in=tag_ids) | Q(section_id=article.section_id))
            .annotate(shared_tags=shared)
            .distinct()
            .order_by("-shared_tags", "-published_at", "-id")
        )
