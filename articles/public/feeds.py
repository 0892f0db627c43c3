"""RSS 2.0 and Atom 1.0 feeds for the whole site, each section, each tag and each author."""

import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from taggit.models import Tag

from accounts.models import Author
from newsroom.text import safe_deep

from ..core import pagecache
from ..core.pictures import largest_name
from ..models import Article, Section
from .metadata import absolute

ITEMS_PER_FEED = 30


class _XmlSafe:
    """A feed writer that leaves out what XML cannot hold, so no stored row can break a feed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*safe_deep(list(args)), **safe_deep(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*safe_deep(list(args)), **safe_deep(kwargs))


class RssFeed(_XmlSafe, Rss201rev2Feed):
    pass


class AtomFeed(_XmlSafe, Atom1Feed):
    pass


FORMATS = {"rss": RssFeed, "atom": AtomFeed}


def feed_view(feed_class, format):
    """A view that builds a fresh feed per request, so the request can be kept on it safely."""

    def view(request, *args, **kwargs):
        feed = feed_class(format, request)
        # Lifetimes and Cache-Control come from the page cache (public/middleware.py), like every public page.
        response = feed(request, *args, **kwargs)
        return pagecache.shows(response, *feed.shown_tags, articles=feed.shown)

    return view


class ArticleFeed(Feed):
    """The site's latest articles; subclasses narrow it to one section, tag or author."""

    def __init__(self, format, request):
        super().__init__()
        self.format = format
        self.feed_type = FORMATS[format]
        self.request = request
        self.shown, self.shown_tags = [], ()

    # The feed

    def title(self, obj=None):
        return settings.SITE_NAME

    def subtitle(self, obj=None):
        return f"The latest news from {settings.SITE_NAME}."

    description = subtitle

    def link(self, obj=None):
        return reverse("articles:home")

    def feed_url(self, obj=None):
        return reverse(f"articles:feed-{self.format}")

    def articles(self, obj):
        return Article.objects.published()

    def list_tag(self, obj):
        """The page cache's tag for the list this feed is (retired when an article joins or leaves it)."""
        return pagecache.LATEST

    def items(self, obj=None):
        items = list(self.articles(obj).for_page()[:ITEMS_PER_FEED])
        if obj is not None and not items:
            # A section, tag or author with nothing public answers as a missing one: drafts stay secret.
            raise Http404("Nothing public here")
        self.shown, self.shown_tags = items, (self.list_tag(obj),)
        return items

    # Each article

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return article.summary

    def item_link(self, article):
        return article.get_absolute_url()

    def item_guid(self, article):
        # Built from the article's id, not its address: a new slug must not look like a new story.
        host = urlsplit(absolute(self.request, "/")).hostname
        return f"tag:{host},{article.created_at:%Y-%m-%d}:article-{article.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.revised_at if article.shows_update else article.published_at

    def item_author_name(self, article):
        return ", ".join(byline.author.name for byline in article.bylines.all()) or None

    def item_categories(self, article):
        section = [article.section.name] if article.section else []
        return section + [tag.name for tag in article.topics]

    def item_enclosures(self, article):
        if not article.lead_image_id:
            return []
        name = largest_name(article.lead_image)
        try:
            length = default_storage.size(name)
        except OSError:
            length = 0
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        # Django makes item links absolute, not enclosure URLs.
        return [Enclosure(absolute(self.request, default_storage.url(name)), str(length), mime)]


class SectionFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, section):
        return f"{section.name} · {settings.SITE_NAME}"

    def subtitle(self, section):
        return section.description or f"{section.name} news from {settings.SITE_NAME}."

    description = subtitle

    def link(self, section):
        return section.get_absolute_url()

    def feed_url(self, section):
        return reverse(f"articles:section-feed-{self.format}", args=[section.slug])

    def articles(self, section):
        return Article.objects.published().filter(section=section)

    def list_tag(self, section):
        return pagecache.section_tag(section.pk)


class TagFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag):
        return f"{tag.name} · {settings.SITE_NAME}"

    def subtitle(self, tag):
        return f"Articles about {tag.name} from {settings.SITE_NAME}."

    description = subtitle

    def link(self, tag):
        return reverse("articles:tag", args=[tag.slug])

    def feed_url(self, tag):
        return reverse(f"articles:tag-feed-{self.format}", args=[tag.slug])

    def articles(self, tag):
        return Article.objects.published().filter(tags=tag)

    def list_tag(self, tag):
        return pagecache.topic_tag(tag.pk)


class AuthorFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, author):
        return f"{author.name} · {settings.SITE_NAME}"

    def subtitle(self, author):
        return f"Articles by {author.name} on {settings.SITE_NAME}."

    description = subtitle

    def link(self, author):
        return author.get_absolute_url()

    def feed_url(self, author):
        return reverse(f"accounts:author-feed-{self.format}", args=[author.slug])

    def articles(self, author):
        return Article.objects.published().filter(bylines__author=author)

    def list_tag(self, author):
        return pagecache.author_tag(author.pk)


def alternates(kind, obj=None, name=""):
    """The <link rel="alternate"> entries for a page's own feeds: [{"type", "title", "url"}]."""
    routes = {
        "section": "articles:section-feed-",
        "tag": "articles:tag-feed-",
        "author": "accounts:author-feed-",
    }
    return [
        {"type": f"application/{fmt}+xml", "title": f"{name} ({fmt.upper() if fmt == 'rss' else 'Atom'})",
         "url": reverse(routes[kind] + fmt, args=[obj.slug])}
        for fmt in FORMATS
    ]  # fmt: skip
