"""One delivery's life: attempts, the schedule between them, an endpoint paused, Send again.

An endpoint's due deliveries go out oldest first from one task. The first attempt is at once; after
a failure the next are 1 min, 5 min, 30 min, 2 h and 12 h later, and the endpoint's other deliveries,
new ones too, wait with it (the endpoint's retry_at: a partner that is down is asked once, not once
per message). After the last, or at
once on a 410 Gone, the endpoint is paused and the editors are told: its deliveries are kept, and go
out when an editor resumes it. Every attempt is logged (status, answer, time) for the desk.
"""

import http.client
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from ..core.permissions import PUBLISH_PERMISSION
from ..models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from . import addresses, signing

logger = logging.getLogger(__name__)
Delivery = WebhookDelivery.State

RETRY_AFTER = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
# How long a claimed delivery is left alone by other runs: longer than one attempt can take.
LEASE = timedelta(seconds=60)


def send_all_due():
    """Queue a run for every endpoint (not paused) that has a delivery due."""
    for endpoint_id in WebhookDelivery.objects.due().values_list("endpoint_id", flat=True).distinct():
        send_task.enqueue(endpoint_id)


@task
def send_task(endpoint_id):
    return send(endpoint_id)


def send(endpoint_id):
    """Send the endpoint's due deliveries, oldest first, until one fails; returns how many went."""
    sent = 0
    while (delivery := _claim(endpoint_id)) is not None:
        if not attempt(delivery):
            break
        sent += 1
    return sent


@task
def send_again_task(delivery_id):
    delivery = WebhookDelivery.objects.select_related("endpoint", "message").filter(pk=delivery_id).first()
    if delivery is not None and delivery.state == Delivery.PENDING:
        attempt(delivery)


def send_again(delivery):
    """The desk's Send again: a fresh schedule for the delivery, its first attempt now (from the queue,
    never in the editor's request), even while its endpoint is paused."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        state=Delivery.PENDING, attempts=0, next_attempt_at=timezone.now() + LEASE
    )
    transaction.on_commit(lambda: send_again_task.enqueue(delivery.pk))


def resume(endpoint):
    """An editor resumes a paused endpoint: everything it was not sent goes out now, oldest first."""
    now = timezone.now()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(paused_at=None, paused_reason="", retry_at=None)
    endpoint.deliveries.filter(state=Delivery.PENDING).update(next_attempt_at=now)
    transaction.on_commit(lambda: send_task.enqueue(endpoint.pk))


def attempt(delivery):
    """One signed POST of the delivery; records it and what follows. True when it was delivered."""
    endpoint, message = delivery.endpoint, delivery.message
    now = timezone.now()
    body = message.body.encode()
    headers = signing.headers(endpoint.secret, message.webhook_id, int(now.timestamp()), body)
    status, answer, error, duration = None, "", "", 0
    try:
        status, answer, duration = addresses.post(
            endpoint.url, body, headers, settings.WEBHOOK_TIMEOUT_SECONDS
        )
    except addresses.Refused as refused:
        error = f"Not sent: {refused}"
    except (OSError, http.client.HTTPException) as failure:
        error = f"{type(failure).__name__}: {failure}"[:500] or type(failure).__name__
    if status is not None and not 200 <= status < 300:
        error = f"Answered {status}" + (" (redirects are not followed)" if 300 <= status < 400 else "")
    delivered = not error
    attempts = delivery.attempts + 1
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery, at=now, status=status, error=error, response=answer, duration_ms=duration
        )
        fields = {"attempts": attempts, "last_attempt_at": now, "last_status": status, "last_error": error}
        if delivered:
            fields.update(state=Delivery.DELIVERED, next_attempt_at=None)
            WebhookEndpoint.objects.filter(pk=endpoint.pk).exclude(retry_at=None).update(retry_at=None)
        elif status == 410:
            fields.update(state=Delivery.FAILED, next_attempt_at=None)
            pause(endpoint, "It answered 410 Gone: the receiver says it no longer exists.")
        elif attempts > len(RETRY_AFTER):
            fields.update(state=Delivery.FAILED, next_attempt_at=None)
            pause(endpoint, f"{attempts} attempts at one message failed over 14½ hours; the last: {error}")
        else:
            later = now + RETRY_AFTER[attempts - 1]
            fields.update(state=Delivery.PENDING, next_attempt_at=later)
            WebhookEndpoint.objects.filter(pk=endpoint.pk).update(retry_at=later)
            transaction.on_commit(lambda: _send_at(endpoint.pk, later))
        WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    if not delivered:
        logger.warning("webhook %s to %s: %s", message.webhook_id, endpoint.url, error)
    return delivered


def pause(endpoint, reason):
    """Pause the endpoint (once) and tell the editors why."""
    now = timezone.now()
    if WebhookEndpoint.objects.filter(pk=endpoint.pk, paused_at=None).update(
        paused_at=now, paused_reason=reason
    ):
        endpoint.paused_at, endpoint.paused_reason = now, reason
        transaction.on_commit(lambda: _tell_editors(endpoint))


def _claim(endpoint_id):
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.due()
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("endpoint", "message")
            .filter(endpoint_id=endpoint_id)
            .order_by("created_at", "id")
            .first()
        )
        if delivery is not None:
            WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() + LEASE)
    return delivery


def _send_at(endpoint_id, moment):
    """The endpoint's next run at `moment`, where the queue can wait (in production); elsewhere the
    next change, or `manage.py send_webhooks`, sends what is due."""
    if send_task.get_backend().supports_defer:
        send_task.using(run_after=moment).enqueue(endpoint_id)


def _tell_editors(endpoint):
    editors = get_user_model().objects.with_perm(PUBLISH_PERMISSION)
    recipients = sorted({user.email for user in editors if user.email})
    if not recipients:
        return
    link = settings.EMAIL_LINK_ORIGIN + reverse("admin:articles_webhookendpoint_change", args=[endpoint.pk])
    subject = f"[{settings.SITE_NAME}] Webhook paused: {endpoint.name}"
    body = "\n".join(
        [
            f"The webhook “{endpoint.name}” ({endpoint.url}) is paused and sends nothing until an editor "
            "resumes it.",
            "",
            f"Why: {endpoint.paused_reason}",
            "",
            "Its messages are kept; once the receiver works again, resume it on the desk and they go out:",
            link,
        ]
    )
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients])
