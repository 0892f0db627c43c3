"""The addresses imported articles had on the site they came from keep working."""

from django.http import HttpResponsePermanentRedirect

from ..core.addresses import MAX_LENGTH, normalised
from ..models import Article, OldAddress


class OldAddressMiddleware:
    """The addresses imported articles had on the site they came from keep working: a request that
    finds nothing here (a 404) and asks for one of those paths is sent on, permanently, to the
    article's address today, as long as the article is published. Only 404s pay for the look-up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        path = normalised(request.path)
        if path == "/" or len(path) > MAX_LENGTH:
            return response
        moved = (
            OldAddress.objects.filter(path=path, article__in=Article.objects.published())
            .select_related("article")
            .first()
        )
        if moved is None:
            return response
        return HttpResponsePermanentRedirect(moved.article.get_absolute_url())
