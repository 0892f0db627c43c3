from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404


def paginate(request, queryset, per_page=None):
    """The requested page of `queryset`; a page that does not exist is a 404, not a silent page 1."""
    paginator = Paginator(queryset, per_page or settings.ARTICLES_PER_PAGE)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("No such page") from None
