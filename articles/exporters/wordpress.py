"""Articles as a WordPress export (WXR 1.2), as WordPress's own importer reads it, written a piece at
a time. Sections are categories, tags are tags, several bylines are Co-Authors Plus's author terms,
lead images are attachments with their alt text and caption, the dateline a post meta field.
importers/wordpress.py reads it back.
"""

from datetime import UTC
from xml.sax.saxutils import escape, quoteattr

from django.db.models import Max
from django.utils import timezone

from accounts.models import Author

from ..importers.wordpress import DATELINE_KEY, NO_DATE
from ..models import Article, Section, Status
from . import origin, uri

STATUSES = {Status.DRAFT: "draft", Status.REVIEW: "pending"}

HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
\t<title>{title}</title>
\t<link>{link}</link>
\t<description></description>
\t<language>{language}</language>
\t<wp:wxr_version>1.2</wp:wxr_version>
\t<wp:base_site_url>{link}</wp:base_site_url>
\t<wp:base_blog_url>{link}</wp:base_blog_url>
"""
FOOTER = "</channel>\n</rss>\n"


def pieces(articles, *, site_name, language):
    """The export, piece by piece: `articles` is a queryset (iterated once, in chunks)."""
    yield HEADER.format(title=escape(site_name), link=escape(origin()), language=escape(language))
    for number, author in enumerate(Author.objects.filter(bylines__article__in=articles).distinct(), 1):
        yield (
            f"\t<wp:author><wp:author_id>{number}</wp:author_id>"
            f"<wp:author_login>{_cdata(author.slug)}</wp:author_login>"
            f"<wp:author_display_name>{_cdata(author.name)}</wp:author_display_name></wp:author>\n"
        )
    for section in Section.objects.filter(articles__in=articles).distinct():
        yield (
            f"\t<wp:category><wp:term_id>{section.pk}</wp:term_id>"
            f"<wp:category_nicename>{_cdata(section.slug)}</wp:category_nicename>"
            f"<wp:category_parent></wp:category_parent><wp:cat_name>{_cdata(section.name)}</wp:cat_name></wp:category>\n"
        )
    # Attachments need post ids of their own, after every article's.
    offset = (articles.aggregate(top=Max("pk"))["top"] or 0) + 1
    chunk = articles.select_related("section", "lead_image").prefetch_related(
        "bylines__author", Article.objects.topics_prefetch()
    )
    attached = set()
    for article in chunk.iterator(chunk_size=500):
        yield _item(article, offset)
        if article.lead_image_id and article.lead_image_id not in attached:
            attached.add(article.lead_image_id)
            yield _attachment(article, offset)
    yield FOOTER


def _item(article, offset):
    authors = [byline.author for byline in article.bylines.all()]
    terms = []
    if article.section:
        terms.append(("category", article.section.slug, article.section.name))
    terms += [("post_tag", tag.slug, tag.name) for tag in article.topics]
    if len(authors) > 1:
        terms += [("author", f"cap-{author.slug}", author.name) for author in authors]
    meta = [(DATELINE_KEY, article.dateline)] if article.dateline else []
    if article.lead_image_id:
        meta.append(("_thumbnail_id", str(offset + article.lead_image_id)))
    local = timezone.localtime(article.published_at or article.created_at)
    if article.status == Status.PUBLISHED:
        status = "publish" if article.published_at <= timezone.now() else "future"
        gmt = article.published_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    else:
        status = STATUSES[article.status]
        gmt = (
            article.published_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
            if article.published_at
            else NO_DATE
        )
    return "".join(
        [
            "\t<item>\n",
            f"\t\t<title>{escape(article.headline)}</title>\n",
            f"\t\t<link>{escape(origin() + article.get_absolute_url())}</link>\n",
            f"\t\t<pubDate>{local.strftime('%a, %d %b %Y %H:%M:%S %z')}</pubDate>\n",
            f"\t\t<dc:creator>{_cdata(authors[0].slug if authors else '')}</dc:creator>\n",
            f'\t\t<guid isPermaLink="false">{escape(uri(article))}</guid>\n',
            "\t\t<description></description>\n",
            f"\t\t<content:encoded>{_cdata(_absolute(article.body))}</content:encoded>\n",
            f"\t\t<excerpt:encoded>{_cdata(article.dek)}</excerpt:encoded>\n",
            f"\t\t<wp:post_id>{article.pk}</wp:post_id>\n",
            f"\t\t<wp:post_date>{_cdata(local.strftime('%Y-%m-%d %H:%M:%S'))}</wp:post_date>\n",
            f"\t\t<wp:post_date_gmt>{_cdata(gmt)}</wp:post_date_gmt>\n",
            "\t\t<wp:comment_status><![CDATA[closed]]></wp:comment_status>\n",
            f"\t\t<wp:post_name>{_cdata(article.slug)}</wp:post_name>\n",
            f"\t\t<wp:status>{_cdata(status)}</wp:status>\n",
            "\t\t<wp:post_parent>0</wp:post_parent>\n",
            "\t\t<wp:post_type><![CDATA[post]]></wp:post_type>\n",
            "\t\t<wp:post_password><![CDATA[]]></wp:post_password>\n",
            *(
                f"\t\t<category domain={quoteattr(domain)} nicename={quoteattr(nicename)}>{_cdata(name)}</category>\n"
                for domain, nicename, name in terms
            ),
            *(
                f"\t\t<wp:postmeta><wp:meta_key>{_cdata(key)}</wp:meta_key>"
                f"<wp:meta_value>{_cdata(value)}</wp:meta_value></wp:postmeta>\n"
                for key, value in meta
            ),
            "\t</item>\n",
        ]
    )


def _attachment(article, offset):
    image = article.lead_image
    url = origin() + image.file.url
    return (
        "\t<item>\n"
        f"\t\t<title>{escape(str(image))}</title>\n"
        f'\t\t<guid isPermaLink="false">{escape(url)}</guid>\n'
        f"\t\t<excerpt:encoded>{_cdata(article.lead_caption)}</excerpt:encoded>\n"
        f"\t\t<wp:post_id>{offset + image.pk}</wp:post_id>\n"
        f"\t\t<wp:post_parent>{article.pk}</wp:post_parent>\n"
        "\t\t<wp:status><![CDATA[inherit]]></wp:status>\n"
        "\t\t<wp:post_type><![CDATA[attachment]]></wp:post_type>\n"
        f"\t\t<wp:attachment_url>{_cdata(url)}</wp:attachment_url>\n"
        f"\t\t<wp:postmeta><wp:meta_key><![CDATA[_wp_attachment_image_alt]]></wp:meta_key>"
        f"<wp:meta_value>{_cdata(article.lead_alt)}</wp:meta_value></wp:postmeta>\n"
        "\t</item>\n"
    )


def _cdata(text):
    # "]]>" cannot stand inside a CDATA section: it is split across two.
    return "<![CDATA[" + (text or "").replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _absolute(body):
    return body.replace(' src="/', f' src="{origin()}/')
