"""Sections and topics on the desk: taggit's topic screen with a slug that may be left empty, and the
sections in their menu order."""

from django.contrib import admin
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from ..models import Section

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
