"""The desk's forms: the article change form (rich text, edit conflicts) and the workflow panel's forms."""

from django import forms
from django.core.exceptions import ValidationError
from django_prose_editor.widgets import AdminProseEditorWidget

from .images import CheckedImageField
from .models import Article, Correction
from .previews import LIFETIMES
from .revisions import differences, snapshot
from .sanitize import BodyWouldLoseText, sanitize_body

# What the body editor offers; the same tags as articles.sanitize allows, which still cleans every save.
BODY_EDITOR = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Strike": True,
        "Subscript": True,
        "Superscript": True,
        "Heading": {"levels": [2, 3]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HorizontalRule": True,
        "HardBreak": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
        "Typographic": True,
        "History": True,
    }
}


class ArticleAdminForm(forms.ModelForm):
    # The version the editor started from; a save against a newer version is refused (see clean()).
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "headline", "slug", "dek", "section", "dateline", "body",
            "lead_image", "lead_image_alt", "lead_image_caption", "lead_image_credit",
        ]  # fmt: skip
        widgets = {"body": AdminProseEditorWidget(config=BODY_EDITOR, preset="configurable")}

    # An Autosave whose text fills the form instead of the saved article's (see ArticleAdmin.get_form).
    restored = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if "loaded_version" in self.fields:
            self.fields["loaded_version"].initial = self.instance.version
        if self.restored is not None and not self.is_bound:
            self.initial.update(
                {name: value for name, value in self.restored.data.items() if name in self.fields}
            )
            self.initial["section"] = self.restored.data.get("section") or None
            # Typed against that version: a save over a newer change by someone else is a conflict.
            if self.instance.pk is not None and self.restored.loaded_version is not None:
                self.initial["loaded_version"] = self.restored.loaded_version

    def clean_body(self):
        # The write path refuses such a body too; here the editor sees why beside the field.
        body = self.cleaned_data["body"]
        try:
            sanitize_body(body)
        except BodyWouldLoseText as error:
            raise ValidationError(str(error), code="markup_hides_text") from None
        return body

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or "loaded_version" not in self.fields:
            return cleaned
        loaded = cleaned.get("loaded_version")
        if loaded != self.instance.version:
            self.conflict = Conflict(self.instance, loaded)
            # The next save is a deliberate choice made after seeing the other change: let it through.
            self.data = self.data.copy()
            self.data[self.add_prefix("loaded_version")] = self.instance.version
            raise ValidationError(
                f"{self.conflict.who} saved this article while you were editing it. "
                "Your text is still in the form below; their change is shown above it. "
                "Save again to replace their version with yours, or merge their change in first.",
                code="edit_conflict",
            )
        return cleaned


class Conflict:
    """The saves made since the version a form was loaded at, and what they changed."""

    def __init__(self, article, loaded_version):
        newer = list(
            article.revisions.filter(number__gt=loaded_version or 0)
            .select_related("created_by")
            .order_by("number")
        )
        names = {_name(revision.created_by) for revision in newer} or {"Someone"}
        self.who = ", ".join(sorted(names))
        self.saved_at = newer[-1].created_at if newer else article.updated_at
        base = article.revisions.filter(number=loaded_version).first() if loaded_version else None
        self.differences = differences(base.data, snapshot(article)) if base else []


def _name(user):
    if user is None:
        return "An import"
    return user.get_full_name() or user.get_username()


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
        "Typographic": True,
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
