"""`make bench` helper, in a process of its own on a throwaway database: webhook fan-out.

    python -m bench.fanout EVENTS ENDPOINTS

Saves EVENTS updates to published articles on the desk's write path twice: first with no webhook,
then with ENDPOINTS of them subscribed to every event (one of them down: nothing listens at its
port), the tasks queued in the database queue as in production. Then it does what one worker does
(tell the events, send each endpoint's deliveries) against a real local receiver, and checks that
every delivery was made or is scheduled for a retry, none lost. Prints one JSON object.
"""

import json
import os
import socket
import statistics
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.seen[self.path].add(self.headers["webhook-id"])
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    events, endpoints = int(sys.argv[1]), int(sys.argv[2])
    os.environ.update(TASK_BACKEND="database", WEBHOOK_ALLOW_HTTP="true", WEBHOOK_ALLOW_PRIVATE="true")
    import django

    django.setup()
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from articles.editing.articles import save_article
    from articles.models import Article, ChangeEvent, WebhookDelivery, WebhookEndpoint
    from articles.webhooks import delivery, signing
    from articles.webhooks import events as telling

    articles = list(Article.objects.published().order_by("-published_at")[:50])
    if not articles:
        raise SystemExit("no published articles to update")

    def saves(count, mark):
        took = []
        for number in range(count):
            article = articles[number % len(articles)]
            article.headline = f"{article.headline.split(' [')[0]} [{mark} {number}]"
            started = time.perf_counter()
            save_article(article)
            took.append((time.perf_counter() - started) * 1000)
        return took

    # Everything recorded so far (the archive's publications) is told to nobody.
    telling.tell()
    without = saves(events, "plain")
    telling.tell()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    server.daemon_threads = True
    server.seen = {f"/{number}": set() for number in range(endpoints - 1)}
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    down = f"http://127.0.0.1:{_free_port()}/down"
    for number in range(endpoints - 1):
        WebhookEndpoint.objects.create(
            name=f"Partner {number}",
            url=f"{origin}/{number}",
            events=["article.updated"],
            secret=signing.new_secret(),
        )
    dead = WebhookEndpoint.objects.create(
        name="Partner down", url=down, events=["article.updated"], secret=signing.new_secret()
    )
    queued_before = DBTaskResult.objects.count()
    first_event = ChangeEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with_hooks = saves(events, "told")
    queued = DBTaskResult.objects.count() - queued_before
    recorded = ChangeEvent.objects.filter(id__gt=first_event).count()

    # One worker's work: tell, then send every endpoint's due deliveries.
    started = time.perf_counter()
    telling.tell()
    for endpoint_id in WebhookEndpoint.objects.values_list("id", flat=True):
        delivery.send(endpoint_id)
    sending_s = time.perf_counter() - started
    server.shutdown()

    states = Counter(WebhookDelivery.objects.values_list("state", flat=True))
    dead_deliveries = WebhookDelivery.objects.filter(endpoint=dead)
    dead.refresh_from_db()
    received = [len(ids) for ids in server.seen.values()]
    print(
        json.dumps(
            {
                "events": recorded,
                "endpoints": endpoints,
                "save_ms_without": statistics.median(without),
                "save_ms_with": statistics.median(with_hooks),
                "tasks_queued_by_saves": queued,
                "deliveries": sum(states.values()),
                "states": dict(states),
                "received_min": min(received),
                "received_max": max(received),
                "down_attempts": sum(item.attempts for item in dead_deliveries),
                "down_waiting": dead_deliveries.filter(state="pending").count(),
                "down_retry_in_s": (dead.retry_at - timezone.now()).total_seconds()
                if dead.retry_at
                else None,
                "sending_s": sending_s,
            }
        )
    )


if __name__ == "__main__":
    main()
