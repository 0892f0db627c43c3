from django.conf import settings
from django.shortcuts import get_object_or_404, render

from accounts.models import Author
from articles.core import pagecache
from articles.core.pagination import paginate
from articles.models import Article
from articles.public import feeds, metadata


def author_detail(request, slug):
    # Bylines that appear only on drafts stay private until something is published.
    author = get_object_or_404(Author.objects.prefetch_related("links"), slug=slug)
    page = paginate(
        request,
        Article.objects.published().for_teasers().filter(bylines__author=author),
        empty_is_missing=True,
    )
    description = author.bio or f"Articles by {author.name} on {settings.SITE_NAME}."
    context = {
        "author": author,
        "page": page,
        "meta": metadata.for_author(request, author, description),
        "feeds": feeds.alternates("author", author, f"{author.name} · {settings.SITE_NAME}"),
    }
    response = render(request, "accounts/author.html", context)
    return pagecache.shows(response, pagecache.author_tag(author.pk), articles=page.object_list)
