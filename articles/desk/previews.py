"""Preview links: signed so they cannot be guessed, stored so they can expire and be revoked."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from ..core.permissions import Refused, is_editor
from ..models import PreviewLink

SALT = "articles.preview-link"
# How long a link may live, as offered to the editor.
LIFETIMES = {1: "1 hour", 24: "1 day", 72: "3 days", 168: "1 week"}


def create_link(article, user, hours):
    if not is_editor(user):
        raise Refused("Only an editor can share a preview link.")
    if hours not in LIFETIMES:
        raise Refused("Choose how long the link should work.")
    return PreviewLink.objects.create(
        article=article, created_by=user, expires_at=timezone.now() + timedelta(hours=hours)
    )


def revoke(link, user):
    if not is_editor(user):
        raise Refused("Only an editor can revoke a preview link.")
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])


def path(link):
    return reverse("articles:preview", args=[signing.Signer(salt=SALT).sign_object(link.pk)])


def active_link(token):
    """The live PreviewLink behind `token`, or None when it is forged, expired or revoked."""
    try:
        link_id = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    link = PreviewLink.objects.filter(pk=link_id).select_related("article").first()
    return link if link is not None and link.is_active else None
