"""The byline rows of the article form: in the order readers see them, prefilled with a restored
autosave's or, on a new article, the writer's own."""

from django import forms
from django.contrib import admin

from ..editing import autosave
from ..models import Byline


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
