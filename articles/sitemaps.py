"""Sitemaps (sitemaps.org 0.9) for articles, sections, tags and authors; a Google News sitemap; robots.txt."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from accounts.models import Author

from .metadata import absolute
from .models import Article, Section

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000  # Google News reads at most this many per sitemap


class ArticleSitemap(Sitemap):
    limit = 5000
    changefreq = "never"

    def items(self):
        return Article.objects.published().only("slug", "published_at", "revised_at")

    def lastmod(self, article):
        return article.revised_at if article.shows_update else article.published_at

    def get_latest_lastmod(self):
        # Django's own reads every article to find it: the newest publication and update, from indexes.
        published = Article.objects.published()
        newest = published.values_list("published_at", flat=True).first()
        revised = (
            published.filter(revised_at__isnull=False)
            .order_by("-revised_at")
            .values_list("revised_at", flat=True)
            .first()
        )
        return max(filter(None, [newest, revised]), default=None)


class _LatestArticleSitemap(Sitemap):
    """Pages that list articles: their last change is their newest published article."""

    changefreq = "daily"
    link_to = ""

    def lastmod(self, item):
        return item.latest

    def location(self, item):
        return reverse(self.link_to, args=[item.slug])


class SectionSitemap(_LatestArticleSitemap):
    link_to = "articles:section"

    def items(self):
        latest = (
            Article.objects.published()
            .filter(section=OuterRef("pk"))
            .order_by("-published_at")
            .values("published_at")[:1]
        )
        return Section.objects.annotate(latest=latest).filter(latest__isnull=False)


class TagSitemap(_LatestArticleSitemap):
    link_to = "articles:tag"

    def items(self):
        latest = (
            Article.objects.published().filter(tags=OuterRef("pk")).newest_first().values("published_at")[:1]
        )
        return (
            Article.objects.credited_in_public(Tag.objects, "tags").annotate(latest=latest).order_by("name")
        )


class AuthorSitemap(_LatestArticleSitemap):
    link_to = "accounts:author"

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
            .order_by("name")
        )


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}


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
    return render(request, "sitemaps/news.xml", context, content_type="application/xml; charset=utf-8")


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
