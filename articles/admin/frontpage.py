"""The desk's front page screen (lead and featured slots, reordered with buttons) and breaking news.

Editors only: programming the front page is an editor's call, like publishing.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from ..core import frontpage
from ..core.permissions import is_editor
from ..desk import workflow
from ..models import Article, BreakingNews, FrontPageSlot, Stage
from ..public.views import front_page_preview

SLOT_NAMES = ["Lead story"] + [f"Featured {number}" for number in range(1, frontpage.FEATURED_SLOTS + 1)]


class EditorsOnly:
    """Seen, added to and changed by editors only (reporters do not see the entries at all)."""

    def has_module_permission(self, request):
        return is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class SlotForm(forms.Form):
    article = forms.ModelChoiceField(queryset=Article.objects.filter(status="published"), required=False)
    until = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Optional; in the newsroom's time zone.",
    )

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        # The desk's search-as-you-type chooser (the article list's own search behind it).
        field = self.fields["article"]
        field.widget = AutocompleteSelect(FrontPageSlot._meta.get_field("article"), admin_site)
        field.widget.choices = field.choices

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until is not None and until <= timezone.now():
            raise ValidationError(
                "Pick a time ahead, or leave it empty to keep the slot until you change it."
            )
        return until


class BaseSlotFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        chosen = [form.cleaned_data.get("article") for form in self.forms]
        chosen = [article for article in chosen if article is not None]
        if len(chosen) != len(set(chosen)):
            raise ValidationError("An article can take only one place on the front page.")

    def rows(self):
        """(article, until) per position, None where the slot is left empty."""
        return [
            (form.cleaned_data["article"], form.cleaned_data.get("until"))
            if form.cleaned_data.get("article")
            else None
            for form in self.forms
        ]


SlotFormSet = forms.formset_factory(
    SlotForm, formset=BaseSlotFormSet, extra=0, min_num=len(SLOT_NAMES), max_num=len(SLOT_NAMES)
)


def reordered(rows, command):
    """The rows after "up-N" or "down-N" (a button press): slot N swapped with its neighbour."""
    direction, _, number = command.partition("-")
    if not number.isdigit() or direction not in ("up", "down"):
        return rows
    first = int(number) - 1 if direction == "up" else int(number)
    if not 0 <= first < len(rows) - 1:
        return rows
    rows = list(rows)
    rows[first], rows[first + 1] = rows[first + 1], rows[first]
    return rows


def initial_of(rows):
    """The slot forms' initial values for rows of (article, until) or None."""
    return [{"article": row[0], "until": row[1]} if row else {} for row in rows]


def slot_state(saved, staged_row, now, staged):
    """What a slot's line under its name says: what readers see there, or that a move is not saved."""
    if staged is not None and (saved.article if saved else None) != (staged_row[0] if staged_row else None):
        return "moved here: not saved yet, readers still see the saved line-up"
    return showing(saved, now) if saved is not None else "empty: the newest article shows"


def showing(slot, now):
    """What a reader sees of a pinned article now, in the desk's words."""
    if slot.until is not None and slot.until <= now:
        return "expired: the newest article shows instead"
    current = workflow.stage(slot.article, now)
    if current == Stage.PUBLISHED:
        return "showing to readers" + (
            f" until {timezone.localtime(slot.until):%d %b %H:%M}" if slot.until else ""
        )
    if current == Stage.SCHEDULED:
        return (
            f"not yet: shows once it goes live ({timezone.localtime(slot.article.published_at):%d %b %H:%M})"
        )
    return "not showing: the article is not published"


@admin.register(FrontPageSlot)
class FrontPageAdmin(EditorsOnly, admin.ModelAdmin):
    """One screen instead of the list: the lead and featured slots in order."""

    def changelist_view(self, request, extra_context=None):
        if not self.has_change_permission(request):
            raise PermissionDenied
        slots = {slot.position: slot for slot in FrontPageSlot.objects.select_related("article")}
        form_kwargs = {"admin_site": self.admin_site}
        staged = None
        if request.method == "POST":
            formset = SlotFormSet(request.POST, prefix="slots", form_kwargs=form_kwargs)
            if len(formset.forms) != len(SLOT_NAMES):  # a crafted or truncated post
                messages.error(request, "The front page form came back incomplete; nothing was changed.")
                return redirect(reverse("admin:articles_frontpageslot_changelist"))
            if formset.is_valid():
                rows = formset.rows()
                if request.POST.get("reorder"):
                    # A move changes the order on screen only: the line-up is staged until saved.
                    staged = reordered(rows, request.POST["reorder"])
                    formset = SlotFormSet(initial=initial_of(staged), prefix="slots", form_kwargs=form_kwargs)
                elif "preview" in request.POST:
                    return front_page_preview(request, frontpage.staged_articles(rows))
                else:
                    frontpage.arrange(rows, request.user)
                    messages.success(
                        request,
                        "Front page saved. Readers who open it see it now; pages already open show it "
                        f"within {settings.LIVE_POLL_SECONDS} second{pluralize(settings.LIVE_POLL_SECONDS)}.",
                    )
                    return redirect(reverse("admin:articles_frontpageslot_changelist"))
        else:
            saved = [
                (slots[n].article, slots[n].until) if n in slots else None for n in range(len(SLOT_NAMES))
            ]
            formset = SlotFormSet(initial=initial_of(saved), prefix="slots", form_kwargs=form_kwargs)
        now = timezone.now()
        rows = [
            {
                "name": name,
                "number": number,
                "form": form,
                "state": slot_state(slots.get(number), staged[number] if staged else None, now, staged),
            }
            for number, (name, form) in enumerate(zip(SLOT_NAMES, formset.forms, strict=True))
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Front page",
            "formset": formset,
            "rows": rows,
            "staged": staged is not None,
            "poll_seconds": settings.LIVE_POLL_SECONDS,
            "media": self.media + formset.media,
            "time_zone": timezone.get_current_timezone_name(),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/front_page.html", context)


@admin.register(BreakingNews)
class BreakingNewsAdmin(EditorsOnly, admin.ModelAdmin):
    list_display = ["text", "live", "expires_at", "created_by", "created_at"]
    list_editable = ["live"]
    fields = ["text", "link", "live", "expires_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
