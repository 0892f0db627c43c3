"""Webhooks against a real local receiver: what is told and when, the Standard Webhooks signature (checked
with the specification's own library), the retry schedule on a controlled clock, pausing, and the
address rules (checked when resolved, redirects never followed)."""

import io
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from standardwebhooks import Webhook

from articles.core import frontpage
from articles.desk import live, workflow
from articles.models import (
    Article,
    BreakingNews,
    ChangeEvent,
    Status,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookMessage,
)
from articles.models.webhooks import EVENTS
from articles.webhooks import addresses, delivery, events, signing
from tests.factories import make_article, save
from tests.staff import make_editor

pytestmark = pytest.mark.django_db
State = WebhookDelivery.State


@pytest.fixture
def local(settings):
    """The receiver runs on this machine: http and loopback allowed, as in development."""
    settings.WEBHOOK_ALLOW_HTTP = settings.WEBHOOK_ALLOW_PRIVATE = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 2


@pytest.fixture
def clock(monkeypatch):
    """timezone.now under the test's hand, starting at the real time (signatures are checked against
    the real time, within the specification's five minutes)."""
    now = [timezone.now()]
    monkeypatch.setattr(timezone, "now", lambda: now[0])

    class Clock:
        def move(self, **delta):
            now[0] += timedelta(**delta)

        @property
        def now(self):
            return now[0]

    return Clock()


def committed():
    return TestCase.captureOnCommitCallbacks(execute=True)


def send_due():
    """What the queue (or a cron job) does when the clock has moved: `manage.py send_webhooks`."""
    out = io.StringIO()
    with committed():
        call_command("send_webhooks", stdout=out)
    return out.getvalue()


def edit(article, **fields):
    for name, value in fields.items():
        setattr(article, name, value)
    save(article)


def endpoint_for(url, events=tuple(EVENTS), name="Partner app"):
    return WebhookEndpoint.objects.create(
        name=name, url=url, events=list(events), secret=signing.new_secret()
    )


def bodies(receiver):
    return [json.loads(body) for _, _, _, body in receiver.requests]


def test_a_publication_is_posted_once_signed_the_standard_webhooks_way(recorder, local):
    receiver = recorder()
    endpoint = endpoint_for(receiver.origin + "/hooks/newsroom?team=desk")
    article = make_article("Council passes the budget")
    ((method, path, headers, body),) = receiver.requests
    assert (method, path) == ("POST", "/hooks/newsroom?team=desk")
    assert headers["Content-Type"] == "application/json"
    payload = Webhook(endpoint.secret).verify(body, dict(headers.items()))
    assert payload["type"] == "article.published"
    assert payload["data"]["id"] == article.pk
    shown = payload["data"]["article"]
    assert shown["headline"] == "Council passes the budget"
    assert shown["url"].endswith(article.get_absolute_url()) and shown["url"].startswith("http")
    assert "body_html" in shown and shown["section"]["name"] == "News"
    message = WebhookMessage.objects.get()
    assert headers["webhook-id"] == message.webhook_id and message.body.encode() == body
    assert WebhookDelivery.objects.get().state == State.DELIVERED
    # Telling again finds nothing new: each event is told once.
    events.tell()
    assert len(receiver.requests) == 1


def test_a_tampered_body_or_another_secret_does_not_verify(recorder, local):
    receiver = recorder()
    endpoint = endpoint_for(receiver.origin + "/")
    make_article()
    _, _, headers, body = receiver.requests[0]
    from standardwebhooks.webhooks import WebhookVerificationError

    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint.secret).verify(body.replace(b"Headline", b"Deadline"), dict(headers.items()))
    with pytest.raises(WebhookVerificationError):
        Webhook(signing.new_secret()).verify(body, dict(headers.items()))


def test_each_kind_of_change_is_told_as_its_event(recorder, local):
    receiver = recorder()
    endpoint_for(receiver.origin + "/")
    editor = make_editor()
    article = make_article("Flood defences fail")
    with committed():
        workflow.add_correction(article, editor, "correction", "The river rose 2 m, not 3 m.")
    edit(article, headline="Flood defences fail in two towns")
    with committed():
        live.start(article, editor)
    with committed():
        update = live.post(article, editor, text="<p>Evacuations begin.</p>")
    with committed():
        live.end(article, editor)
    with committed():
        strip = BreakingNews.objects.create(text="Rivers burst their banks")
    strip.live = False
    with committed():
        strip.save()
    with committed():
        frontpage.arrange([(article, None), None, None, None, None], editor)
    with committed():
        workflow.move("unpublish", article, editor)
    other = make_article("To be deleted")
    with committed():
        Article.objects.get(pk=other.pk).delete()
    told = [body["type"] for body in bodies(receiver)]
    assert told == [
        "article.published",
        "article.corrected",
        "article.updated",
        "article.updated",  # live coverage started: the page changed
        "article.updated",
        "live.update_posted",
        "article.updated",
        "live.ended",
        "breaking.started",
        "breaking.ended",
        "front_page.changed",
        "article.unpublished",
        "article.published",
        "article.deleted",
    ]
    by_type = {body["type"]: body["data"] for body in bodies(receiver)}
    assert by_type["live.update_posted"]["update"]["id"] == update.pk
    assert by_type["live.update_posted"]["update"]["url"].endswith(f"#{update.anchor}")
    assert by_type["breaking.started"]["breaking"]["text"] == "Rivers burst their banks"
    assert by_type["front_page.changed"]["front_page"][0]["position"] == 0
    assert by_type["article.unpublished"] == {"id": article.pk, "article": None}
    assert by_type["article.deleted"] == {"id": other.pk, "article": None}


def test_an_endpoint_hears_only_the_events_it_asked_for_and_drafts_are_never_told(recorder, local):
    receiver = recorder()
    endpoint_for(receiver.origin + "/", events=["article.unpublished"])
    article = make_article("Quiet desk")
    draft = make_article("Unfinished", status=Status.DRAFT, published_at=None)
    edit(draft, headline="Still unfinished")
    edit(article, headline="Quiet desk, updated")
    assert receiver.requests == []
    assert not WebhookMessage.objects.exists()
    with committed():
        workflow.move("unpublish", article, make_editor())
    assert [body["type"] for body in bodies(receiver)] == ["article.unpublished"]


def test_every_endpoint_gets_the_same_bytes_under_the_same_id(recorder, local):
    first, second = recorder(), recorder()
    endpoint_for(first.origin + "/", name="One")
    endpoint_for(second.origin + "/", name="Two")
    make_article()
    assert first.requests[0][3] == second.requests[0][3]
    assert first.requests[0][2]["webhook-id"] == second.requests[0][2]["webhook-id"]
    assert WebhookMessage.objects.count() == 1 and WebhookDelivery.objects.count() == 2


def test_a_scheduled_publication_is_told_at_its_moment_and_never_if_taken_back(recorder, local, clock):
    receiver = recorder()
    endpoint_for(receiver.origin + "/")
    soon = make_article("At noon", published_at=clock.now + timedelta(minutes=10))
    never = make_article("Called off", published_at=clock.now + timedelta(minutes=10))
    assert receiver.requests == []
    edit(never, status=Status.DRAFT)
    clock.move(minutes=11)
    send_due()
    assert [(body["type"], body["data"]["id"]) for body in bodies(receiver)] == [
        ("article.published", soon.pk)
    ]


def test_a_500_then_a_200_makes_two_attempts_a_minute_apart(recorder, local, clock):
    receiver = recorder(500)
    endpoint = endpoint_for(receiver.origin + "/")
    make_article()
    item = WebhookDelivery.objects.get()
    assert (item.state, item.attempts, item.last_status) == (State.PENDING, 1, 500)
    assert item.next_attempt_at == clock.now + timedelta(minutes=1)
    clock.move(seconds=59)
    send_due()
    assert len(receiver.requests) == 1
    clock.move(seconds=2)
    assert send_due() == "1 delivery made; 0 waiting.\n"
    item.refresh_from_db()
    assert (item.state, item.attempts, item.last_status) == (State.DELIVERED, 2, 200)
    assert [attempt.status for attempt in item.tries.all()] == [500, 200]
    first, second = (headers for _, _, headers, _ in receiver.requests)
    assert first["webhook-id"] == second["webhook-id"]
    assert int(second["webhook-timestamp"]) - int(first["webhook-timestamp"]) == 61
    Webhook(endpoint.secret).verify(receiver.requests[1][3], dict(second.items()))


def test_after_the_whole_schedule_the_endpoint_is_paused_editors_are_told_and_nothing_is_lost(
    recorder, local, clock
):
    receiver = recorder(*[503] * 6)
    endpoint = endpoint_for(receiver.origin + "/")
    editor = make_editor()
    make_article("First")
    make_article("Second")  # waits behind the first while the receiver is down
    started = clock.now
    for minutes in (1, 5, 30, 120, 720):
        item = WebhookDelivery.objects.order_by("id").first()
        assert item.next_attempt_at == clock.now + timedelta(minutes=minutes)
        clock.move(minutes=minutes)
        send_due()
    first, second = WebhookDelivery.objects.order_by("id")
    assert (first.state, first.attempts) == (State.FAILED, 6)
    assert [attempt.at - started for attempt in first.tries.all()] == [
        timedelta(minutes=minutes) for minutes in (0, 1, 6, 36, 156, 876)
    ]
    assert (second.state, second.attempts) == (State.PENDING, 0)  # kept, never sent to a dead receiver
    endpoint.refresh_from_db()
    assert endpoint.paused_at is not None and "6 attempts" in endpoint.paused_reason
    (email,) = mail.outbox
    assert email.to == [editor.email] and "Webhook paused: Partner app" in email.subject
    # Paused: new events are kept for it, not sent.
    make_article("Third")
    assert len(receiver.requests) == 6
    assert WebhookDelivery.objects.filter(state=State.PENDING).count() == 2
    # Resumed (the receiver works again): what waited goes out, oldest first.
    with committed():
        delivery.resume(endpoint)
    sent = [body["data"]["article"]["headline"] for body in bodies(receiver)[6:]]
    assert sent == ["Second", "Third"]


def test_a_410_pauses_the_endpoint_at_once(recorder, local):
    receiver = recorder(410)
    endpoint = endpoint_for(receiver.origin + "/")
    make_editor()
    make_article()
    endpoint.refresh_from_db()
    assert endpoint.paused_at is not None and "410" in endpoint.paused_reason
    assert WebhookDelivery.objects.get().state == State.FAILED
    make_article()
    assert len(receiver.requests) == 1
    assert len(mail.outbox) == 1


def test_a_redirect_is_a_failed_attempt_and_is_not_followed(recorder, local):
    elsewhere = recorder()
    receiver = recorder({"status": 302, "headers": {"Location": elsewhere.origin + "/"}})
    endpoint_for(receiver.origin + "/")
    make_article()
    item = WebhookDelivery.objects.get()
    assert (item.state, item.last_status) == (State.PENDING, 302)
    assert "redirects are not followed" in item.last_error
    assert elsewhere.requests == []


def test_a_receiver_that_does_not_answer_in_time_is_a_failed_attempt(recorder, local, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.5
    receiver = recorder({"status": 200, "delay": 2})
    endpoint_for(receiver.origin + "/")
    make_article()
    item = WebhookDelivery.objects.get()
    assert item.state == State.PENDING and item.last_status is None
    assert "timed out" in item.last_error.lower()


@pytest.mark.parametrize(
    "url, why",
    [
        ("http://partner.example.com/hook", "only to https"),
        ("https://10.1.2.3/hook", "private, loopback or reserved"),
        ("https://127.0.0.1:8443/hook", "private, loopback or reserved"),
        ("https://169.254.169.254/latest/meta-data", "private, loopback or reserved"),
        ("https://[::1]/hook", "private, loopback or reserved"),
        ("https://[::ffff:192.168.0.1]/hook", "private, loopback or reserved"),
        ("https://user:secret@partner.example.com/hook", "no user name or password"),
        ("https://no-such-host.invalid/hook", "could not be found"),
    ],
)
def test_addresses_that_are_refused(url, why, monkeypatch):
    public = {"partner.example.com": ["93.184.215.14"]}
    real = addresses.resolve
    monkeypatch.setattr(addresses, "resolve", lambda host, port: public.get(host) or real(host, port))
    with pytest.raises(addresses.Refused, match=why):
        addresses.checked(url)


def test_a_name_that_resolves_inside_by_the_time_of_delivery_is_refused_then(recorder, monkeypatch, settings):
    """DNS rebinding: public when the desk saved it, loopback when the message goes."""
    receiver = recorder()
    port = receiver.server_address[1]
    answers = {"hooks.partner.example": "93.184.215.14"}
    monkeypatch.setattr(addresses, "resolve", lambda host, port: [answers[host]])
    settings.WEBHOOK_ALLOW_HTTP = True
    url = f"http://hooks.partner.example:{port}/"
    assert addresses.checked(url)[4] == "93.184.215.14"  # what the desk's form checks
    endpoint_for(url)
    answers["hooks.partner.example"] = "127.0.0.1"
    make_article()
    item = WebhookDelivery.objects.get()
    assert item.state == State.PENDING and "resolves to 127.0.0.1" in item.last_error
    assert receiver.requests == []
    # Allowed, the very address checked is the one connected to, under the name's Host header.
    settings.WEBHOOK_ALLOW_PRIVATE = True
    with committed():
        delivery.send_again(item)
    assert receiver.requests[0][2]["Host"] == f"hooks.partner.example:{port}"
    item.refresh_from_db()
    assert item.state == State.DELIVERED


def test_with_no_endpoint_events_are_marked_told_and_nothing_is_kept():
    make_article()
    assert not ChangeEvent.objects.filter(told=False).exists()
    assert not WebhookMessage.objects.exists()


def test_the_secret_is_a_standard_webhooks_secret():
    secret = signing.new_secret()
    assert secret.startswith("whsec_")
    Webhook(secret)  # the library accepts it
    assert signing.new_secret() != secret
