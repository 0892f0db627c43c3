"""Lists without counting the archive: each page reads one row more than it shows, to know if there is
an older page, and pages stop at MAX_PAGES (sitemaps and search reach what lies deeper)."""

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404

MAX_PAGES = 50


@dataclass
class Page:
    object_list: list
    number: int
    has_next: bool

    @property
    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_previous or self.has_next

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


def paginate(request, queryset, per_page=None, *, empty_is_missing=False):
    """The requested page of `queryset`; a page that does not exist is a 404, not a silent page 1.

    With `empty_is_missing` an empty first page is a 404 too: a section, tag or author whose list a
    reader would find empty (credited on drafts only) answers as one that does not exist.
    """
    per_page = per_page or settings.ARTICLES_PER_PAGE
    raw = request.GET.get("page") or "1"
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGES:
        raise Http404("No such page")
    number = int(raw)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    if not rows and (number > 1 or empty_is_missing):
        raise Http404("No such page")
    return Page(rows[:per_page], number, has_next=len(rows) > per_page and number < MAX_PAGES)
