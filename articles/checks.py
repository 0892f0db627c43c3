"""`manage.py check --deploy`: the newsroom's own settings a production site cannot do without."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def site_url_is_set(app_configs, **kwargs):
    if settings.SITE_URL:
        return []
    return [
        Warning(
            "SITE_URL is not set: workflow emails cannot link to the desk or the published article.",
            hint="Set SITE_URL to the site's public origin, e.g. https://news.example.org.",
            id="newsroom.W001",
        )
    ]


@register(deploy=True)
def webhooks_stay_outside(app_configs, **kwargs):
    opened = [name for name in ("WEBHOOK_ALLOW_HTTP", "WEBHOOK_ALLOW_PRIVATE") if getattr(settings, name)]
    if not opened:
        return []
    return [
        Warning(
            f"{' and '.join(opened)} set: webhooks may go unencrypted, or to this network's own machines.",
            hint="Leave them unset in production unless a receiver on the private network needs them.",
            id="newsroom.W002",
        )
    ]
