from django.contrib.auth.models import AbstractUser
from django.db import models

from newsroom.paths import slug_path
from newsroom.text import SafeLineField, SafeTextField


class User(AbstractUser):
    """A person who logs in to the desk. Custom from the first migration so it can grow."""

    @property
    def display_name(self):
        """How the desk names this person: their full name, else their username."""
        return self.get_full_name() or self.get_username()


class Author(models.Model):
    """A byline identity. Independent of User so that guest and wire bylines need no account."""

    name = SafeLineField(max_length=150)
    slug = models.SlugField(
        max_length=160,
        unique=True,
        blank=True,
        help_text="Their page's address. Left empty, it is made from the name.",
    )
    job_title = SafeLineField(max_length=150, blank=True)
    bio = SafeTextField(blank=True, max_length=1000, help_text="A few sentences, plain text.")
    photo = models.ImageField(upload_to="authors/", blank=True)
    user = models.OneToOneField(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text="The desk account behind this byline, if any.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_path("accounts:author", self.slug)


class AuthorLink(models.Model):
    """A public profile link shown on the author page (website, social account, email)."""

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="links")
    label = SafeLineField(max_length=60)
    url = models.URLField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.label}: {self.url}"
