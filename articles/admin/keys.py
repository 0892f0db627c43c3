"""The desk's API keys: editors make one for an app or a partner (its secret shown once, kept only as a
digest), see when each was last used, and revoke one, which is refused at once."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from ..core.permissions import is_editor
from ..models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "scope", "rate", "created_at", "last_used_at", "state"]
    list_filter = ["scope"]
    search_fields = ["name", "prefix"]
    fields = ["name", "scope", "rate", "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    @admin.display(description="state")
    def state(self, key):
        return f"revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "in use"

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

    @admin.action(description="Revoke the chosen keys (they stop working at once)")
    def revoke(self, request, queryset):
        revoked = queryset.filter(revoked_at=None).update(revoked_at=timezone.now())
        self.message_user(
            request,
            f"{revoked} key{'s' if revoked != 1 else ''} revoked: refused from now on.",
            messages.SUCCESS,
        )

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
