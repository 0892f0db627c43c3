"""The public site. Every article shown starts from Article.objects.published()."""

from urllib.parse import urlencode

from django.conf import settings
from django.db import DatabaseError
from django.db.models import prefetch_related_objects
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from taggit.models import Tag

from ..core import frontpage, pagecache
from ..core.pagination import paginate
from ..core.search import clean_query, highlight
from ..core.search import search as search_articles
from ..desk import live
from ..desk.previews import active_link
from ..editing import reading
from ..models import Article, Section, SlugRedirect
from . import feeds, metadata, regions
from .context_processors import breaking_strips


def home(request):
    """The front page: the editors' lead and featured slots (or the newest), then the newest of the rest."""
    page, lead, featured, articles = _front_page(request)
    context = {
        "page": page,
        "lead": lead,
        "featured": featured,
        "articles": articles,
        # The first page is what changes as news breaks: open pages keep it current (front_live).
        "front_top": regions.front(page, lead, featured, articles) if page.number == 1 else None,
        "meta": metadata.for_home(request),
    }
    response = render(request, "articles/home.html", context)
    return pagecache.shows(response, pagecache.FRONT, pagecache.LATEST, articles=[lead, *featured, *articles])


def front_page_preview(request, pinned):
    """The front page as it would be with `pinned` ({position: article}) in its slots: the desk's
    preview of a line-up not saved yet. Never cached, never indexed, never refreshed by the script."""
    page, lead, featured, articles = _front_page(request, pinned)
    context = {
        "page": page,
        "lead": lead,
        "featured": featured,
        "articles": articles,
        "preview": "Preview of the front page's line-up: not saved yet. Readers see the saved one.",
        "meta": None,
    }
    response = render(request, "articles/home.html", context)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _front_page(request, pinned=None):
    pinned = frontpage.pinned_articles() if pinned is None else pinned
    newest = Article.objects.published().teaser_columns().select_related("section", "lead_image")
    if pinned:
        newest = newest.exclude(pk__in=[article.pk for article in pinned.values()])
    page = paginate(request, newest)
    if page.number == 1:
        lead, featured, articles = frontpage.compose(pinned, page.object_list)
    else:
        lead, featured, articles = None, [], page.object_list
    shown = [lead, *featured, *articles] if lead else articles
    prefetch_related_objects(shown, Article.objects.bylines_prefetch())
    return page, lead, featured, articles


def front_live(request):
    """The breaking strip and the front page's first page as readers see them now, as JSON, for the
    script on every open page (static/js/front.js) to show without a reload. One address for every
    reader: the page cache answers them all, its lifetimes capped to the polling interval."""
    page, lead, featured, articles = _front_page(request)  # the script asks for the first page
    response = JsonResponse(
        {
            "breaking": regions.breaking(breaking_strips()).as_json(),
            "front": regions.front(page, lead, featured, articles).as_json(),
        }
    )
    response.page_cache_max_age = settings.LIVE_POLL_SECONDS
    return pagecache.shows(response, pagecache.FRONT, pagecache.LATEST, articles=[lead, *featured, *articles])


def article_detail(request, slug):
    article = public_article(slug)
    if article is None:
        return _redirect_old_slug(slug)
    return render_article(request, article)


def live_updates(request, slug):
    """A live story's newest updates as JSON, for the page's script to show without a reload.

    Every reader asks the same address, so the page cache answers them all with one render per
    change; its lifetimes for browsers and CDNs are capped to the polling interval.
    """
    article = public_article(slug)
    if article is None or article.live_started_at is None:
        raise Http404("No live story here")
    updates = live.shown(article, limit=live.POLLED)
    response = JsonResponse(
        {
            "live": article.is_live,
            "ended": _ended_line(article),
            # Fewer than asked for: these are all the updates there are, and any other on the page is gone.
            "complete": len(updates) < live.POLLED,
            "updates": [
                {
                    "id": update.pk,
                    "anchor": update.anchor,
                    "changed": update.changed_at.isoformat(),
                    "html": render_to_string("articles/_live_update.html", {"update": update}),
                }
                for update in updates
            ],
        }
    )
    response.page_cache_max_age = settings.LIVE_POLL_SECONDS
    return pagecache.shows(response, articles=[article])


def _ended_line(article):
    if article.live_ended_at is None:
        return ""
    return render_to_string("articles/_live_ended.html", {"article": article}).strip()


def _redirect_old_slug(slug):
    """An address a published article used to have answers with a permanent redirect to its new one."""
    moved = SlugRedirect.objects.filter(old_slug=slug, article__in=Article.objects.published()).first()
    if moved is None:
        raise Http404("No such article")
    return pagecache.shows(
        redirect(moved.article, permanent=True), pagecache.MISSING, articles=[moved.article]
    )


def public_article(slug):
    return (
        Article.objects.published()
        .select_related("section", "lead_image", "social_image")
        .filter(slug=slug)
        .first()
    )


def render_article(request, article, preview=""):
    """The article page; a preview carries a banner and is kept out of caches and search engines."""
    context = article_context(request, article, preview)
    response = render(request, "articles/article.html", context)
    shown = [article, *context["related"], *(context["more_by"] or ((), ()))[1]]
    pagecache.shows(response, pagecache.reading_tag(article.pk), articles=shown)
    if preview:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
    return response


def article_context(request, article, preview=""):
    """What the article page shows, read in four queries whatever the archive (five with the article
    itself): its reading lists (stored ids), the bylines of all of them at once, its tags, its corrections.
    """
    related, more_by = reading.shown(article)
    prefetch_related_objects([article, *related, *more_by], Article.objects.bylines_prefetch())
    prefetch_related_objects([article], Article.objects.topics_prefetch(), "corrections")
    bylines = list(article.bylines.all())
    updates = _live_page(request, article)
    return {
        "article": article,
        "preview": preview,
        "related": related,
        "more_by": (bylines[0].author, more_by) if bylines and more_by else None,
        "live_updates": updates,
        # The last update shown starts the next page of older ones, when there may be more.
        "older_updates": updates[-1].pk if len(updates) == live.SHOWN else None,
        "live_poll_ms": settings.LIVE_POLL_SECONDS * 1000,
        "meta": None if preview else metadata.for_article(request, article, updates),
    }


def _live_page(request, article):
    """A live story's updates for its page (one more query); ?before=<id> shows older ones."""
    if article.live_started_at is None:
        return []
    before = request.GET.get("before", "")
    if before:
        if not before.isdigit():
            raise Http404("No such update")
        return live.shown(article, before=int(before))
    return live.shown(article)


def shared_preview(request, token):
    """An unpublished article for someone without an account, while the editor's link is live."""
    link = active_link(token)
    if link is None:
        response = render(request, "articles/preview_gone.html", status=410)
        add_never_cache_headers(response)
        return response
    expires = timezone.localtime(link.expires_at)
    banner = f"Preview: not published yet. This link works until {expires:%d %B %Y, %H:%M %Z}."
    return render_article(request, link.article, preview=banner)


def section_detail(request, slug):
    # A section, tag or author with nothing public answers as a missing one does: drafts stay secret.
    section = get_object_or_404(Section, slug=slug)
    page = paginate(
        request, Article.objects.published().for_teasers().filter(section=section), empty_is_missing=True
    )
    description = section.description or f"{section.name} news from {settings.SITE_NAME}."
    context = {
        "section": section,
        "page": page,
        "current_section_slug": section.slug,
        "meta": metadata.for_collection(request, section.name, description),
        "feeds": feeds.alternates("section", section, f"{section.name} · {settings.SITE_NAME}"),
    }
    response = render(request, "articles/section.html", context)
    return pagecache.shows(response, pagecache.section_tag(section.pk), articles=page.object_list)


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page = paginate(
        request, Article.objects.published().for_teasers().filter(tags=tag), empty_is_missing=True
    )
    description = f"Articles about {tag.name} from {settings.SITE_NAME}."
    context = {
        "tag": tag,
        "page": page,
        "meta": metadata.for_collection(request, tag.name, description),
        "feeds": feeds.alternates("tag", tag, f"{tag.name} · {settings.SITE_NAME}"),
    }
    response = render(request, "articles/tag.html", context)
    return pagecache.shows(response, pagecache.topic_tag(tag.pk), articles=page.object_list)


def page_not_found(request, exception=None):
    """The 404 page: a way on for the reader, with search and the latest headlines (two queries)."""
    try:
        latest = list(Article.objects.published().for_teasers()[:LATEST_ON_404])
    except DatabaseError:
        latest = []  # the database away: the page still answers, without the headlines
    response = render(request, "404.html", {"latest": latest}, status=404)
    return pagecache.shows(response, pagecache.MISSING, pagecache.LATEST, articles=latest)


LATEST_ON_404 = 5


def search(request):
    """Full-text search over published articles; any query string is safe to send."""
    query = clean_query(request.GET.get("q", ""))
    found = search_articles(Article.objects.published().for_teasers(), query) if query else None
    page = paginate(request, found) if query else None
    if page is not None:
        page.object_list = highlight(list(page.object_list), query)
    context = {"query": query, "page": page, "page_query": urlencode({"q": query})}
    response = render(request, "articles/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    return pagecache.shows(response, pagecache.SEARCH)
