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
from dataclasses import dataclass
from datetime import datetime, timedelta

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
CLAIMED = 25  # deliveries one run takes at a time
# How long a claimed delivery is left alone by other runs, beyond the time its attempts may take.
LEASE = timedelta(seconds=60)


def send_all_due():
    """Queue a run for every endpoint (not paused) that has a delivery due."""
    for endpoint_id in WebhookDelivery.objects.due().values_list("endpoint_id", flat=True).distinct():
        send_task.enqueue(endpoint_id)


@task
def send_task(endpoint_id):
    return send(endpoint_id)


def send(endpoint_id):
    """Send the endpoint's due deliveries, oldest first, until one fails; returns how many went.
    They are claimed CLAIMED at a time and their attempts recorded together (two commits a batch)."""
    sent = 0
    while batch := _claim(endpoint_id):
        tried = []
        for delivery in batch:
            tried.append((delivery, _post(delivery)))
            if tried[-1][1].error:
                break
        with transaction.atomic():
            _record_delivered([(delivery, outcome) for delivery, outcome in tried if not outcome.error])
            for delivery, outcome in tried:
                if outcome.error:
                    _record_failed(delivery, outcome)
            # What this run claimed and did not try waits behind the failure (the endpoint's retry_at).
            WebhookDelivery.objects.filter(pk__in=[delivery.pk for delivery in batch[len(tried) :]]).update(
                next_attempt_at=timezone.now()
            )
        sent += sum(1 for _, outcome in tried if not outcome.error)
        if tried[-1][1].error:
            break
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
    """One signed POST of the delivery, recorded with what follows. True when it was delivered."""
    outcome = _post(delivery)
    with transaction.atomic():
        if outcome.error:
            _record_failed(delivery, outcome)
        else:
            _record_delivered([(delivery, outcome)])
    return not outcome.error


@dataclass
class Outcome:
    at: datetime
    status: int | None = None
    answer: str = ""
    error: str = ""
    duration: int = 0


def _post(delivery):
    endpoint, message = delivery.endpoint, delivery.message
    outcome = Outcome(at=timezone.now())
    body = message.body.encode()
    headers = signing.headers(endpoint.secret, message.webhook_id, int(outcome.at.timestamp()), body)
    try:
        outcome.status, outcome.answer, outcome.duration = addresses.post(
            endpoint.url, body, headers, settings.WEBHOOK_TIMEOUT_SECONDS
        )
    except addresses.Refused as refused:
        outcome.error = f"Not sent: {refused}"
    except (OSError, http.client.HTTPException) as failure:
        outcome.error = f"{type(failure).__name__}: {failure}"[:500]
    if outcome.status is not None and not 200 <= outcome.status < 300:
        redirect = " (redirects are not followed)" if 300 <= outcome.status < 400 else ""
        outcome.error = f"Answered {outcome.status}{redirect}"
    if outcome.error:
        logger.warning("webhook %s to %s: %s", message.webhook_id, endpoint.url, outcome.error)
    return outcome


def _attempt_row(delivery, outcome):
    return WebhookAttempt(
        delivery=delivery,
        at=outcome.at,
        status=outcome.status,
        error=outcome.error,
        response=outcome.answer,
        duration_ms=outcome.duration,
    )


def _record_delivered(tried):
    if not tried:
        return
    WebhookAttempt.objects.bulk_create(_attempt_row(delivery, outcome) for delivery, outcome in tried)
    for delivery, outcome in tried:
        delivery.state, delivery.next_attempt_at, delivery.attempts = (
            Delivery.DELIVERED,
            None,
            delivery.attempts + 1,
        )
        delivery.last_attempt_at, delivery.last_status, delivery.last_error = outcome.at, outcome.status, ""
    WebhookDelivery.objects.bulk_update(
        [delivery for delivery, _ in tried],
        ["state", "next_attempt_at", "attempts", "last_attempt_at", "last_status", "last_error"],
    )
    WebhookEndpoint.objects.filter(pk=tried[0][0].endpoint_id).exclude(retry_at=None).update(retry_at=None)


def _record_failed(delivery, outcome):
    endpoint = delivery.endpoint
    _attempt_row(delivery, outcome).save()
    attempts = delivery.attempts + 1
    fields = {
        "attempts": attempts,
        "last_attempt_at": outcome.at,
        "last_status": outcome.status,
        "last_error": outcome.error,
        "state": Delivery.FAILED,
        "next_attempt_at": None,
    }
    if outcome.status == 410:
        pause(endpoint, "It answered 410 Gone: the receiver says it no longer exists.")
    elif attempts > len(RETRY_AFTER):
        pause(
            endpoint, f"{attempts} attempts at one message failed over 14½ hours; the last: {outcome.error}"
        )
    else:
        later = outcome.at + RETRY_AFTER[attempts - 1]
        fields.update(state=Delivery.PENDING, next_attempt_at=later)
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(retry_at=later)
        transaction.on_commit(lambda: _send_at(endpoint.pk, later))
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)


def pause(endpoint, reason):
    """Pause the endpoint (once) and tell the editors why."""
    now = timezone.now()
    if WebhookEndpoint.objects.filter(pk=endpoint.pk, paused_at=None).update(
        paused_at=now, paused_reason=reason
    ):
        endpoint.paused_at, endpoint.paused_reason = now, reason
        transaction.on_commit(lambda: _tell_editors(endpoint))


def _claim(endpoint_id):
    """Up to CLAIMED of the endpoint's due deliveries, oldest first, left alone by other runs for as long
    as their attempts could take."""
    with transaction.atomic():
        batch = list(
            WebhookDelivery.objects.due()
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("endpoint", "message")
            .filter(endpoint_id=endpoint_id)
            .order_by("created_at", "id")[:CLAIMED]
        )
        lease = LEASE + timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS * len(batch))
        WebhookDelivery.objects.filter(pk__in=[delivery.pk for delivery in batch]).update(
            next_attempt_at=timezone.now() + lease
        )
    return batch


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
