from django.urls import path

from articles.feeds import AuthorFeed, feed_view

from . import views

app_name = "accounts"

urlpatterns = [
    path("<slug:slug>/", views.author_detail, name="author"),
    path("<slug:slug>/rss/", feed_view(AuthorFeed, "rss"), name="author-feed-rss"),
    path("<slug:slug>/atom/", feed_view(AuthorFeed, "atom"), name="author-feed-atom"),
]
