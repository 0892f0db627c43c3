"""The desk's pages beside the change form: workflow moves, previews, revisions, corrections, preview links,
autosaves and the discussion (the live desk has its own module, admin/live.py).

Each view checks the user against workflow.py; a refusal becomes a message on the article's page.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from ..core.checklist import checklist
from ..core.images import CheckedImageField
from ..core.permissions import Refused, can_edit, is_editor
from ..core.pictures import thumbnail_url
from ..desk import comments, live, previews, workflow
from ..editing import articles as editing
from ..editing import autosave, library, revisions
from ..models import Article, Stage
from ..public.views import render_article
from .panel_forms import CorrectionForm, MoveForm, PreviewLinkForm

SHOWN_IN_HISTORY = 30
SHOWN_IN_COMPARE = 500


def desk_context(request, article):
    """What the article's page shows around its form: state, next steps, checks, history and links."""
    user = request.user
    editor = is_editor(user)
    current = workflow.stage(article)
    links = [
        (link, request.build_absolute_uri(previews.path(link)))
        for link in article.preview_links.all()
        if link.is_active
    ]
    transitions = list(article.transitions.select_related("user")[:SHOWN_IN_HISTORY])
    return {
        "stage": current,
        "returned": transitions[0] if transitions and transitions[0].name == "return" else None,
        "moves": workflow.allowed_moves(user, article),
        "move_form": MoveForm(
            initial={"publish_at": article.published_at if current == "scheduled" else None}
        ),
        "checklist": checklist(article),
        "time_zone": settings.TIME_ZONE,
        "transitions": transitions,
        "revisions": article.revisions.select_related("created_by")[:SHOWN_IN_HISTORY],
        "corrections": article.corrections.select_related("created_by"),
        "correction_form": CorrectionForm() if editor and current == Stage.PUBLISHED else None,
        "preview_links": links,
        "live_may_run": live.may_run(user, article),
        "live_may_post": live.may_post(user, article),
        "live_count": article.live_updates.filter(removed_at=None).count() if article.live_started_at else 0,
        "threads": comments.threads(article),
        "may_comment": comments.may_comment(user, article),
        "editor": editor,
        "preview_link_form": PreviewLinkForm() if editor and current != Stage.PUBLISHED else None,
    }


def autosave_context(request, article, form):
    """The autosave endpoint for the form's script, and the unsaved text to offer back (or restored)."""
    args = [article.pk] if article is not None else []
    restored = getattr(form, "restored", None)
    return {
        "autosave_url": reverse("admin:articles_article_autosave", args=args),
        "autosave_every_ms": settings.AUTOSAVE_SECONDS * 1000,
        "autosave_restored": restored,
        "autosave_offered": None if restored else autosave.offered(request.user, article),
    }


def article_for_desk(model_admin, request, pk):
    article = get_object_or_404(Article, pk=pk)
    if not model_admin.has_view_permission(request, article):
        raise PermissionDenied
    return article


def _back(article):
    return redirect(reverse("admin:articles_article_change", args=[article.pk]))


def move(model_admin, request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = article_for_desk(model_admin, request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The publication time is not a valid date and time.")
        return _back(article)
    data = form.cleaned_data
    try:
        transition = workflow.move(data["move"], article, request.user, data["note"], data["publish_at"])
    except Refused as reason:
        messages.error(request, str(reason))
    else:
        log_move(model_admin, request, transition)
        messages.success(request, _done(transition))
    return _back(article)


def log_move(model_admin, request, transition):
    """The move in the admin's "Recent actions" and the article's admin history, beside the desk's own log."""
    message = workflow.MOVES[transition.name].label
    if transition.name == "schedule":
        message += f" for {timezone.localtime(transition.publish_at):%d %b %Y %H:%M}"
    if transition.note:
        message += f": {transition.note}"
    model_admin.log_change(request, transition.article, message[:2000])


def _done(transition):
    if transition.name == "schedule":
        return f"Scheduled for {timezone.localtime(transition.publish_at):%d %b %Y %H:%M} ({settings.TIME_ZONE})."
    return {
        "submit": "Submitted for review. The editors have been told.",
        "withdraw": "Withdrawn to draft: edit it and submit it again when it is ready.",
        "return": "Returned to draft. The reporter has been told.",
        "publish": "Published. Readers can see it now.",
        "unpublish": "Unpublished. Readers can no longer see it.",
    }[transition.name]


def preview(model_admin, request, pk):
    """The article exactly as readers will see it, whatever its state: for the desk only."""
    article = article_for_desk(model_admin, request, pk)
    return render_article(request, article, preview="Desk preview: this is how readers will see it.")


def revision(model_admin, request, pk, number):
    article = article_for_desk(model_admin, request, pk)
    chosen = get_object_or_404(article.revisions.select_related("created_by"), number=number)
    can_restore = can_edit(request.user, article)
    if request.method == "POST":
        if not can_restore:
            raise PermissionDenied
        editing.restore_revision(article, chosen, request.user)
        messages.success(request, f"Revision {chosen.number} restored as revision {article.version}.")
        return _back(article)
    # Compared with the current text, or with any other revision (?against=N): the older on the left.
    against = request.GET.get("against", "")
    other = None
    if against.isdigit() and int(against) != chosen.number:
        other = get_object_or_404(article.revisions.select_related("created_by"), number=int(against))
    older, newer = (other, chosen) if other and other.number < chosen.number else (chosen, other)
    current = revisions.snapshot(article)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "article": article,
        "revision": chosen,
        "older": older,
        "newer": newer,  # None: the current text
        "differences": revisions.differences(older.data, newer.data if newer else current),
        "others": article.revisions.exclude(number=chosen.number)
        .select_related("created_by")
        .only("number", "created_at", "created_by__username")[:SHOWN_IN_COMPARE],
        # Restoring a revision that is the current text would only add a copy.
        "can_restore": can_restore and bool(revisions.differences(chosen.data, current)),
        "title": f"Revision {chosen.number} of “{article.headline}”",
    }
    return TemplateResponse(request, "admin/articles/article/revision.html", context)


def correct(model_admin, request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = article_for_desk(model_admin, request, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "A correction needs its kind and a note for readers.")
        return _back(article)
    try:
        workflow.add_correction(article, request.user, form.cleaned_data["kind"], form.cleaned_data["text"])
    except Refused as reason:
        messages.error(request, str(reason))
    else:
        messages.success(request, "Added to the article; its “Updated on” date moved.")
    return _back(article)


def preview_links(model_admin, request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = article_for_desk(model_admin, request, pk)
    try:
        if "revoke" in request.POST:
            link_id = request.POST["revoke"]
            link = get_object_or_404(article.preview_links, pk=int(link_id) if link_id.isdigit() else None)
            previews.revoke(link, request.user)
            messages.success(request, "Preview link revoked: it no longer works.")
        else:
            form = PreviewLinkForm(request.POST)
            if not form.is_valid():
                raise Refused("Choose how long the link should work.")
            link = previews.create_link(article, request.user, form.cleaned_data["hours"])
            messages.success(
                request, f"Preview link created: {request.build_absolute_uri(previews.path(link))}"
            )
    except Refused as reason:
        messages.error(request, str(reason))
    return _back(article)


def autosave_view(model_admin, request, pk=None):
    """Keep (or, with action=discard, drop) the user's unsaved text of an article or of a new one.

    The form's script posts here and reads JSON; a post made without it (no JSON asked for) is sent
    back to the article with a message.
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = None
    if pk is None:
        allowed = model_admin.has_add_permission(request)
    else:
        article = article_for_desk(model_admin, request, pk)
        allowed = can_edit(request.user, article)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not allowed:
        if wants_json:
            return JsonResponse({"error": "You cannot edit this article now."}, status=403)
        raise PermissionDenied
    if request.POST.get("action") == "discard":
        autosave.discard(request.user, article)
        if wants_json:
            return JsonResponse({"discarded": True})
        messages.success(request, "The autosaved text was discarded.")
        return _back(article) if article else redirect(reverse("admin:articles_article_add"))
    posted, answer = request.POST, {}
    if request.FILES.get("lead_image_upload"):
        try:
            picture = _library_upload(request)
        except ValidationError as error:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        posted = posted.copy()
        posted["lead_image"] = str(picture.pk)
        answer["lead_image"] = {
            "id": picture.pk,
            "thumb": thumbnail_url(picture),
            "caption": picture.caption,
            "alternative_text": picture.alt,
        }
    try:
        kept = autosave.keep(request.user, article, posted)
    except Refused as reason:
        return JsonResponse({"error": str(reason)}, status=400)
    if kept is None:
        return JsonResponse({**answer, "saved_at": None, "label": ""})
    return JsonResponse({**answer, "saved_at": kept.saved_at.isoformat(), "label": autosaved_label(kept)})


def _library_upload(request):
    """The lead picture file the form holds, into the library at once (as a refused save does), so
    that a closed tab never makes anyone upload it again: the autosave keeps it chosen."""
    upload = CheckedImageField().clean(request.FILES["lead_image_upload"])
    words = {name: request.POST.get(f"lead_image_{name}", "") for name in ("alt", "caption", "credit")}
    return library.add(upload, by=request.user, **words)


def autosaved_label(kept):
    return f"Autosaved at {timezone.localtime(kept.saved_at):%H:%M:%S}"


def discuss(model_admin, request, pk):
    """Comment, reply, resolve or reopen in the article's desk discussion."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = article_for_desk(model_admin, request, pk)
    action = request.POST.get("action", "comment")
    if action not in ("comment", "reply", "resolve", "reopen"):
        messages.error(request, "There is no such step in the discussion.")
        return redirect(reverse("admin:articles_article_change", args=[article.pk]) + "#desk-discussion")
    thread_id = request.POST.get("thread", "")
    thread = None
    if action != "comment":
        thread = get_object_or_404(
            article.comments.select_related("parent"), pk=int(thread_id) if thread_id.isdigit() else None
        )
    try:
        if action in ("comment", "reply"):
            comments.post(article, request.user, request.POST.get("text", ""), parent=thread)
            messages.success(request, "Comment added." if action == "comment" else "Reply added.")
        else:
            comments.resolve(thread, request.user, reopen=action == "reopen")
            messages.success(request, "Thread resolved." if action == "resolve" else "Thread reopened.")
    except Refused as reason:
        messages.error(request, str(reason))
    return redirect(reverse("admin:articles_article_change", args=[article.pk]) + "#desk-discussion")
