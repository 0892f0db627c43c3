"""No copy lost: the change and add forms keep each person's unsaved work here while they type.

An autosave keeps every field of the form and its byline rows (the lead and social pictures as library
ids: a picture uploaded but not saved is in the library already, see admin_views.autosave_view). It
touches only its own row: never the article, its state, its revisions or "Updated on". Reopening the
article offers it back (with when it was kept) while it differs from what is saved; restoring fills
the form with it, loaded at the version it was typed against, so that a save over someone else's
newer change still goes through the edit-conflict check. A desk save of the article by that person,
or "Discard", removes it.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Author
from newsroom.text import safe_text

from ..core.permissions import Refused
from ..models import Autosave

TEXT_FIELDS = (
    "headline", "slug", "dek", "dateline", "body",
    "lead_image_alt", "lead_image_caption", "lead_image_credit",
    "seo_title", "seo_description", "social_headline",
)  # fmt: skip
CHOICE_FIELDS = ("section", "lead_image", "social_image")  # ids, kept as the form posts them
BYLINES_PREFIX = "bylines"  # the byline rows' inline formset
# Far above any real article (a long read is ~100,000 characters), far below what would hurt.
MAX_CHARACTERS = 2_000_000
MAX_BYLINES = 50


def topic_names(text):
    """The topic names typed in one comma-separated field, in order, each once whatever its case."""
    names = {}
    for name in str(text or "").split(","):
        tidy = " ".join(name.split())
        if tidy:
            names.setdefault(tidy.lower(), tidy)
    return list(names.values())


def form_data(posted):
    """What an autosave keeps of the form's post (a QueryDict or dict): a JSON-ready dict."""
    data = {name: safe_text(str(posted.get(name, ""))) for name in TEXT_FIELDS}
    data.update({name: _id(posted.get(name)) for name in CHOICE_FIELDS})
    data["topics"] = ", ".join(topic_names(posted.get("topics", "")))
    data["bylines"] = posted_bylines(posted)
    return data


def posted_bylines(posted):
    """The author ids of the byline rows kept in the post, in the order given (rows not deleted)."""
    total = _id(posted.get(f"{BYLINES_PREFIX}-TOTAL_FORMS"))
    rows = []
    for index in range(min(int(total or 0), MAX_BYLINES)):
        row = f"{BYLINES_PREFIX}-{index}-"
        author = _id(posted.get(f"{row}author"))
        if author and not posted.get(f"{row}DELETE"):
            order = _id(posted.get(f"{row}order"))
            rows.append((int(order or 0), index, int(author)))
    authors = []
    for _, _, author in sorted(rows):
        if author not in authors:
            authors.append(author)
    return authors


def keep(user, article, posted):
    """Store what the form posted as `user`'s autosave of `article` (None: new)."""
    data = form_data(posted)
    if sum(len(value) for value in data.values() if isinstance(value, str)) > MAX_CHARACTERS:
        raise Refused("This text is too long to autosave; save the article instead.")
    # A new article's own byline is filled in for its writer: that alone is nothing typed.
    if article is None and not any(value for name, value in data.items() if name != "bylines"):
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
    """`user`'s autosave of `article` (None: their new article) when it holds work not saved, else None."""
    autosave = Autosave.objects.filter(user=user, article=article).first()
    if autosave is None:
        return None
    if article is not None:
        saved = saved_data(article)
        # Autosaves kept before a field was autosaved hold no value for it: nothing to offer there.
        if all(saved.get(name) == value for name, value in autosave.data.items()):
            return None
    return autosave


def saved_data(article):
    """The article as saved, in the shape form_data() keeps."""
    data = {name: getattr(article, name) for name in TEXT_FIELDS}
    data.update({name: str(getattr(article, f"{name}_id") or "") for name in CHOICE_FIELDS})
    data["topics"] = ", ".join(tag.name for tag in article.topics)
    data["bylines"] = list(article.bylines.order_by("order", "id").values_list("author_id", flat=True))
    return data


def restored_bylines(autosave):
    """The autosave's byline authors that still exist, in order; None when it kept no bylines."""
    if autosave is None or "bylines" not in autosave.data:
        return None
    ids = autosave.data["bylines"]
    existing = set(Author.objects.filter(pk__in=ids).values_list("pk", flat=True))
    return [author_id for author_id in ids if author_id in existing]


def discard(user, article):
    Autosave.objects.filter(user=user, article=article).delete()


def saved(user, article, *, was_new):
    """The desk saved `article` for `user`: their autosave of it (or of the new article) is done with."""
    Autosave.objects.filter(user=user, article=None if was_new else article).delete()


def _id(value):
    value = str(value or "").strip()
    return value if value.isdigit() else ""
