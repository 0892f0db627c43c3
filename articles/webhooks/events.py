"""Change events -> webhook messages and deliveries: `tell` runs after every commit that recorded
events (and at a scheduled event's moment), so a partner hears of a publication when readers see it.

Telling marks the events in the same transaction that writes the messages and the deliveries, so an
event is told once and never lost; the deliveries go out after the commit (delivery.py).
"""

import json
from urllib.parse import urljoin

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ..api import representation
from ..core import changes
from ..core.frontpage import live_slots
from ..models import (
    Article,
    BreakingNews,
    ChangeEvent,
    LiveUpdate,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookMessage,
)
from . import delivery

Change = ChangeEvent.Change
EVENT_OF = {
    Change.PUBLISHED: "article.published",
    Change.UPDATED: "article.updated",
    Change.CORRECTED: "article.corrected",
    Change.UNPUBLISHED: "article.unpublished",
    Change.DELETED: "article.deleted",
    Change.LIVE_POSTED: "live.update_posted",
    Change.LIVE_ENDED: "live.ended",
    Change.BREAKING_STARTED: "breaking.started",
    Change.BREAKING_ENDED: "breaking.ended",
    Change.FRONT_PAGE: "front_page.changed",
}
BATCH = 200  # events told per transaction


@task
def tell_task():
    tell()


def tell():
    """Tell every committed change event whose moment has come and that was not told yet."""
    while True:
        with transaction.atomic():
            events = list(
                ChangeEvent.objects.select_for_update(skip_locked=True)
                .filter(told=False, at__lte=timezone.now())
                .order_by("at", "id")[:BATCH]
            )
            if events:
                _told(events)
                ChangeEvent.objects.filter(pk__in=[event.pk for event in events]).update(told=True)
        if len(events) < BATCH:
            break
    transaction.on_commit(delivery.send_all_due)


def _told(events):
    endpoints = list(WebhookEndpoint.objects.all())
    wanted = [
        (event, [endpoint for endpoint in endpoints if EVENT_OF[event.change] in endpoint.events])
        for event in events
    ]
    wanted = [(event, listeners) for event, listeners in wanted if listeners]
    if not wanted:
        return
    bodies = Bodies([event for event, _ in wanted])
    messages = WebhookMessage.objects.bulk_create(
        WebhookMessage(event=EVENT_OF[event.change], body=bodies.of(event), change_id=event.pk)
        for event, _ in wanted
    )
    now = timezone.now()
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(message=message, endpoint=endpoint, next_attempt_at=now, created_at=now)
        for message, (_, listeners) in zip(messages, wanted, strict=True)
        for endpoint in listeners
    )


class Bodies:
    """The JSON of each event's message, from the rows read once for the whole batch."""

    def __init__(self, events):
        article_ids = {event.article_id for event in events if event.article_id}
        self.articles = {
            article.pk: article
            for article in representation.articles(Article.objects.published().filter(pk__in=article_ids))
        }
        self.updates = LiveUpdate.objects.filter(removed_at=None).in_bulk(
            [event.item_id for event in events if event.change == Change.LIVE_POSTED]
        )
        self.strips = BreakingNews.objects.in_bulk(
            [
                event.item_id
                for event in events
                if event.change in (Change.BREAKING_STARTED, Change.BREAKING_ENDED)
            ]
        )
        self.front = None
        self.origin = _Origin()

    def of(self, event):
        name = EVENT_OF[event.change]
        return json_text(
            {"type": name, "timestamp": representation.when(event.at), "data": self._data(event)}
        )

    def _data(self, event):
        if event.change in (Change.BREAKING_STARTED, Change.BREAKING_ENDED):
            strip = self.strips.get(event.item_id)
            return {"breaking": self._strip(event.item_id, strip)}
        if event.change == Change.FRONT_PAGE:
            return {"front_page": self._front_page()}
        article = self.articles.get(event.article_id)
        data = {"id": event.article_id, "article": self._article(article)}
        if event.change == Change.LIVE_POSTED:
            update = self.updates.get(event.item_id)
            data["update"] = self._update(update, article) if update else None
        return data

    def _article(self, article, fields=representation.FIELDS):
        return representation.shown(self.origin, article, fields) if article else None

    def _update(self, update, article):
        return {
            "id": update.pk,
            "title": update.title,
            "html": update.html,
            "posted_at": representation.when(update.created_at),
            "url": self.origin.build_absolute_uri(f"{article.get_absolute_url()}#{update.anchor}")
            if article
            else None,
        }

    @staticmethod
    def _strip(pk, strip):
        if strip is None:
            return {"id": pk, "text": None, "link": None, "until": None}
        return {
            "id": pk,
            "text": strip.text,
            "link": strip.link or None,
            "until": representation.when(strip.expires_at),
        }

    def _front_page(self):
        if self.front is None:
            slots = live_slots().filter(article__in=Article.objects.published()).order_by("position")
            shown = representation.articles(
                Article.objects.filter(pk__in=slots.values("article_id")), fields=representation.LIST_FIELDS
            )
            by_id = {article.pk: article for article in shown}
            self.front = [
                {
                    "position": slot.position,
                    "until": representation.when(slot.until),
                    "article": self._article(by_id[slot.article_id], representation.LIST_FIELDS),
                }
                for slot in slots
                if slot.article_id in by_id
            ]
        return self.front


class _Origin:
    """What the API's article shape asks of a request: absolute addresses, here on SITE_URL."""

    def build_absolute_uri(self, location):
        return urljoin(settings.EMAIL_LINK_ORIGIN + "/", location)


def json_text(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _recorded(sender, events, **kwargs):
    """Events written in a transaction: tell them after it commits, and at each later moment. (Two
    writes in one transaction queue two tells; the second finds nothing left to tell.)"""
    transaction.on_commit(_queue_tell)
    now = timezone.now()
    if tell_task.get_backend().supports_defer:
        for moment in sorted({event.at for event in events if event.at > now}):
            transaction.on_commit(lambda moment=moment: tell_task.using(run_after=moment).enqueue())


def _queue_tell():
    tell_task.enqueue()


changes.recorded.connect(_recorded, dispatch_uid="webhooks-tell")
