from django.urls import path

from accounts import views
from articles.public.feeds import AuthorFeed, feed_view

app_name = "accounts"

urlpatterns = [
    path("<slug:slug>/", views.author_detail, name="author"),
    path("<slug:slug>/rss/", feed_view(AuthorFeed, "rss"), name="author-feed-rss"),
    path("<slug:slug>/atom/", feed_view(AuthorFeed, "atom"), name="author-feed-atom"),
]
