from django.urls import path

from .public import views
from .public.feeds import ArticleFeed, SectionFeed, TagFeed, feed_view

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("front.json", views.front_live, name="front-live"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("articles/<slug:slug>/live.json", views.live_updates, name="live-updates"),
    path("sections/<slug:slug>/", views.section_detail, name="section"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("preview/<str:token>/", views.shared_preview, name="preview"),
    path("search/", views.search, name="search"),
    path("feeds/rss/", feed_view(ArticleFeed, "rss"), name="feed-rss"),
    path("feeds/atom/", feed_view(ArticleFeed, "atom"), name="feed-atom"),
    path("sections/<slug:slug>/rss/", feed_view(SectionFeed, "rss"), name="section-feed-rss"),
    path("sections/<slug:slug>/atom/", feed_view(SectionFeed, "atom"), name="section-feed-atom"),
    path("tags/<slug:slug>/rss/", feed_view(TagFeed, "rss"), name="tag-feed-rss"),
    path("tags/<slug:slug>/atom/", feed_view(TagFeed, "atom"), name="tag-feed-atom"),
]
