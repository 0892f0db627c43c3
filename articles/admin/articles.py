"""The article desk: the list, the edit form with its panels, and the bulk moves (ArticleAdmin)."""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.urls import path

from ..core.checklist import DEK_MAX_LENGTH
from ..core.permissions import Refused, can_edit
from ..desk import workflow
from ..editing import articles as editing
from ..editing import autosave
from ..models import Article, Status
from . import live as admin_live
from . import views as admin_views
from .article_form import ArticleAdminForm
from .bylines import BylineInline
from .columns import ArticleColumns
from .filters import AuthorFilter, MineFilter, StageFilter, TagFilter
from .search import ArticleChangeList, CappedPaginator, search_articles

TEXTAREA_ROWS = {"dek": 2}
# The limits the desk counts against: the headline's column, the standfirst's publishing check.
COUNTED = {
    "headline": Article._meta.get_field("headline").max_length,
    "dek": DEK_MAX_LENGTH,
    "seo_title": 60,  # what search engines show of a title
    "seo_description": Article._meta.get_field("seo_description").max_length,
    "social_headline": Article._meta.get_field("social_headline").max_length,
}


@admin.register(Article)
class ArticleAdmin(ArticleColumns, admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "thumbnail",
        "headline",
        "stage_badge",
        "section",
        "byline_names",
        "edited_by",
        "published",
        "updated",
        "open_threads",
    ]
    list_display_links = ["headline"]
    list_filter = [
        StageFilter,
        MineFilter,
        "section",
        AuthorFilter,
        TagFilter,
        ("published_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["section", "last_edited_by", "lead_image"]
    # Searched through the full-text index (see get_search_results), never with LIKE over every body.
    search_fields = ["headline"]
    search_help_text = "Words from the headline, standfirst, body, tags or bylines."
    # At newsroom scale a full count is the slowest part of the list; the paginator counts up to a cap.
    show_full_result_count = False
    paginator = CappedPaginator
    # What is being worked on first (indexed); readers' order is the site's, not the desk's.
    ordering = ["-updated_at", "-id"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section"]
    inlines = [BylineInline]
    readonly_fields = [
        "stage_badge",
        "search_preview",
        "published_at",
        "revised_at",
        "created_at",
        "updated_at",
        "source",
    ]
    actions = ["submit_selected", "return_selected", "publish_selected", "unpublish_selected"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "headline",
                    "slug",
                    "dek",
                    "section",
                    "dateline",
                    "body",
                    "topics",
                    "loaded_version",
                ]
            },
        ),
        (
            "Lead image",
            {
                "fields": [
                    "lead_image",
                    "lead_image_upload",
                    "lead_image_alt",
                    "lead_image_caption",
                    "lead_image_credit",
                ]
            },
        ),
        (
            "Search and social",
            {
                "fields": [
                    "search_preview",
                    "seo_title",
                    "seo_description",
                    "social_headline",
                    "social_image",
                ],
                "description": "How search engines and social networks show the article. Each field "
                "may stay empty: the preview shows what is used instead.",
            },
        ),
        (
            "Publication",
            {"fields": ["stage_badge", "published_at", "revised_at", "created_at", "updated_at"]},
        ),
        ("Import", {"classes": ["collapse"], "fields": ["source"]}),
    ]

    @property
    def media(self):
        # The state badges and the workflow panel, on the list and the article page alike; the list's
        # author and tag filters use the admin's own autocomplete (select2), hence its files.
        autocomplete = AutocompleteSelect(Article._meta.get_field("authors"), self.admin_site).media
        desk = forms.Media(
            css={"all": ["css/desk.css"]}, js=["js/desk/list-filters.js", "js/desk/move-warning.js"]
        )
        return super().media + autocomplete + desk

    def view_on_site(self, article):
        # Only a page readers can open; a draft has a preview instead.
        return article.get_absolute_url() if article.is_published else None

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_search_results(self, request, queryset, search_term):
        return search_articles(queryset, search_term), False

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            # A new article has no publication details or import history to show yet.
            return self.fieldsets[:3]
        if not self.has_change_permission(request, obj):
            # Read-only: show the body as readers will read it, not as markup.
            text = ["headline", "slug", "dek", "section", "dateline", "body_as_read"]
            picture = ["lead_image", "lead_image_alt", "lead_image_caption", "lead_image_credit"]
            seen = [name for name in self.fieldsets[2][1]["fields"] if name != "search_preview"]
            return [
                (None, {"fields": text}),
                ("Lead image", {"fields": picture}),
                ("Search and social", {"fields": seen}),
                *self.fieldsets[3:],
            ]
        return self.fieldsets

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Room to write: a full-width headline and a short standfirst box.
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "headline":
            field.widget.attrs["class"] = "vLargeTextField"
        elif db_field.name in TEXTAREA_ROWS:
            field.widget.attrs["rows"] = TEXTAREA_ROWS[db_field.name]
        if db_field.name in COUNTED:
            # counters.js counts the characters typed against this limit as the writer types.
            field.widget.attrs["data-count-limit"] = COUNTED[db_field.name]
        return field

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(Article.objects.bylines_prefetch())

    def get_object(self, request, object_id, from_field=None):
        # A save holds the row until it commits, so two saves of one article judge versions one at a time.
        queryset = self.get_queryset(request)
        if request.method == "POST":
            queryset = queryset.select_for_update(of=("self",))
        try:
            return queryset.get(pk=object_id)
        except (Article.DoesNotExist, ValueError):
            return None

    # Who may do what: the object-level rules live in workflow.py.

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        # Published articles are unpublished, not deleted: readers and search engines have seen them.
        return obj is None or (can_edit(request.user, obj) and obj.status != Status.PUBLISHED)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Bulk deletion would skip the per-article rules above.
        actions.pop("delete_selected", None)
        return actions

    def get_prepopulated_fields(self, request, obj=None):
        # A published address changes only when someone edits it on purpose (the old one then redirects).
        if obj is not None and obj.status == Status.PUBLISHED:
            return {}
        return self.prepopulated_fields

    # Saving: the form's fields, bylines and tags in one call of the write path.

    def save_model(self, request, obj, form, change):
        """Saved in save_related, together with the bylines and tags the inlines hold."""

    def save_related(self, request, form, formsets, change):
        rows = {formset.prefix: _kept_rows(formset) for formset in formsets}
        for formset in formsets:
            # The rows are written by the write path, not formset.save(); the admin's log reads these.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        bylines = [
            row["author"] for row in sorted(rows.get("bylines", []), key=lambda row: row.get("order") or 0)
        ]
        tags = form.cleaned_data.get("topics")
        editing.save_article(
            form.instance,
            by=request.user,
            # A new article with no byline rows gets its author's own byline (editing decides).
            bylines=bylines if (change or bylines) else None,
            tags=tags if "topics" in form.fields else None,
        )
        autosave.saved(request.user, form.instance, was_new=not change)

    # The desk's own pages.

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/move/", view(partial(admin_views.move, self)), name="articles_article_move"),
            path(
                "<int:pk>/preview/", view(partial(admin_views.preview, self)), name="articles_article_preview"
            ),
            path(
                "<int:pk>/revisions/<int:number>/",
                view(partial(admin_views.revision, self)),
                name="articles_article_revision",
            ),
            path(
                "<int:pk>/corrections/",
                view(partial(admin_views.correct, self)),
                name="articles_article_correct",
            ),
            path(
                "autosave/", view(partial(admin_views.autosave_view, self)), name="articles_article_autosave"
            ),
            path(
                "<int:pk>/discussion/",
                view(partial(admin_views.discuss, self)),
                name="articles_article_discuss",
            ),
            path(
                "<int:pk>/autosave/",
                view(partial(admin_views.autosave_view, self)),
                name="articles_article_autosave",
            ),
            path("<int:pk>/live/", view(partial(admin_live.live_desk, self)), name="articles_article_live"),
            path(
                "<int:pk>/live/<int:update_id>/",
                view(partial(admin_live.live_update, self)),
                name="articles_article_live_update",
            ),
            path(
                "<int:pk>/preview-links/",
                view(partial(admin_views.preview_links, self)),
                name="articles_article_preview_links",
            ),
            *super().get_urls(),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        extra = {"uploader": request.user}
        if request.method == "GET" and request.GET.get("restore") == "autosave":
            kept = autosave.offered(request.user, obj)
            if kept is not None:
                extra["restored"] = kept
        return type(form.__name__, (form,), extra)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if request.method == "POST" and form.errors and self.has_change_permission(request, obj):
            # A refused save (an edit conflict, a missing field) keeps the text typed, whatever happens next.
            autosave.keep(request.user, obj, request.POST)
        if obj is not None:
            context.update(admin_views.desk_context(request, obj))
        context.update(admin_views.autosave_context(request, obj, form))
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Bulk actions: each article goes through the same workflow function as the buttons.

    @admin.action(description="Submit selected articles for review")
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description="Return selected articles to draft")
    def return_selected(self, request, queryset):
        self._bulk(request, queryset, "return")

    @admin.action(description="Publish selected articles now")
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish")

    @admin.action(description="Unpublish selected articles")
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, "unpublish")

    def _bulk(self, request, queryset, name):
        done, refused = 0, []
        for article in queryset:
            try:
                transition = workflow.move(name, article, request.user)
                admin_views.log_move(self, request, transition)
                done += 1
            except Refused as reason:
                refused.append(f"“{article.headline}”: {reason}")
        label = workflow.MOVES[name].label
        if done:
            self.message_user(
                request, f"{label}: done for {done} article{'s' * (done != 1)}.", messages.SUCCESS
            )
        for line in refused:
            self.message_user(request, f"{label} refused for {line}", messages.ERROR)


def _kept_rows(formset):
    """The rows of an inline formset the user kept (filled in and not marked for deletion)."""
    return [row for row in formset.cleaned_data if row and not row.get("DELETE") and row.get("author")]
