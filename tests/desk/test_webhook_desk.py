"""The desk's webhooks: editors add one (the secret shown once), read the delivery log, send a
delivery again and resume a paused endpoint; reporters see none of it."""

import pytest
from django.utils import timezone
from standardwebhooks import Webhook

from articles.models import WebhookDelivery, WebhookEndpoint
from articles.webhooks import addresses, signing
from tests.factories import make_article
from tests.staff import make_editor, make_reporter

pytestmark = pytest.mark.django_db
ENDPOINTS = "/admin/articles/webhookendpoint/"
DELIVERIES = "/admin/articles/webhookdelivery/"


@pytest.fixture
def local(settings):
    settings.WEBHOOK_ALLOW_HTTP = settings.WEBHOOK_ALLOW_PRIVATE = True


def test_an_editor_adds_a_webhook_and_sees_its_secret_once(client, recorder, local):
    receiver = recorder()
    client.force_login(make_editor())
    form = client.get(ENDPOINTS + "add/")
    assert form.status_code == 200 and "front_page.changed" in form.text
    answer = client.post(
        ENDPOINTS + "add/",
        {
            "name": "Partner app",
            "url": receiver.origin + "/hook",
            "events": ["article.published", "live.ended"],
        },
    )
    endpoint = WebhookEndpoint.objects.get()
    assert answer.status_code == 200 and endpoint.secret in answer.text
    assert "no-store" in answer["Cache-Control"]
    assert endpoint.events == ["article.published", "live.ended"]
    # The secret never shows again, on its page or in the list.
    assert endpoint.secret not in client.get(f"{ENDPOINTS}{endpoint.pk}/change/").text
    assert endpoint.secret not in client.get(ENDPOINTS).text
    # It signs what is sent.
    make_article("Signed for the partner")
    _, _, headers, body = receiver.requests[0]
    assert Webhook(endpoint.secret).verify(body, dict(headers.items()))["type"] == "article.published"


@pytest.mark.parametrize(
    "url, why",
    [
        ("http://hooks.example.com/", "only to https"),
        ("https://192.168.1.20/hook", "private, loopback or reserved"),
        ("not an address", "Enter a valid URL"),
    ],
)
def test_the_form_refuses_addresses_a_webhook_may_not_go_to(client, url, why, monkeypatch):
    monkeypatch.setattr(addresses, "resolve", lambda host, port: ["93.184.215.14"])
    client.force_login(make_editor())
    answer = client.post(ENDPOINTS + "add/", {"name": "Bad", "url": url, "events": ["article.published"]})
    assert answer.status_code == 200 and why in answer.text
    assert not WebhookEndpoint.objects.exists()


def test_no_event_chosen_is_refused(client, monkeypatch):
    monkeypatch.setattr(addresses, "resolve", lambda host, port: ["93.184.215.14"])
    client.force_login(make_editor())
    answer = client.post(ENDPOINTS + "add/", {"name": "None", "url": "https://hooks.example.com/"})
    assert answer.status_code == 200 and "This field is required" in answer.text
    assert not WebhookEndpoint.objects.exists()


def _endpoint(url):
    return WebhookEndpoint.objects.create(
        name="Partner", url=url, events=["article.published"], secret=signing.new_secret()
    )


def test_the_delivery_log_shows_each_attempt_and_send_again_sends_it(client, recorder, local):
    receiver = recorder(500)
    endpoint = _endpoint(receiver.origin + "/")
    make_article("Sent twice")
    item = WebhookDelivery.objects.get()
    client.force_login(make_editor())
    listing = client.get(DELIVERIES)
    assert listing.status_code == 200 and "article.published" in listing.text and "500" in listing.text
    page = client.get(f"{DELIVERIES}{item.pk}/change/")
    assert page.status_code == 200
    assert 'name="_send_again"' in page.text and 'name="_save"' not in page.text
    assert "Answered 500" in page.text and item.message.webhook_id in page.text
    answer = client.post(f"{DELIVERIES}{item.pk}/change/", {"_send_again": "1"})
    assert answer.status_code == 302
    item.refresh_from_db()
    assert (item.state, item.last_status) == (WebhookDelivery.State.DELIVERED, 200)
    assert len(receiver.requests) == 2 and receiver.requests[1][2]["webhook-id"] == f"msg_{item.message_id}"
    # And from the list, as an action.
    client.post(DELIVERIES, {"action": "send_again", "_selected_action": [item.pk]})
    assert len(receiver.requests) == 3
    assert endpoint.deliveries.get().tries.count() == 3


def test_resume_sends_what_waited_while_paused(client, recorder, local):
    receiver = recorder()
    endpoint = _endpoint(receiver.origin + "/")
    endpoint.paused_at, endpoint.paused_reason = timezone.now(), "It answered 410 Gone."
    endpoint.save()
    make_article("Kept while paused")
    assert receiver.requests == []
    client.force_login(make_editor())
    assert "paused" in client.get(ENDPOINTS).text
    client.post(ENDPOINTS, {"action": "resume", "_selected_action": [endpoint.pk]})
    assert len(receiver.requests) == 1
    endpoint.refresh_from_db()
    assert endpoint.paused_at is None


def test_reporters_see_none_of_it(client, local):
    endpoint = _endpoint("https://hooks.example.com/")
    client.force_login(make_reporter())
    for path in (ENDPOINTS, ENDPOINTS + "add/", f"{ENDPOINTS}{endpoint.pk}/change/", DELIVERIES):
        assert client.get(path).status_code == 403, path
    assert client.post(ENDPOINTS, {"action": "resume", "_selected_action": [endpoint.pk]}).status_code == 403
    assert "Webhook" not in client.get("/admin/").text


def test_the_log_cannot_be_added_to_or_deleted(client, local):
    endpoint = _endpoint("https://hooks.example.com/")
    endpoint.paused_at = timezone.now()  # nothing is sent: the log only keeps its delivery
    endpoint.save()
    make_article()
    item = WebhookDelivery.objects.get()
    client.force_login(make_editor())
    assert client.get(DELIVERIES + "add/").status_code == 403
    assert client.get(f"{DELIVERIES}{item.pk}/delete/").status_code == 403
    listing = client.get(DELIVERIES)
    assert "send_again" in listing.text and "delete_selected" not in listing.text
    assert "when resumed" in listing.text
