"""The forms of the article page's desk panel: a workflow move, a correction, a preview link."""

from django import forms

from ..desk.previews import LIFETIMES
from ..models import Correction


class MoveForm(forms.Form):
    move = forms.CharField()
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    publish_at = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="In the newsroom's time zone (Django reads form times in the current zone).",
    )


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["kind", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"text": "Note for readers"}


class PreviewLinkForm(forms.Form):
    hours = forms.TypedChoiceField(choices=list(LIFETIMES.items()), coerce=int, initial=24, label="Works for")
