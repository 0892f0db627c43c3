"""No copy lost: the change and add forms keep each person's unsaved text here while they type.

An autosave touches only its own row: never the article, its state, its revisions or "Updated on".
Reopening the article offers it back (with when it was kept) while it differs from what is saved;
restoring fills the form with it, loaded at the version it was typed against, so that a save over
someone else's newer change still goes through the edit-conflict check. A desk save of the article
by that person, or "Discard", removes it.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from newsroom.text import safe_text

from .models import Autosave

FIELDS = ("headline", "slug", "dek", "dateline", "section", "body")
# Far above any real article (a long read is ~100,000 characters), far below what would hurt.
MAX_CHARACTERS = 2_000_000


class Refused(ValueError):
    """An autosave that cannot be kept; the message says why."""


def keep(user, article, posted):
    """Store what the form posted (a QueryDict or dict) as `user`'s autosave of `article` (None: new)."""
    data = {name: safe_text(str(posted.get(name, ""))) for name in FIELDS}
    if sum(map(len, data.values())) > MAX_CHARACTERS:
        raise Refused("This text is too long to autosave; save the article instead.")
    if article is None and not any(data.values()):
        return None
    loaded = posted.get("loaded_version")
    loaded_version = int(loaded) if str(loaded or "").isdigit() else None
    values = {"data": data, "loaded_version": loaded_version, "saved_at": timezone.now()}
    try:
        with transaction.atomic():
            autosave, _ = Autosave.objects.update_or_create(user=user, article=article, defaults=values)
    except IntegrityError:  # two tabs of one person raced to create it: the other one won, update it
        autosave = Autosave.objects.get(user=user, article=article)
        Autosave.objects.filter(pk=autosave.pk).update(**values)
    return autosave


def offered(user, article):
    """`user`'s autosave of `article` (None: their new article) when it holds text not saved, else None."""
    autosave = Autosave.objects.filter(user=user, article=article).first()
    if autosave is None:
        return None
    if article is not None and autosave.data == saved_text(article):
        return None
    return autosave


def saved_text(article):
    return {
        name: str(article.section_id or "") if name == "section" else getattr(article, name)
        for name in FIELDS
    }


def discard(user, article):
    Autosave.objects.filter(user=user, article=article).delete()


def saved(user, article, *, was_new):
    """The desk saved `article` for `user`: their autosave of it (or of the new article) is done with."""
    Autosave.objects.filter(user=user, article=None if was_new else article).delete()
