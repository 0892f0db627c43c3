"""The desk's article list at newsroom scale: search through the full-text index, counts up to a cap."""

from django.conf import settings
from django.contrib.admin.views.main import ChangeList
from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.functional import cached_property

from ..core.search import clean_query, uses_database_search
from ..desk.comments import mention_count, open_count
from ..models.querysets import NOT_IN_TEASERS

COUNT_CAP = 1_000


def search_articles(queryset, term):
    """Desk articles matching `term` in any state: the search vector on PostgreSQL, LIKE on SQLite."""
    term = clean_query(term)
    if not term:
        return queryset
    if uses_database_search():
        return queryset.filter(
            search_vector=SearchQuery(term, search_type="websearch", config=settings.SEARCH_CONFIG)
        )
    match = Q()
    for word in term.split():
        match &= Q(headline__icontains=word) | Q(dek__icontains=word) | Q(body__icontains=word)
    return queryset.filter(match)


class ArticleChangeList(ChangeList):
    """The desk's list reads what its columns show, not every body in full. Only the shown page is
    deferred: bulk actions get their articles whole, from get_queryset()."""

    def get_results(self, request):
        # Plus each shown article's open discussion threads, and those naming the reader, in the same query.
        self.queryset = self.queryset.defer(*NOT_IN_TEASERS).annotate(
            open_comments=open_count(), my_mentions=mention_count(request.user)
        )
        super().get_results(request)


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows: the list says "more than 1,000" rather than scan them all."""

    @cached_property
    def count(self):
        # Any COUNT_CAP + 1 of them will do: without the list's order, nothing is sorted to be counted.
        # Only the key: the shown page's annotations (open threads) are not worked out to be counted.
        return self.object_list.order_by().values("pk")[: COUNT_CAP + 1].count()

    @property
    def capped(self):
        return self.count > COUNT_CAP
