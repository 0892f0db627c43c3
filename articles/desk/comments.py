"""The desk's discussion of an article: who may comment, reply and resolve, and who hears of it.

Anyone on the desk who may see the article comments and replies; a thread is resolved (or reopened)
by whoever started it or by an editor. `@username` in a comment emails that person, once per comment,
and lists the thread among their mentions on the desk's home until it is resolved.
"""

import re
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..core.permissions import VIEW_PERMISSION, Refused, is_desk, is_editor
from ..models import Comment
from .notifications import send_comment_emails

MENTION = re.compile(r"(?<![\w@.])@([\w.+-]+)")
MAX_MENTIONS = 20


def may_comment(user, article):
    return is_desk(user) and user.has_perm(VIEW_PERMISSION)


def may_resolve(user, thread):
    return thread.parent_id is None and (thread.author_id == user.pk or is_editor(user))


def post(article, user, text, parent=None):
    """A new comment, or a reply in `parent`'s thread; raises Refused with the reason."""
    text = text.strip()
    if not may_comment(user, article):
        raise Refused("Only the desk can discuss an article.")
    if not text:
        raise Refused("Write something first.")
    if len(text) > Comment._meta.get_field("text").max_length:
        raise Refused("A comment holds at most 4,000 characters.")
    if parent is not None:
        if parent.article_id != article.pk:
            raise Refused("That thread belongs to another article.")
        parent = parent.parent or parent  # a reply to a reply joins the same thread
    with transaction.atomic():
        comment = Comment.objects.create(article=article, parent=parent, author=user, text=text)
        if parent is not None and parent.resolved_at is not None:
            Comment.objects.filter(pk=parent.pk).update(resolved_at=None, resolved_by=None)  # talking again
        people = mentioned(comment)
        if people:
            comment.mentions.set(people)
            transaction.on_commit(lambda: send_comment_emails.enqueue(comment.pk))
    return comment


def resolve(thread, user, *, reopen=False):
    if not may_resolve(user, thread):
        raise Refused("Only whoever started the thread, or an editor, can resolve it.")
    thread.resolved_at, thread.resolved_by = (None, None) if reopen else (timezone.now(), user)
    thread.save(update_fields=["resolved_at", "resolved_by"])
    return thread


def mentioned(comment):
    """The desk people `@named` in the comment (not its author), by username, any case."""
    names = sorted({name.rstrip(".").lower() for name in MENTION.findall(comment.text)})[:MAX_MENTIONS]
    if not names:
        return []
    any_of = reduce(or_, (Q(username__iexact=name) for name in names))
    people = get_user_model().objects.filter(any_of, is_active=True, is_staff=True)
    return list(people.exclude(pk=comment.author_id))


def threads(article):
    """The article's threads, open ones first, each with its replies (three queries)."""
    return list(
        article.comments.filter(parent=None)
        .select_related("author", "resolved_by")
        .prefetch_related("replies__author")
        .order_by("resolved_at", "created_at", "id")
    )


def open_count():
    """An annotation: the article's open threads (for the desk's lists)."""
    counted = (
        Comment.objects.filter(article=OuterRef("pk"), parent=None, resolved_at=None)
        .order_by()
        .values("article")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# A comment in a thread still open: the thread's first comment, unresolved, or a reply to one.
IN_OPEN_THREAD = Q(parent__isnull=True, resolved_at__isnull=True) | Q(
    parent__isnull=False, parent__resolved_at__isnull=True
)


def open_mentions(user, shown=8):
    """The open threads that @name `user`, newest mention first, as (count, the latest mention of
    each of the first `shown` threads): two queries."""
    mentions = Comment.objects.filter(IN_OPEN_THREAD, mentions=user)
    count = mentions.values(thread=Coalesce("parent_id", "id")).distinct().count()
    latest, seen = [], set()
    # A few mentions per thread are read, then one kept per thread: a thread naming someone forty
    # times can only shorten their list, never slow it.
    for comment in mentions.select_related("article", "author").order_by("-created_at", "-id")[: shown * 5]:
        thread = comment.parent_id or comment.pk
        if thread not in seen and len(latest) < shown:
            seen.add(thread)
            latest.append(comment)
    return count, latest


def mention_count(user):
    """An annotation: the article's open threads that @name `user` (for the desk's list)."""
    counted = (
        Comment.objects.filter(IN_OPEN_THREAD, article=OuterRef("pk"), mentions=user)
        .order_by()
        .values("article")
        .annotate(total=Count(Coalesce("parent_id", "id"), distinct=True))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
