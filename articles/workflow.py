"""The life of an article: its states and the moves between them.

draft -> review -> published; review -> draft (returned); published -> draft (unpublished).
"Scheduled" is not a state: it is a published article whose published_at is still ahead,
and readers see it the moment that time passes (ArticleQuerySet.published decides).
"""

from django.db import models
from django.utils import timezone


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"


def place(article, status, published_at=None):
    """Give a new article its first state, e.g. an import that creates articles already published.

    A published article always carries the moment it went (or goes) public.
    """
    if article.pk is not None:
        raise ValueError("place() is for new articles; existing ones move through transitions")
    article.status = Status(status)
    article.published_at = published_at
    if article.status == Status.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
