from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.static import serve

from articles.api.site import api
from articles.public import sitemaps
from newsroom import outage

handler404 = "articles.public.views.page_not_found"
handler500 = outage.server_error


def favicon(request):
    # Asked for by browsers and feed readers whatever a page links to. Not a permanent redirect: the
    # icon's stored name changes with its content.
    return redirect(static("img/favicon.svg"))


urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", outage.health, name="health"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("favicon.ico", favicon),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap-index"),
    re_path(
        r"^sitemap-articles-(?P<year>[0-9]{4})-(?P<month>0[1-9]|1[0-2])\.xml$",
        sitemaps.article_sitemap,
        name="sitemap-articles",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap-section",
    ),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news-sitemap"),
    path("authors/", include("accounts.urls")),
    path("api/v1/", api.urls),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
