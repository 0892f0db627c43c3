"""Sitemaps (sitemaps.org 0.9): an index, articles by month, sections, tags and authors; a Google News
sitemap; robots.txt."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.core.paginator import Paginator
from django.db.models import OuterRef
from django.http import HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from accounts.models import Author

from ..core import pagecache
from ..models import Article, Section
from .metadata import absolute

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000  # Google News reads at most this many per sitemap


ARTICLES_PER_SITEMAP = 50_000  # the protocol's most per file


class ArticleMonthSitemap(Sitemap):
    """The public articles of one calendar month (in the site's time zone), newest first.

    By month rather than by numbered page: the index lists the months from two index probes instead of
    counting the archive, and a month's file costs what the month holds, whatever the archive's size.
    """

    limit = ARTICLES_PER_SITEMAP
    changefreq = "never"

    def __init__(self, year, month):
        self.start, self.end = month_bounds(year, month)

    def items(self):
        return (
            Article.objects.published()
            .filter(published_at__gte=self.start, published_at__lt=self.end)
            .only("slug", "published_at", "revised_at")
        )

    def lastmod(self, article):
        return article.revised_at if article.shows_update else article.published_at


def month_sitemap_path(moment):
    """The address of the articles sitemap holding what was published at `moment`."""
    local = timezone.localtime(moment)
    return reverse("sitemap-articles", kwargs={"year": f"{local.year:04}", "month": f"{local.month:02}"})


def month_bounds(year, month):
    zone = timezone.get_current_timezone()
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return datetime(year, month, 1, tzinfo=zone), datetime(*following, 1, tzinfo=zone)


def article_months():
    """(year, month) of every month from the newest public article's back to the oldest's."""
    public = Article.objects.published()
    newest = public.values_list("published_at", flat=True).first()
    if newest is None:
        return []
    oldest = public.order_by("published_at").values_list("published_at", flat=True).first()
    newest, oldest = timezone.localtime(newest), timezone.localtime(oldest)
    months, year, month = [], newest.year, newest.month
    while (year, month) >= (oldest.year, oldest.month):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


class _CreditedWindow:
    """Pages of everything (counted cheaply), each read as those of its rows credited in public.

    Counting only the credited ones would ask every tag or author for a public article; a page of
    the sitemap may hold fewer entries than its limit instead, which the protocol allows.
    """

    def __init__(self, everything, credited):
        self.everything, self.credited = everything, credited

    def count(self):
        return self.everything.count()

    def __getitem__(self, window):
        return list(self.credited.filter(pk__in=self.everything.values("pk")[window]))


class _LatestArticleSitemap(Sitemap):
    """Pages that list articles: their last change is their newest published article."""

    changefreq = "daily"
    link_to = ""
    model = None
    credit = ""  # the way from an article to them

    def everything(self):
        return self.model.objects.order_by("name", "pk")

    @property
    def paginator(self):
        return Paginator(_CreditedWindow(self.everything(), self.items()), self.limit)

    def get_latest_lastmod(self):
        # The newest public article crediting any of them, read from the newest end of the index.
        credited = Article.objects.published().filter(**{f"{self.credit}__isnull": False})
        return credited.values_list("published_at", flat=True).first()

    def lastmod(self, item):
        return item.latest

    def location(self, item):
        return reverse(self.link_to, args=[item.slug])


class SectionSitemap(_LatestArticleSitemap):
    link_to = "articles:section"
    model = Section
    credit = "section"

    def items(self):
        latest = (
            Article.objects.published()
            .filter(section=OuterRef("pk"))
            .order_by("-published_at")
            .values("published_at")[:1]
        )
        return Section.objects.annotate(latest=latest).filter(latest__isnull=False).order_by("name", "pk")


class TagSitemap(_LatestArticleSitemap):
    link_to = "articles:tag"
    model = Tag
    credit = "tags"

    def items(self):
        latest = (
            Article.objects.published().filter(tags=OuterRef("pk")).newest_first().values("published_at")[:1]
        )
        return (
            Article.objects.credited_in_public(Tag.objects, "tags")
            .annotate(latest=latest)
            .order_by("name", "pk")
        )


class AuthorSitemap(_LatestArticleSitemap):
    link_to = "accounts:author"
    model = Author
    credit = "bylines"

    def items(self):
        latest = (
            Article.objects.published()
            .filter(bylines__author=OuterRef("pk"))
            .newest_first()
            .values("published_at")[:1]
        )
        return (
            Article.objects.credited_in_public(Author.objects, "bylines__author")
            .annotate(latest=latest)
            .order_by("name", "pk")
        )


# Sitemaps of their own URL (sitemap-<name>.xml), listed in the index before the months of articles.
SITEMAPS = {
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}


@x_robots_tag
def sitemap_index(request):
    """Each sitemap's pages, then a sitemap per month of articles, newest month first."""
    entries = []
    for name, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = request.build_absolute_uri(reverse("sitemap-section", kwargs={"section": name}))
        lastmod = sitemap.get_latest_lastmod()
        for page in sitemap.paginator.page_range:
            entries.append(SitemapIndexItem(location if page == 1 else f"{location}?p={page}", lastmod))
    for year, month in article_months():
        path = month_sitemap_path(datetime(year, month, 1, tzinfo=timezone.get_current_timezone()))
        entries.append(SitemapIndexItem(request.build_absolute_uri(path)))
    response = TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
    return pagecache.shows(response, pagecache.SITEMAP)


def article_sitemap(request, year, month):
    response = sitemap_views.sitemap(
        request, {"articles": ArticleMonthSitemap(int(year), int(month))}, "articles"
    )
    return pagecache.shows(response, pagecache.SITEMAP)


def news_sitemap(request):
    """Articles published in the last two days, newest first, in Google News' sitemap format."""
    since = timezone.now() - NEWS_WINDOW
    articles = (
        Article.objects.published()
        .filter(published_at__gte=since)
        .only("slug", "headline", "published_at")
        .order_by("-published_at", "-id")[:NEWS_LIMIT]
    )
    context = {
        "articles": [(absolute(request, article.get_absolute_url()), article) for article in articles],
        "publication": settings.SITE_NAME,
        "language": news_language(settings.LANGUAGE_CODE),
    }
    response = render(request, "sitemaps/news.xml", context, content_type="application/xml; charset=utf-8")
    return pagecache.shows(response, pagecache.SITEMAP)


def news_language(code):
    """Google News wants ISO 639 codes, except zh-cn and zh-tw."""
    code = code.lower()
    return code if code in ("zh-cn", "zh-tw") else code.split("-")[0]


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /search/",
        "",
        f"Sitemap: {absolute(request, reverse('sitemap-index'))}",
        f"Sitemap: {absolute(request, reverse('news-sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
