from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from .workflow import Status


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """THE rule of what a reader may see: published, and its publication time has come."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def with_page_relations(self):
        """Everything a public page shows of each article, in a fixed number of queries."""
        byline_model = self.model._meta.get_field("bylines").related_model
        return self.select_related("section").prefetch_related(
            Prefetch("bylines", queryset=byline_model.objects.select_related("author")),
            "tags",
        )
