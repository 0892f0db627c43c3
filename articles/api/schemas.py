"""What the OpenAPI document says the answers hold (the answers themselves are written by
representation.py; tests/api checks the two agree)."""

from ninja import Schema


class Named(Schema):
    slug: str
    name: str


class Byline(Schema):
    name: str
    slug: str
    url: str


class Rendition(Schema):
    url: str
    width: int
    height: int
    type: str


class Picture(Schema):
    url: str
    width: int
    height: int
    alt: str
    caption: str
    credit: str
    renditions: list[Rendition]


class CorrectionOut(Schema):
    kind: str
    text: str
    at: str


class Live(Schema):
    started_at: str
    ended_at: str | None


class Seo(Schema):
    title: str
    description: str


class Social(Schema):
    headline: str
    image: Picture | None


class ArticleOut(Schema):
    """An article; lists leave out body_html unless fields= asks for it, and fields= keeps only those named."""

    id: int | None = None
    slug: str | None = None
    url: str | None = None
    headline: str | None = None
    standfirst: str | None = None
    section: Named | None = None
    topics: list[Named] | None = None
    bylines: list[Byline] | None = None
    published_at: str | None = None
    updated_at: str | None = None
    dateline: str | None = None
    body_html: str | None = None
    lead_image: Picture | None = None
    corrections: list[CorrectionOut] | None = None
    live: Live | None = None
    seo: Seo | None = None
    social: Social | None = None


class ArticlePage(Schema):
    items: list[ArticleOut]
    next: str | None


class Change(Schema):
    id: int
    change: str
    at: str
    article: ArticleOut | None


class ChangePage(Schema):
    items: list[Change]
    next: str


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    detail: str


class NamedOut(Schema):
    slug: str
    name: str
    description: str
    url: str


class NamedPage(Schema):
    items: list[NamedOut]
    next: str | None


class AuthorOut(Schema):
    slug: str
    name: str
    job_title: str
    bio: str
    url: str


class AuthorPage(Schema):
    items: list[AuthorOut]
    next: str | None


class Breaking(Schema):
    text: str
    link: str


class FrontOut(Schema):
    lead: ArticleOut | None
    top: list[ArticleOut]
    breaking: Breaking | None


class LiveUpdateOut(Schema):
    id: int
    title: str
    html: str
    by: str
    posted_at: str
    changed_at: str


class LivePage(Schema):
    items: list[LiveUpdateOut]
    next: str | None


class SearchOut(Schema):
    query: str
    items: list[ArticleOut]
    next: str | None
