"""Full-text search over published articles.

PostgreSQL: a weighted tsvector per article (headline A, standfirst B, body C, tags and bylines D) kept in
Article.search_vector, a GIN index over it, websearch_to_tsquery (never a syntax error) and ts_rank.
SQLite: every word must appear somewhere (headline, standfirst, body, a tag or a byline), headline hits first.
"""

import html
import re

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..models import Byline, TaggedArticle

MAX_QUERY_LENGTH = 200
RANKED_MATCHES = 500
MAX_TERMS = 8
# Markers around matches that no article text contains; replaced by <mark> after escaping.
START, STOP = "\x02", "\x03"


def uses_database_search():
    return connection.vendor == "postgresql"


def clean_query(raw):
    """What we search for: printable, bounded, whitespace folded. Empty means "no search"."""
    text = "".join(character for character in raw if character.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search(articles, query):
    """`articles` (already published-only) matching `query`, best first, each with .hit_headline/.hit_summary."""
    if uses_database_search():
        return _database_search(articles, query)
    return _fallback_search(articles, query)


def _database_search(articles, query):
    tsquery = SearchQuery(query, search_type="websearch", config=settings.SEARCH_CONFIG)
    plain_body = Func(F("body"), Value("<[^>]+>"), Value(" "), Value("g"), function="regexp_replace")
    options = {"start_sel": START, "stop_sel": STOP, "config": settings.SEARCH_CONFIG}
    # Ranked among the newest matches only: a word found in every article must not rank the archive.
    newest_matches = articles.filter(search_vector=tsquery).newest_first().values("pk")[:RANKED_MATCHES]
    return (
        articles.filter(pk__in=newest_matches)
        .annotate(
            rank=SearchRank(F("search_vector"), tsquery),
            hit_headline_raw=SearchHeadline("headline", tsquery, highlight_all=True, **options),
            hit_summary_raw=SearchHeadline(
                Coalesce(
                    Func(F("dek"), function="NULLIF", template="NULLIF(%(expressions)s, '')"), plain_body
                ),
                tsquery,
                max_words=40,
                min_words=15,
                **options,
            ),
        )
        .order_by("-rank", "-published_at", "-id")
    )


def _fallback_search(articles, query):
    terms = _terms(query)
    if not terms:
        return articles.annotate(
            rank=Value(0, output_field=IntegerField())
        ).none()  # ranked, as every result is
    for term in terms:
        articles = articles.filter(
            Q(headline__icontains=term)
            | Q(dek__icontains=term)
            | Q(body__icontains=term)
            | Q(pk__in=TaggedArticle.objects.filter(tag__name__icontains=term).values("content_object"))
            | Q(pk__in=Byline.objects.filter(author__name__icontains=term).values("article"))
        )
    score = sum(
        (
            Case(
                When(headline__icontains=term, then=Value(4)),
                When(dek__icontains=term, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
            for term in terms
        ),
        Value(0),
    )
    return articles.annotate(rank=score).order_by("-rank", "-published_at", "-id")


def _terms(query):
    words = re.findall(r"\w[\w'’-]*", query)
    return list(dict.fromkeys(word.lower() for word in words))[:MAX_TERMS]


def highlight(articles, query):
    """Set .hit_headline and .hit_summary (safe HTML, matches in <mark>) on each article of a page."""
    terms = _terms(query)
    for article in articles:
        if hasattr(article, "hit_headline_raw"):
            article.hit_headline = _marked(article.hit_headline_raw)
            article.hit_summary = _marked(article.hit_summary_raw)
        else:
            article.hit_headline = _mark_terms(article.headline, terms)
            article.hit_summary = _mark_terms(article.summary_words(40), terms)
    return articles


def _marked(text):
    # Escape first, then turn the database's markers into <mark>: nothing in the text can become markup.
    escaped = escape(html.unescape(text or ""))
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _mark_terms(text, terms):
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.I)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[last : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped
