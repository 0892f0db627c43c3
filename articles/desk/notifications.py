"""Emails about the workflow: editors hear of submissions and withdrawals, reporters of returns,
publications, schedules and of a scheduled story going live. Every link is absolute (EMAIL_LINK_ORIGIN)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ..core.background import retried
from ..core.permissions import PUBLISH_PERMISSION
from ..models import Comment, Transition

SUBJECTS = {
    "submit": "Review requested: {headline}",
    "withdraw": "Withdrawn from review: {headline}",
    "return": "Returned to draft: {headline}",
    "publish": "Published: {headline}",
    "schedule": "Scheduled: {headline}",
    "live": "Now live: {headline}",
}


@retried
def send_transition_emails(transition_id):
    transition = Transition.objects.select_related("article", "user").filter(pk=transition_id).first()
    if transition is not None:
        notify(transition)


def notify(transition):
    """Send the emails one transition calls for (none for moves nobody needs to hear about)."""
    if transition.name not in SUBJECTS:
        return
    to_editors = transition.name in ("submit", "withdraw")
    recipients = _editors() if to_editors else _reporters(transition.article)
    addresses = sorted({user.email for user in recipients if user.email and user != transition.user})
    if not addresses:
        return
    subject = f"[{settings.SITE_NAME}] " + SUBJECTS[transition.name].format(
        headline=transition.article.headline
    )
    send_mass_mail(
        [(subject, _body(transition), settings.DEFAULT_FROM_EMAIL, [address]) for address in addresses]
    )


def _editors():
    return get_user_model().objects.with_perm(PUBLISH_PERMISSION)


def _reporters(article):
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk=article.created_by_id) | Q(author__bylines__article=article))
        .distinct()
    )


def _body(transition):
    article = transition.article
    when = timezone.localtime(transition.publish_at) if transition.publish_at else None
    if transition.name == "live":
        lines = [f"It went live as scheduled on {when:%A %d %B %Y at %H:%M} ({settings.TIME_ZONE})."]
    else:
        who = transition.user.display_name if transition.user else "Someone"
        lines = [f"{who}: {transition.get_from_status_display()} → {transition.get_to_status_display()}"]
    if transition.name == "schedule":
        lines.append(f"Goes live on {when:%A %d %B %Y at %H:%M} ({settings.TIME_ZONE}).")
    if transition.note:
        lines += ["", "Note:", transition.note]
    lines += ["", f"“{article.headline}”"]
    if transition.name in ("publish", "live"):
        lines.append(f"Read it: {absolute(article.get_absolute_url())}")
    elif transition.name == "schedule":
        lines.append(f"Its address once live: {absolute(article.get_absolute_url())}")
    lines.append(f"On the desk: {absolute(reverse('admin:articles_article_change', args=[article.pk]))}")
    return "\n".join(lines)


def absolute(path):
    return settings.EMAIL_LINK_ORIGIN + path


@retried
def send_comment_emails(comment_id):
    comment = Comment.objects.select_related("article", "author").filter(pk=comment_id).first()
    if comment is not None:
        notify_mentions(comment)


def notify_mentions(comment):
    """Each desk person @named in a comment hears of it, with a link to the article's desk page."""
    article = comment.article
    who = comment.author.display_name if comment.author else "Someone"
    subject = f"[{settings.SITE_NAME}] {who} mentioned you on: {article.headline}"
    link = absolute(reverse("admin:articles_article_change", args=[article.pk])) + "#desk-discussion"
    body = "\n".join([f"{who} wrote on “{article.headline}”:", "", comment.text, "", f"Reply: {link}"])
    addresses = sorted({person.email for person in comment.mentions.filter(is_active=True) if person.email})
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in addresses])
