"""Who may do what on the desk, and the one refusal every desk action raises.

The words: desk staff (an active staff account); an editor (may publish); an article's own reporters
(whoever created it or carries its byline); whoever may edit it (an editor, or its reporter while it
is a draft). Every rule below is built from these, so each is written once.
"""

from ..models import Article, Status

PUBLISH_PERMISSION = "articles.publish_article"
CHANGE_PERMISSION = "articles.change_article"
VIEW_PERMISSION = "articles.view_article"


class Refused(Exception):
    """A desk action the user may not take, or may not take now; the message says why, for the user.
    Nothing was changed."""


def is_desk(user):
    return user.is_active and user.is_staff


def is_editor(user):
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def is_own(user, article):
    """A reporter's own article: one they created, or one that carries their byline."""
    if article.created_by_id is not None and article.created_by_id == user.pk:
        return True
    return bool(user.pk) and Article.objects.owned_by(user).filter(pk=article.pk).exists()


def may_change_own(user, article):
    """A reporter acting on their own article (whatever its state)."""
    return user.has_perm(CHANGE_PERMISSION) and is_own(user, article)


def can_edit(user, article):
    """Editors edit anything; a reporter edits their own article while it is a draft."""
    if not (user.is_active and user.has_perm(CHANGE_PERMISSION)):
        return False
    if is_editor(user):
        return True
    return article.status == Status.DRAFT and is_own(user, article)
