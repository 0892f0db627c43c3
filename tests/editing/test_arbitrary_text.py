"""Arbitrary Unicode through the write path and the importer, then every public page, feed and sitemap.

Whatever a person or a file types as headline, standfirst, body, caption, tag, byline or section:
no page answers 500, every XML document parses, every JSON-LD block parses and carries the stored
headline, and no typed markup is live. Bounded in examples and time so the suite stays fast.
"""

import io
import json
import re
import sys

import feedparser
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from lxml import etree
from lxml import html as lxml_html

from accounts.models import Author
from articles.models import Article, Section, Status
from articles.public.sitemaps import month_sitemap_path
from tests.factories import make_article

# What breaks naive code: controls, XML's forbidden characters, lone surrogates, combining marks,
# direction overrides, emoji, entities, markup and script openings, and words too long for a line.
TRICKY = [
    "\x00", "\x08", "\x0b", "\x1b", "\x7f", "\x85", "\ufffe", "\uffff", "\ud800", "\udfff",
    "e\u0301", "\u0301", "\u202e", "\u200f", "\u2028", "👩🏽‍💻", "🇺🇦", "ﷺ", "ß", "İ",
    "&amp;", "&lt;", "&#0;", "]]>", "<!--", "-->", "<script>alert(1)</script>", "</script>", "<style>",
    "<img src=x onerror=alert(1)>", '"', "'", "<b>", "<a href='javascript:alert(1)'>x</a>", "x" * 300,
    "Économie", "Москва", "東京", "القاهرة",
]  # fmt: skip
ANY_CHARACTER = st.characters(exclude_categories=())  # surrogates and unassigned ones too
TEXT = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(ANY_CHARACTER, max_size=12)), max_size=6).map(
    "".join
)
EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same examples on every run: CI never fails on a new draw
)

XML_PAGES = [
    "/feeds/rss/", "/feeds/atom/", "/sitemap.xml", month_sitemap_path(timezone.now()), "/sitemap-sections.xml",
    "/sitemap-tags.xml", "/sitemap-authors.xml", "/news-sitemap.xml",
]  # fmt: skip


def tag_url(tag):
    return reverse("articles:tag", args=[tag.slug])


@override_settings(PAGE_CACHE=False)
class ArbitraryTextTests(TestCase):
    @EXAMPLES
    @given(headline=TEXT, dek=TEXT, body=TEXT, caption=TEXT, tag=TEXT, byline=TEXT, section=TEXT)
    def test_through_the_write_path(self, headline, dek, body, caption, tag, byline, section):
        try:
            section_row = Section.objects.create(name=section or "S")
            author = Author.objects.create(name=byline or "A")
            article = make_article(
                headline or "H",
                dek=dek,
                body=f"<p>{body}</p>",
                lead_image_caption=caption,
                section=section_row,
                authors=[author],
                tags=[tag or "t"],
            )
        except ValidationError:
            # Refused with a message (nothing visible, too long, markup hiding text): nothing half-stored.
            self.assertFalse(Article.objects.exists())
            return
        self._every_public_page_is_sound(Article.objects.get(pk=article.pk))

    @EXAMPLES
    @given(headline=TEXT, body=TEXT, caption=TEXT, section=TEXT, byline=TEXT, tag=TEXT)
    def test_through_the_importer(self, headline, body, caption, section, byline, tag):
        text = f"Connect with us\n\n{section}\n\n{headline}\n\nPublished\n\non\n\n{caption}\n\n{body} end.\n"
        data = text.encode("utf-8", "surrogatepass")
        out, err = io.StringIO(), io.StringIO()
        stdin = io.TextIOWrapper(io.BytesIO(data))
        old_stdin, sys.stdin = sys.stdin, stdin
        try:
            call_command(
                "import_article",
                "-",
                "--publish",
                f"--byline={byline}x",
                f"--tag={tag}x",
                stdout=out,
                stderr=err,
            )
        except CommandError as refused:
            # A clear refusal of the run or of the file, never a traceback; and nothing written.
            self.assertTrue(str(refused) or err.getvalue())
            self.assertFalse(Article.objects.exists())
            return
        finally:
            sys.stdin = old_stdin
        self.assertIn("1 created", out.getvalue())
        self._every_public_page_is_sound(Article.objects.get())

    def _every_public_page_is_sound(self, article):
        self.assertEqual(article.status, Status.PUBLISHED)
        page = self.client.get(article.get_absolute_url())
        self.assertEqual(page.status_code, 200)
        self._no_live_markup(page.content)
        blocks = re.findall(rb'<script type="application/ld\+json">(.*?)</script>', page.content, re.DOTALL)
        data = json.loads(blocks[0])
        self.assertEqual(data["headline"], article.headline)

        lists = ["/", article.section.get_absolute_url(), f"/search/?q={article.headline[:20]}"]
        lists += [author.get_absolute_url() for author in article.authors.all()]
        lists += [tag_url(tag) for tag in article.tags.all()]
        for path in lists:
            response = self.client.get(path)
            self.assertEqual(response.status_code, 200, path)
            self._no_live_markup(response.content)
        feeds = [f"{path}rss/" for path in lists[1:] if not path.startswith("/search")]
        for path in XML_PAGES + feeds:
            response = self.client.get(path)
            self.assertEqual(response.status_code, 200, path)
            etree.fromstring(response.content)  # raises on anything XML cannot hold
            if "feed" in path or path.endswith(("rss/", "atom/")):
                self.assertFalse(feedparser.parse(response.content).bozo, path)

    def _no_live_markup(self, content):
        """Only the site's own scripts (files under /static/ and JSON-LD), and no event handlers."""
        if not content.strip():
            return
        tree = lxml_html.fromstring(content)
        for script in tree.iter("script"):
            own = script.get("src", "").startswith("/static/") or script.get("type") == "application/ld+json"
            self.assertTrue(own, etree.tostring(script)[:200])
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            handlers = [name for name in element.attrib if name.lower().startswith("on")]
            self.assertEqual(handlers, [], etree.tostring(element)[:200])
            self.assertFalse(element.get("href", "").lower().startswith("javascript:"))
