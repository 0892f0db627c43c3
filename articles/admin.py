from django.contrib import admin
from django.db.models import Prefetch

from .models import Article, Byline, Section, TaggedArticle


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["author"]
    fields = ["author", "order"]
    verbose_name_plural = "Bylines (in the order readers see them)"


class TagInline(admin.TabularInline):
    model = TaggedArticle
    extra = 0
    autocomplete_fields = ["tag"]
    verbose_name = "tag"
    verbose_name_plural = "Tags"


TEXTAREA_ROWS = {"dek": 2, "body": 24}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "status", "section", "byline_names", "published_at", "updated_at"]
    list_filter = ["status", "section", "authors", ("published_at", admin.DateFieldListFilter)]
    list_select_related = ["section"]
    search_fields = ["headline", "dek", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section"]
    inlines = [BylineInline, TagInline]
    readonly_fields = ["revised_at", "created_at", "updated_at", "source", "source_checksum"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "section", "dateline", "body"]}),
        (
            "Lead image",
            {"fields": ["lead_image", "lead_image_alt", "lead_image_caption", "lead_image_credit"]},
        ),
        ("Publication", {"fields": ["status", "published_at", "revised_at", "created_at", "updated_at"]}),
        ("Import", {"classes": ["collapse"], "fields": ["source", "source_checksum"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Room to write: a full-width headline, a short standfirst box, a tall body.
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "headline":
            field.widget.attrs["class"] = "vLargeTextField"
        elif db_field.name in TEXTAREA_ROWS:
            field.widget.attrs["rows"] = TEXTAREA_ROWS[db_field.name]
        return field

    def get_queryset(self, request):
        bylines = Byline.objects.select_related("author")
        return super().get_queryset(request).prefetch_related(Prefetch("bylines", queryset=bylines))

    def get_readonly_fields(self, request, obj=None):
        # A published article's address is public: keep it stable.
        if obj is not None and obj.was_published_when_loaded:
            return [*self.readonly_fields, "slug"]
        return self.readonly_fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.was_published_when_loaded:
            return {}
        return self.prepopulated_fields

    @admin.display(description="Bylines")
    def byline_names(self, article):
        return ", ".join(byline.author.name for byline in article.bylines.all()) or "—"
