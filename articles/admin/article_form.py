"""The article change form: rich text, the library picture chooser, topics in order, and edit conflicts."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django_prose_editor.widgets import AdminProseEditorWidget
from taggit.models import Tag

from ..core import body_media
from ..core.images import CheckedImageField
from ..core.pictures import thumbnail_url
from ..core.sanitize import BodyWouldLoseText, sanitize_body
from ..editing import autosave, library
from ..editing.revisions import differences, snapshot
from ..models import Article, Image

# What the body editor offers; the same tags as articles.core.sanitize allows, which still cleans every save.
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
        # Pictures from the media library: the figure dialog's "Browse..." opens its picker.
        "Figure": {"pickerUrl": reverse_lazy("admin:articles_image_choose")},
        "Image": True,
        "Caption": True,
        "SpecialCharacters": True,
        "History": True,
    }
}


class LibraryImageWidget(forms.Widget):
    """A library picture for a form: its thumbnail and words, a button that opens the library's
    picker in a window, and one that takes it off."""

    is_hidden = False  # a hidden input inside, but a row the desk sees

    class Media:
        js = ["js/desk/image-chooser.js"]

    def render(self, name, value, attrs=None, renderer=None):
        image = Image.objects.filter(pk=value).first() if str(value or "").isdigit() else None
        field_id = (attrs or {}).get("id", f"id_{name}")
        return format_html(
            '<div class="chooser" data-chooser="{id}" data-url="{url}">'
            '<input type="hidden" name="{name}" id="{id}" value="{value}">'
            '<img class="chooser__thumb desk-thumb" src="{thumb}" alt=""{hidden}>'
            '<span class="chooser__label">{label}</span>'
            '<button type="button" class="button" data-chooser-open>{choose}</button>'
            '<button type="button" class="button" data-chooser-clear{hidden}>Remove</button></div>',
            id=field_id,
            url=f"{reverse('admin:articles_image_choose')}?field={field_id}",
            name=name,
            value=image.pk if image else "",
            thumb=thumbnail_url(image) if image else "",
            hidden="" if image else mark_safe(" hidden"),
            label=str(image) if image else "No picture chosen.",
            choose="Choose another" if image else "Choose from the library",
        )


class TopicsInput(forms.TextInput):
    """Topic names separated by commas; the one being typed is completed from the newsroom's topics."""

    class Media:
        js = ["js/desk/topics.js"]


class ArticleAdminForm(forms.ModelForm):
    # The version the editor started from; a save against a newer version is refused (see clean()).
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "headline", "slug", "dek", "section", "dateline", "body",
            "lead_image", "lead_image_alt", "lead_image_caption", "lead_image_credit",
            "seo_title", "seo_description", "social_headline", "social_image",
        ]  # fmt: skip
        widgets = {
            "body": AdminProseEditorWidget(config=BODY_EDITOR, preset="configurable"),
            "lead_image": LibraryImageWidget,
            "social_image": LibraryImageWidget,
        }
        labels = {
            "lead_image_alt": "Alt text in this story",
            "lead_image_caption": "Caption in this story",
            "lead_image_credit": "Credit in this story",
        }
        help_texts = {
            "lead_image_alt": "Left empty, the library's alt text is used.",
            "lead_image_caption": "Left empty, the library's caption is used.",
            "lead_image_credit": "Left empty, the library's credit is used.",
        }

    lead_image_upload = CheckedImageField(
        required=False,
        label="…or upload a new one",
        widget=forms.FileInput,
        help_text="It joins the library, with the words below, and stays chosen even if the form "
        "cannot be saved yet.",
    )

    topics = forms.CharField(
        required=False,
        max_length=2000,
        label=settings.TOPICS_LABEL,
        help_text="Separated by commas, in the order readers see them, e.g. “Elections, Europe”. "
        "Suggestions come as you type; a new one is created when you save.",
        widget=TopicsInput(attrs={"class": "vLargeTextField", "autocomplete": "off", "data-topics": ""}),
    )

    class Media:
        # The article page's own behaviour: autosave, the counters, the body editor's extra buttons,
        # the search and social previews, Ctrl+S.
        js = [
            "js/desk/autosave.js",
            "js/desk/counters.js",
            "js/desk/editor-buttons.js",
            "js/desk/previews.js",
            "js/desk/save-shortcut.js",
        ]

    # An Autosave whose text fills the form instead of the saved article's (see ArticleAdmin.get_form).
    restored = None
    # The desk account saving the form (ArticleAdmin.get_form sets it): an upload is theirs.
    uploader = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if "topics" in self.fields:
            # Suggestions from the admin's own autocomplete of tags (what the list's tag filter asks).
            self.fields["topics"].widget.attrs["data-topics"] = (
                f"{reverse('admin:autocomplete')}?app_label=articles&model_name=article&field_name=tags"
            )
            if self.instance.pk is not None:
                self.initial.setdefault("topics", ", ".join(tag.name for tag in self.instance.topics))
        if "loaded_version" in self.fields:
            self.fields["loaded_version"].initial = self.instance.version
        if self.restored is not None and not self.is_bound:
            kept = {name: value for name, value in self.restored.data.items() if name in self.fields}
            for name in autosave.CHOICE_FIELDS:
                if name in kept:
                    kept[name] = kept[name] or None
            self.initial.update(kept)
            # Typed against that version: a save over a newer change by someone else is a conflict.
            if self.instance.pk is not None and self.restored.loaded_version is not None:
                self.initial["loaded_version"] = self.restored.loaded_version

    def clean_body(self):
        # The write path refuses such a body too; here the editor sees why beside the field.
        body = self.cleaned_data["body"]
        try:
            cleaned = sanitize_body(body)
        except BodyWouldLoseText as error:
            raise ValidationError(str(error), code="markup_hides_text") from None
        # A picture from elsewhere (a pasted address) would be dropped: say so instead.
        wanted = body_media.image_ids(cleaned)
        typed = len(re.findall(r"<img\b", body, re.IGNORECASE))
        if typed > len(body_media.LIBRARY_ID.findall(cleaned)) or (
            wanted and len(wanted) != Image.objects.filter(pk__in=wanted).count()
        ):
            raise ValidationError(
                "A picture in the body is not in the media library. Insert pictures with the picture "
                "button and its “Browse…”, or remove that one.",
                code="picture_not_in_library",
            )
        return body

    def clean_topics(self):
        """The names typed, in order, each once (whatever its case): editing/articles.py makes them tags."""
        names = autosave.topic_names(self.cleaned_data["topics"])
        limit = Tag._meta.get_field("name").max_length
        too_long = [name for name in names if len(name) > limit]
        if too_long:
            raise ValidationError(f"“{too_long[0][:40]}…” is longer than {limit} characters.")
        return names

    def clean(self):
        cleaned = super().clean()
        self._keep_upload(cleaned)
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

    def _keep_upload(self, cleaned):
        """A new lead picture goes into the library at once, so that an error elsewhere in the form
        never makes anyone upload it again: the form comes back with it chosen."""
        upload = cleaned.get("lead_image_upload")
        if not upload or "lead_image" not in self.fields:
            return
        words = {name: cleaned.get(f"lead_image_{name}", "") for name in ("alt", "caption", "credit")}
        cleaned["lead_image"] = image = library.add(upload, by=self.uploader, **words)
        self.data = self.data.copy()
        self.data[self.add_prefix("lead_image")] = image.pk


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
    return user.display_name
