"""Every model of the app, re-exported: `from articles.models import Article` stays the one spelling
(migrations included), whichever module of this package holds it."""

from .addresses import OldAddress, SlugRedirect
from .changes import ChangeEvent
from .content import SLUG_HELP, Article, Byline, Section, TaggedArticle
from .curation import BreakingNews, FrontPageSlot
from .desk import Autosave, Comment, Correction, LiveUpdate, PreviewLink, Revision, Transition
from .keys import ApiKey
from .media import BodyImage, Image, _fraction  # noqa: F401 - _fraction: named by migration 0014
from .states import Stage, Status
from .webhooks import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookMessage

__all__ = [
    "SLUG_HELP",
    "ApiKey",
    "Article",
    "Autosave",
    "BodyImage",
    "BreakingNews",
    "Byline",
    "ChangeEvent",
    "Comment",
    "Correction",
    "FrontPageSlot",
    "Image",
    "LiveUpdate",
    "OldAddress",
    "PreviewLink",
    "Revision",
    "Section",
    "SlugRedirect",
    "Stage",
    "Status",
    "TaggedArticle",
    "Transition",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookMessage",
]
