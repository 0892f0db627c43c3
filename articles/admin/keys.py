"""The desk's API keys: editors make one for an app or a partner (its secret shown once, kept only as a
digest), see when each was last used, and revoke one, which is refused at once."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import dateformat, timezone
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html

from ..core.permissions import is_editor
from ..models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    # The name and the state first, short values after. At 1024 px and below (tablets, phones) the list's
    # template keeps only the name, state, scope and last use (change_list.html); at desk width all show.
    list_display = ["name", "state", "scope_name", "prefix", "per_minute", "last_used", "created"]
    change_list_template = "admin/articles/apikey/change_list.html"
    list_filter = ["scope"]
    search_fields = ["name", "prefix"]
    fields = ["name", "scope", "rate", "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    @admin.display(description="state", ordering="revoked_at")
    def state(self, key):
        return format_html("revoked {}", shown_time(key.revoked_at)) if key.revoked_at else "in use"

    @admin.display(description="scope", ordering="scope")
    def scope_name(self, key):
        return format_html('<span title="{}">{}</span>', key.get_scope_display(), key.scope)

    @admin.display(description="rate / min", ordering="rate")
    def per_minute(self, key):
        return key.rate

    @admin.display(description="last used", ordering="last_used_at", empty_value="never")
    def last_used(self, key):
        return shown_time(key.last_used_at)

    @admin.display(description="created", ordering="created_at")
    def created(self, key):
        return shown_time(key.created_at)

    def get_fields(self, request, obj=None):
        return ["name", "scope", "rate"] if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.revoked_at:
            return self.fields  # a revoked key is a record: nothing of it changes
        return self.readonly_fields

    def save_model(self, request, key, form, change):
        if not change:
            request.issued_token = key.issue()
            key.created_by = request.user
        super().save_model(request, key, form, change)

    def response_add(self, request, key, post_url_continue=None):
        """The new key on a page of its own, never in a message: messages travel in a cookie."""
        context = {**self.admin_site.each_context(request), "key": key, "token": request.issued_token}
        response = TemplateResponse(request, "admin/articles/apikey/issued.html", context)
        add_never_cache_headers(response)
        return response

    @admin.action(permissions=["change"], description="Revoke the chosen keys (they stop working at once)")
    def revoke(self, request, queryset):
        """Like Django's delete-selected: the first POST shows what would be revoked and asks; the
        confirming POST (`post=yes`, the ids the page listed) revokes. Keys already revoked are left
        as they are, and the page says so."""
        if request.POST.get("post") == "yes":
            with transaction.atomic():
                chosen = ApiKey.objects.filter(pk__in=queryset.values("pk"), revoked_at=None)
                keys = list(chosen.select_for_update().order_by("pk"))
                ApiKey.objects.filter(pk__in=[key.pk for key in keys]).update(revoked_at=timezone.now())
            for key in keys:
                self.log_change(request, key, "Revoked.")  # who revoked it, in the key's history
            count = len(keys)
            self.message_user(
                request,
                f"{count} key{'s' if count != 1 else ''} revoked: refused from now on.",
                messages.SUCCESS,
            )
            return None  # back to the list
        in_use = list(queryset.filter(revoked_at=None).order_by("name", "pk"))
        if not in_use:
            self.message_user(request, "The chosen keys are already revoked: nothing changed.", messages.INFO)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Revoke API keys",
            "subtitle": None,
            "opts": self.opts,
            "keys": [(key, moment(key.last_used_at)) for key in in_use],
            "already_revoked": [
                (key, moment(key.revoked_at))
                for key in queryset.exclude(revoked_at=None).order_by("name", "pk")
            ],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action_name": "revoke",
            "back_url": request.get_full_path(),
            "media": self.media,
        }
        response = TemplateResponse(request, "admin/articles/apikey/revoke_confirmation.html", context)
        add_never_cache_headers(response)
        return response

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # keys are revoked, never deleted: their use stays on record
        return actions

    def has_module_permission(self, request):
        return is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user)

    def has_add_permission(self, request):
        return is_editor(request.user)

    def has_change_permission(self, request, obj=None):
        return is_editor(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


def moment(value):
    """A time as the desk writes it elsewhere ("7 Dec 2026, 12:02"), in TIME_ZONE: its spaces let a
    phone's narrow column wrap it."""
    return dateformat.format(timezone.localtime(value), "j M Y, H:i") if value else None


def shown_time(value):
    """`moment` in a <time> that says the exact instant."""
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), moment(value)) if value else None
