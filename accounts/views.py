from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from articles import feeds, metadata
from articles.pagination import paginate
from articles.views import public_articles

from .models import Author


def author_detail(request, slug):
    author = get_object_or_404(Author.objects.prefetch_related("links"), slug=slug)
    page = paginate(request, public_articles().filter(bylines__author=author))
    if not page.object_list:
        # Bylines that appear only on drafts stay private until something is published.
        raise Http404("No published articles by this author")
    description = author.bio or f"Articles by {author.name} on {settings.SITE_NAME}."
    context = {
        "author": author,
        "page": page,
        "meta": metadata.for_author(request, author, description),
        "feeds": feeds.alternates("author", author, f"{author.name} · {settings.SITE_NAME}"),
    }
    return render(request, "accounts/author.html", context)
