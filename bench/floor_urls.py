"""The bench floor's URLconf (bench/floor.py): the floor page, and the article page's reads alone."""

from django.urls import include, path

from articles.public import views
from bench.floor import floor


def article_reads(request, slug):
    """The article page's database reads and nothing else, answered with the floor page: how far an
    uncached walk could go if rendering cost nothing."""
    views.article_context(request, views.public_article(slug))
    return floor(request)


# The project's own addresses after ours, so that the article page's reads can reverse() its links.
urlpatterns = [
    path("", floor),
    path("articles/<slug:slug>/", article_reads),
    path("", include("newsroom.urls")),
]
