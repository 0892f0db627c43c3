"""The live desk's forms: an update as it is written, and as it is edited."""

from django import forms
from django_prose_editor.widgets import AdminProseEditorWidget

from ..core.images import CheckedImageField

# A live update is short: emphasis, links, lists and quotes, no subheads.
LIVE_EDITOR = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HardBreak": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
        "SpecialCharacters": True,
        "History": True,
    }
}


class LiveUpdateForm(forms.Form):
    """A live update as the desk writes it; live.py checks and cleans it again when it is saved."""

    title = forms.CharField(
        required=False, max_length=200, help_text="Optional: a few words in bold above the update."
    )
    text = forms.CharField(
        max_length=5000, widget=AdminProseEditorWidget(config=LIVE_EDITOR, preset="configurable")
    )
    image = CheckedImageField(required=False, label="Picture", widget=forms.FileInput)
    image_alt = forms.CharField(
        required=False,
        max_length=300,
        label="Alt text",
        help_text="What the picture shows (needed with one).",
    )
    image_caption = forms.CharField(required=False, max_length=500, label="Caption")

    def clean(self):
        data = super().clean()
        if data.get("image") and not data.get("image_alt", "").strip():
            self.add_error("image_alt", "Describe the picture for readers who cannot see it.")
        return data


class LiveUpdateEditForm(LiveUpdateForm):
    clear_image = forms.BooleanField(required=False, label="Remove the picture")

    def clean(self):
        data = forms.Form.clean(self)
        # With no new file the field gives back the current one: only the checkbox takes it off.
        uploaded = self.add_prefix("image") in self.files
        has_image = uploaded or (self.initial.get("image") and not data.get("clear_image"))
        if has_image and not data.get("image_alt", "").strip():
            self.add_error("image_alt", "Describe the picture for readers who cannot see it.")
        return data
