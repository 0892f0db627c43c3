"""The desk's webhooks: editors add a partner's address and the events it wants (its signing secret
shown once), see every delivery with its attempts, send one again, and resume a paused endpoint.
Reporters see none of it."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Max, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html

from ..core.permissions import is_editor
from ..models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from ..models.webhooks import EVENTS
from ..webhooks import addresses, delivery, signing
from .frontpage import EditorsOnly
from .keys import shown_time


class EndpointForm(forms.ModelForm):
    url = WebhookEndpoint._meta.get_field("url").formfield(assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=list(EVENTS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text='Each is posted as {"type", "timestamp", "data"}; articles in the content API\'s shape.',
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "events"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            addresses.checked(url)
        except addresses.Refused as refused:
            raise forms.ValidationError(str(refused)) from None
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(EditorsOnly, admin.ModelAdmin):
    form = EndpointForm
    list_display = ["name", "state", "url", "told_of", "waiting", "last_delivered"]
    change_list_template = "admin/articles/webhookendpoint/change_list.html"  # narrow screens
    search_fields = ["name", "url"]
    readonly_fields = ["state", "created_at", "created_by"]
    actions = ["resume", "pause_now"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                waiting_count=Count("deliveries", filter=Q(deliveries__state=WebhookDelivery.State.PENDING)),
                delivered_last=Max(
                    "deliveries__last_attempt_at",
                    filter=Q(deliveries__state=WebhookDelivery.State.DELIVERED),
                ),
            )
        )

    def get_fields(self, request, obj=None):
        return ["name", "url", "events"] + ([] if obj is None else self.readonly_fields)

    @admin.display(description="state", ordering="paused_at")
    def state(self, endpoint):
        if endpoint.paused_at is None:
            return "sending"
        return format_html(
            "<strong>paused</strong> {}: {}", shown_time(endpoint.paused_at), endpoint.paused_reason
        )

    @admin.display(description="events")
    def told_of(self, endpoint):
        return format_html('<span title="{}">{}</span>', ", ".join(endpoint.events), len(endpoint.events))

    @admin.display(description="waiting", ordering="waiting_count")
    def waiting(self, endpoint):
        if not endpoint.waiting_count:
            return 0
        link = reverse("admin:articles_webhookdelivery_changelist")
        return format_html(
            '<a href="{}?endpoint__id__exact={}&state__exact=pending">{}</a>',
            link,
            endpoint.pk,
            endpoint.waiting_count,
        )

    @admin.display(description="last delivered", ordering="delivered_last", empty_value="never")
    def last_delivered(self, endpoint):
        return shown_time(endpoint.delivered_last)

    def save_model(self, request, endpoint, form, change):
        if not change:
            endpoint.secret = request.issued_secret = signing.new_secret()
            endpoint.created_by = request.user
        super().save_model(request, endpoint, form, change)

    def response_add(self, request, endpoint, post_url_continue=None):
        """The secret on a page of its own, never in a message: messages travel in a cookie."""
        context = {
            **self.admin_site.each_context(request),
            "endpoint": endpoint,
            "secret": request.issued_secret,
        }
        response = TemplateResponse(request, "admin/articles/webhookendpoint/issued.html", context)
        add_never_cache_headers(response)
        return response

    @admin.action(permissions=["change"], description="Resume the chosen webhooks (what waits goes out now)")
    def resume(self, request, queryset):
        paused = list(queryset.exclude(paused_at=None))
        for endpoint in paused:
            delivery.resume(endpoint)
            self.log_change(request, endpoint, "Resumed.")
        self.message_user(
            request, f"{len(paused)} webhook{'s' * (len(paused) != 1)} resumed.", messages.SUCCESS
        )

    @admin.action(permissions=["change"], description="Pause the chosen webhooks (deliveries wait, kept)")
    def pause_now(self, request, queryset):
        sending = list(queryset.filter(paused_at=None))
        for endpoint in sending:
            delivery.pause(endpoint, f"Paused by {request.user.get_username()}.")
            self.log_change(request, endpoint, "Paused.")
        self.message_user(
            request, f"{len(sending)} webhook{'s' * (len(sending) != 1)} paused.", messages.SUCCESS
        )


class AttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ["at", "status", "error", "duration_ms", "response"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(EditorsOnly, admin.ModelAdmin):
    """The delivery log: read only, newest first; Send again is its one action."""

    list_display = ["event", "endpoint", "state", "attempts", "last_attempt", "last_status", "next_attempt"]
    change_list_template = "admin/articles/webhookdelivery/change_list.html"  # narrow screens
    list_filter = ["state", "endpoint", "message__event"]
    list_select_related = ["message", "endpoint"]
    fields = [
        "event",
        "endpoint",
        "state",
        "attempts",
        "last_attempt_at",
        "last_status",
        "last_error",
        "next_attempt_at",
        "webhook_id",
        "body",
    ]
    readonly_fields = fields
    inlines = [AttemptInline]
    change_form_template = "admin/articles/webhookdelivery/change_form.html"
    actions = ["send_again"]
    date_hierarchy = "created_at"

    @admin.display(description="event", ordering="message__event")
    def event(self, item):
        return item.message.event

    @admin.display(description="webhook-id")
    def webhook_id(self, item):
        return item.message.webhook_id

    @admin.display(description="body")
    def body(self, item):
        return format_html(
            '<pre style="white-space:pre-wrap;overflow-wrap:anywhere">{}</pre>', item.message.body
        )

    @admin.display(description="last attempt", ordering="last_attempt_at", empty_value="not yet")
    def last_attempt(self, item):
        return shown_time(item.last_attempt_at)

    @admin.display(description="next attempt", ordering="next_attempt_at", empty_value="—")
    def next_attempt(self, item):
        if item.state != WebhookDelivery.State.PENDING:
            return None
        if item.endpoint.paused_at:
            return "when resumed"
        return shown_time(max(filter(None, [item.next_attempt_at, item.endpoint.retry_at])))

    @admin.action(permissions=["change"], description="Send again now")
    def send_again(self, request, queryset):
        chosen = list(queryset.select_related("endpoint"))
        for item in chosen:
            delivery.send_again(item)
        self.message_user(
            request,
            f"{len(chosen)} deliver{'y' if len(chosen) == 1 else 'ies'} queued to be sent now; "
            "this log shows each attempt.",
            messages.SUCCESS,
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # the log is kept: it is how a partner's complaint is checked
        return actions

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A record with one button: Send again (nothing of it is edited)."""
        if request.method == "POST" and "_send_again" in request.POST and self.has_change_permission(request):
            item = self.get_object(request, object_id)
            if item is not None:
                delivery.send_again(item)
                self.message_user(request, "Queued to be sent now; the attempts below show how it went.")
            return HttpResponseRedirect(request.path)
        quiet = {"show_save": False, "show_save_and_continue": False, "show_save_and_add_another": False}
        return super().change_view(request, object_id, form_url, {**quiet, **(extra_context or {})})
