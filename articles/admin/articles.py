from functools import partial

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.template.defaultfilters import pluralize
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from ..core import body_media
from ..core.checklist import DEK_MAX_LENGTH
from ..core.images import social_card, thumbnail_url
from ..desk import workflow
from ..editing import articles as editing
from ..editing import autosave
from ..models import Article, Byline, Section, Stage, Status
from . import live as admin_live
from . import views as admin_views
from .filters import AuthorFilter, TagFilter
from .forms import ArticleAdminForm
from .search import ArticleChangeList, CappedPaginator, search_articles

admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    """taggit's tag admin (list, search, merge), with a slug that may be left for the name to give."""

    inlines = []  # taggit's generic tagged items; articles carry theirs through TaggedArticle

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        slug = form.base_fields["slug"]
        slug.required = False
        slug.help_text = "Its address. Left empty, it is made from the name (in any script)."
        return form


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class BylineForm(forms.ModelForm):
    class Meta:
        model = Byline
        fields = ["author", "order"]

    def validate_unique(self):
        # The write path replaces an article's bylines as a whole (editing.save_article), so a row is
        # never checked against the saved ones, only against its siblings (the formset does that):
        # moving an author to another row, or restoring an autosave's rows, must not clash with itself.
        pass


class BylineInline(admin.TabularInline):
    model = Byline
    form = BylineForm
    extra = 0
    autocomplete_fields = ["author"]
    fields = ["author", "order"]
    verbose_name_plural = "Bylines (in the order readers see them)"

    def get_formset(self, request, obj=None, **kwargs):
        """On a form being opened, rows filled in: a restored autosave's bylines in their order, or on
        a new article its writer's own byline (when they have one), so the checklist sees it at once."""
        authors = self.prefilled(request, obj)
        if authors is None:
            return super().get_formset(request, obj, **kwargs)
        formset = super().get_formset(request, obj, extra=len(authors), **kwargs)
        initial = [{"author": author, "order": order} for order, author in enumerate(authors)]

        class Prefilled(formset):
            def __init__(self, *args, **formset_kwargs):
                # Only these rows: the saved ones give way to the restored ones when saved.
                formset_kwargs.update(initial=initial, queryset=Byline.objects.none())
                super().__init__(*args, **formset_kwargs)

        return Prefilled

    @staticmethod
    def prefilled(request, obj):
        if request.method != "GET":
            return None
        if request.GET.get("restore") == "autosave":
            restored = autosave.restored_bylines(autosave.offered(request.user, obj))
            if restored is not None:
                return restored
        own = getattr(request.user, "author", None)
        return [own.pk] if obj is None and own is not None else None


class StageFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Stage.choices

    def queryset(self, request, queryset):
        return queryset.in_stage(self.value()) if self.value() in Stage.values else queryset


class MineFilter(admin.SimpleListFilter):
    title = "whose"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", "Mine")]

    def queryset(self, request, queryset):
        return queryset.owned_by(request.user) if self.value() == "1" else queryset


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
class ArticleAdmin(admin.ModelAdmin):
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
        desk = forms.Media(css={"all": ["css/desk.css"]}, js=["js/desk.js"])
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
            # desk.js counts the characters typed against this limit as the writer types.
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
        return workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        # Published articles are unpublished, not deleted: readers and search engines have seen them.
        return obj is None or (workflow.can_edit(request.user, obj) and obj.status != Status.PUBLISHED)

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

    # The list.

    @admin.display(description="State", ordering="status")
    def stage_badge(self, article):
        current = workflow.stage(article)
        title = ""
        if current == Stage.SCHEDULED:
            title = f"Goes live {timezone.localtime(article.published_at):%d %b %Y %H:%M}"
        badge = format_html(
            '<span class="stage stage--{}" title="{}">{}</span>', current, title, current.label
        )
        if article.is_live:
            badge = format_html('{} <span class="desk-live__on">Live</span>', badge)
        return badge

    @admin.display(description="")
    def thumbnail(self, article):
        if not article.lead_image_id:
            return ""
        return format_html(
            '<img class="desk-thumb desk-thumb--list" src="{}" alt="" loading="lazy">',
            thumbnail_url(article.lead_image),
        )

    @admin.display(description="Edited by", ordering="last_edited_by__username")
    def edited_by(self, article):
        user = article.last_edited_by
        return (user.get_full_name() or user.get_username()) if user else "—"

    @admin.display(description="Published", ordering="published_at")
    def published(self, article):
        return _short_time(article.published_at)

    @admin.display(description="Updated", ordering="updated_at")
    def updated(self, article):
        return _short_time(article.updated_at)

    @admin.display(description="Threads")
    def open_threads(self, article):
        # Annotated on the list's page by ArticleChangeList; one subquery, no query per row.
        count = getattr(article, "open_comments", 0)
        if not count:
            return "—"
        shown = format_html('<span class="desk-count" title="Open threads">{}</span>', count)
        mine = getattr(article, "my_mentions", 0)
        if mine:
            title = f"{mine} open thread{pluralize(mine)} mention{pluralize(mine, 's,')} you"
            shown += format_html(
                ' <span class="desk-count desk-count--mention" title="{}">@{}</span>', title, mine
            )
        return shown

    @admin.display(description="Preview")
    def search_preview(self, article):
        """A search result and a social card as they would look; desk.js redraws them as fields change."""
        url = absolute_url_of(article)
        lead = article.lead_image if article.lead_image_id else None
        card = article.social_image if article.social_image_id else lead
        # With no picture chosen, networks are given the body's first (as metadata.for_article does).
        in_body = (body_media.first_picture(article.body_html) or ("",))[0]
        image = social_card(card)[0] if card else in_body
        return format_html(
            '<div class="desk-previews" data-previews data-headline="{headline}" data-summary="{summary}"'
            ' data-site="{site}" data-articles="{articles}" data-body-picture="{in_body}">'
            '<figure class="desk-serp"><figcaption>In search results</figcaption>'
            '<p class="desk-serp__url" data-preview="url">{url}</p><p class="desk-serp__title" data-preview="title">{title}</p>'
            '<p class="desk-serp__text" data-preview="description">{description}</p></figure>'
            '<figure class="desk-social"><figcaption>On social networks</figcaption>'
            '<img class="desk-social__image" data-preview="image" src="{image}" alt=""{hidden}>'
            '<p class="desk-social__site">{site}</p><p class="desk-social__title" data-preview="social">{social}</p>'
            '<p class="desk-social__text" data-preview="description">{description}</p></figure></div>',
            headline=article.headline,
            # Where an article's address starts: the script adds the slug as it is typed.
            articles=f"{settings.SITE_URL}{reverse('articles:article', args=['-'])[:-2]}",
            summary=article.summary_words(40) if article.pk else "",
            site=settings.SITE_NAME,
            url=url,
            title=article.seo_title or article.headline or "The headline",
            description=article.seo_description or (article.summary_words(40) if article.pk else ""),
            image=image,
            in_body=in_body,
            hidden="" if image else mark_safe(" hidden"),
            social=article.social_headline or article.headline or "The headline",
        )

    @admin.display(description="Body")
    def body_as_read(self, article):
        return mark_safe(article.body_html)  # noqa: S308 - cleaned by the allow-list when saved

    @admin.display(description="Bylines")
    def byline_names(self, article):
        return ", ".join(byline.author.name for byline in article.bylines.all()) or "—"

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
            except workflow.MoveRefused as reason:
                refused.append(f"“{article.headline}”: {reason}")
        label = workflow.MOVES[name].label
        if done:
            self.message_user(
                request, f"{label}: done for {done} article{'s' * (done != 1)}.", messages.SUCCESS
            )
        for line in refused:
            self.message_user(request, f"{label} refused for {line}", messages.ERROR)


def absolute_url_of(article):
    """Where readers will find the article, as a search result prints it (SITE_URL when set)."""
    return f"{settings.SITE_URL}{article.get_absolute_url() if article.slug else '/'}"


def _short_time(moment):
    """A list's date: "2 Dec 17:43" this year, "2 Dec 2025" before; the full time on hover."""
    if moment is None:
        return "—"
    local = timezone.localtime(moment)
    shown = (
        f"{local.day} {local:%b %H:%M}"
        if local.year == timezone.localtime().year
        else f"{local.day} {local:%b %Y}"
    )
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        local.isoformat(),
        f"{local:%A} {local.day} {local:%B %Y, %H:%M}",
        shown,
    )


def _kept_rows(formset):
    """The rows of an inline formset the user kept (filled in and not marked for deletion)."""
    return [row for row in formset.cleaned_data if row and not row.get("DELETE") and row.get("author")]
