"""The public site. Every article shown starts from Article.objects.published()."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from taggit.models import Tag

from .models import Article, Section
from .pagination import paginate
from .previews import active_link


def public_articles():
    return Article.objects.published().with_page_relations()


def home(request):
    page = paginate(request, public_articles())
    articles = list(page.object_list)
    lead = articles[0] if page.number == 1 and articles else None
    return render(
        request,
        "articles/home.html",
        {"page": page, "lead": lead, "articles": articles[1:] if lead else articles},
    )


def article_detail(request, slug):
    article = get_object_or_404(public_articles().prefetch_related("corrections"), slug=slug)
    return render_article(request, article)


def render_article(request, article, preview=""):
    """The article page; a preview carries a banner and is kept out of caches and search engines."""
    response = render(request, "articles/article.html", {"article": article, "preview": preview})
    if preview:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
    return response


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
    section = get_object_or_404(Section, slug=slug)
    page = paginate(request, public_articles().filter(section=section))
    return render(
        request,
        "articles/section.html",
        {"section": section, "page": page, "current_section_slug": section.slug},
    )


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page = paginate(request, public_articles().filter(tags=tag))
    if not page.object_list:
        # A tag used only on drafts must not reveal that those drafts exist.
        raise Http404("No published articles with this tag")
    return render(request, "articles/tag.html", {"tag": tag, "page": page})
