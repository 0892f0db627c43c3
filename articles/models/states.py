"""The article's stored states and the stages the desk shows."""

from django.db import models


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
