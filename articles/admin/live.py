"""The live desk: where a live story's updates are posted, edited and removed, and its coverage run.

The rules are live.py's; each action is also written to the admin's log (Recent actions and the
article's history), and a refusal becomes a message on the page, never an error page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from ..core.permissions import Refused
from ..desk import live
from ..models import Article
from .live_forms import LiveUpdateEditForm, LiveUpdateForm
from .views import article_for_desk


def live_desk(model_admin, request, pk):
    """GET: the compose form and every update, removed ones too. POST: post, start or end."""
    article = article_for_desk(model_admin, request, pk)
    form = LiveUpdateForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in ("start", "end"):
            return _run(model_admin, request, article, action)
        if action != "post":
            messages.error(request, "There is no such step on the live desk.")
            return _back(article)
        form = LiveUpdateForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                update = live.post(article, request.user, **form.cleaned_data)
            except Refused as reason:
                messages.error(request, str(reason))
            else:
                model_admin.log_change(request, article, f"Posted live update {update.pk}")
                messages.success(request, "Posted: readers see it within seconds.")
                return _back(article)
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    updates = list(
        article.live_updates.select_related("posted_by", "edited_by", "removed_by").order_by(
            "-created_at", "-id"
        )
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "article": article,
        "form": form,
        "updates": [(update, live.may_change(request.user, update)) for update in updates],
        "may_post": live.may_post(request.user, article),
        "may_run": live.may_run(request.user, article),
        "title": f"Live: “{article.headline}”",
    }
    return TemplateResponse(request, "admin/articles/article/live.html", context)


def live_update(model_admin, request, pk, update_id):
    """GET: the edit form of one update. POST: save the edit, or remove it (action=remove)."""
    article = article_for_desk(model_admin, request, pk)
    update = get_object_or_404(article.live_updates.select_related("article"), pk=update_id)
    if not live.may_change(request.user, update):
        raise PermissionDenied
    initial = {
        "title": update.title,
        "text": update.text,
        "image": update.image,
        "image_alt": update.image_alt,
        "image_caption": update.image_caption,
    }
    form = LiveUpdateEditForm(initial=initial)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                live.remove(update, request.user)
                model_admin.log_change(request, article, f"Removed live update {update.pk}")
                messages.success(request, "Removed from the page; it stays in this log.")
                return _back(article)
            form = LiveUpdateEditForm(request.POST, request.FILES, initial=initial)
            if form.is_valid():
                changes = dict(form.cleaned_data)
                changes["image"] = changes["image"] if "image" in request.FILES else None  # a new picture
                live.edit(update, request.user, **changes)
                model_admin.log_change(request, article, f"Edited live update {update.pk}")
                messages.success(request, "Saved: readers see the new wording within seconds.")
                return _back(article, update)
        except Refused as reason:
            messages.error(request, str(reason))
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "article": article,
        "update": update,
        "form": form,
        "title": "Edit a live update",
    }
    return TemplateResponse(request, "admin/articles/article/live_update.html", context)


def _run(model_admin, request, article, action):
    try:
        if action == "start":
            live.start(article, request.user)
            model_admin.log_change(request, article, "Started live coverage")
            messages.success(request, "Live coverage started: post the first update.")
        else:
            live.end(article, request.user)
            model_admin.log_change(request, article, "Ended live coverage")
            messages.success(request, "Live coverage ended. Every update stays on the page.")
    except Refused as reason:
        messages.error(request, str(reason))
    if request.POST.get("from") == "article":
        return redirect(reverse("admin:articles_article_change", args=[article.pk]) + "#desk-live")
    return _back(article)


def _back(article, update=None):
    address = reverse("admin:articles_article_live", args=[article.pk])
    return redirect(address + (f"#{update.anchor}" if update else ""))
