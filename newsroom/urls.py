from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.static import serve

from articles.sitemaps import SITEMAPS, news_sitemap, robots_txt
from newsroom import outage

handler500 = outage.server_error

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", outage.health, name="health"),
    path("robots.txt", robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("news-sitemap.xml", news_sitemap, name="news-sitemap"),
    path("authors/", include("accounts.urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
