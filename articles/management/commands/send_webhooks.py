from django.core.management.base import BaseCommand

from articles.models import WebhookDelivery
from articles.webhooks import delivery, events


class Command(BaseCommand):
    help = (
        "Tell webhooks of every change event whose moment has come, then send every delivery that is due, "
        "here and now. The task queue does this by itself in production (TASK_BACKEND=database); this is "
        "the safety net for a cron job, and what makes retries and scheduled events go out in development."
    )

    def handle(self, *args, **options):
        events.tell()
        due = WebhookDelivery.objects.due().values_list("endpoint_id", flat=True).distinct()
        sent = sum(delivery.send(endpoint_id) for endpoint_id in list(due))
        waiting = WebhookDelivery.objects.filter(state=WebhookDelivery.State.PENDING).count()
        self.stdout.write(f"{sent} deliver{'y' if sent == 1 else 'ies'} made; {waiting} waiting.")
