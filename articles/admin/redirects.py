"""The desk's list of old addresses: the paths imported articles had on the site they came from.

Editors check where an old link leads, mend a wrong one, remove one, or add a path by hand (a link
printed in the paper, a short address for a campaign). Paths are stored as core/addresses.py looks
them up: the path alone, with a trailing slash.
"""

from django import forms
from django.contrib import admin

from ..core.addresses import MAX_LENGTH, normalised
from ..models import OldAddress


class OldAddressForm(forms.ModelForm):
    class Meta:
        model = OldAddress
        fields = ["path", "article"]
        help_texts = {"path": "The old address, e.g. /2024/05/03/budget-vote/ (a whole link is fine too)."}

    def clean_path(self):
        path = normalised(self.cleaned_data["path"])
        if path == "/":
            raise forms.ValidationError("The home page cannot be an old address.")
        if len(path) > MAX_LENGTH:
            raise forms.ValidationError(f"An old address has at most {MAX_LENGTH} characters.")
        if OldAddress.objects.filter(path=path).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("This old address already leads to another article.")
        return path


@admin.register(OldAddress)
class OldAddressAdmin(admin.ModelAdmin):
    form = OldAddressForm
    list_display = ["path", "article", "article_status"]
    list_select_related = ["article"]
    search_fields = ["path", "article__headline"]
    raw_id_fields = ["article"]
    ordering = ["path"]

    @admin.display(description="status")
    def article_status(self, address):
        return address.article.get_status_display()
