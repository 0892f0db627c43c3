"""List filters that ask for one author or tag by name (the admin's own autocomplete) instead of
listing every one of them: a newsroom has thousands; and the state and "Mine" filters."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect

from ..models import Article, Stage


class AutocompleteFilter(admin.SimpleListFilter):
    template = "admin/articles/autocomplete_filter.html"
    field_name = ""  # the Article field whose related model the admin searches
    lookup = ""  # how the chosen object's id filters articles

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        source = Article._meta.get_field(self.field_name)
        field = forms.ModelChoiceField(
            queryset=source.remote_field.model.objects.all(),
            required=False,
            widget=AutocompleteSelect(
                source, model_admin.admin_site, attrs={"data-filter": self.parameter_name}
            ),
        )
        value = self.value() if (self.value() or "").isdigit() else None
        self.widget = field.widget.render(
            self.parameter_name, value, attrs={"id": f"filter-{self.parameter_name}"}
        )

    def has_output(self):
        return True

    def lookups(self, request, model_admin):
        return ()

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "All",
        }

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(**{self.lookup: value})


class AuthorFilter(AutocompleteFilter):
    title = "author"
    parameter_name = "author"
    field_name = "authors"
    lookup = "bylines__author"


class TagFilter(AutocompleteFilter):
    title = settings.TOPICS_LABEL.lower()
    parameter_name = "tag"
    field_name = "tags"
    lookup = "tagged_items__tag"


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
