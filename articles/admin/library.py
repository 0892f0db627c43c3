"""The media library on the desk: its list (thumbnails, search), a picture's page (its words, its
focal point, the shapes readers see, where it is used) and the picker that the article form and the
body editor open in a window to choose or upload a picture."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from ..core.images import CHECKED_IMAGES, CheckedImageField
from ..core.pictures import thumbnail_url
from ..editing import library
from ..models import Image

CHOOSER_PAGE = 48
# What the picker keeps from its opener: who to call back (the body editor's dialog, or a form field).
CALLBACK_PARAMS = ("CKEditorFuncNum", "field")
# Every shape core/images.py cuts (CROPS, and the social card), as the picture's page names it.
SHAPES = {"square": "Lists (square)", "landscape": "Top stories (3:2)", "social": "Social card (1200 × 630)"}


class ImageUploadForm(forms.Form):
    """A new library picture, from the picker."""

    file = CheckedImageField(label="Picture")
    alt = forms.CharField(
        max_length=300, label="Alt text", help_text="What the picture shows, for readers who cannot see it."
    )
    caption = forms.CharField(max_length=500, required=False)
    credit = forms.CharField(max_length=200, required=False)


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    formfield_overrides = CHECKED_IMAGES
    list_display = ["thumbnail", "described", "credit", "dimensions", "uploaded_by", "uploaded_at"]
    list_display_links = ["thumbnail", "described"]
    list_select_related = ["uploaded_by"]
    search_fields = ["caption", "alt", "credit", "file"]
    search_help_text = "Words from the caption, alt text or credit, or the file's name."
    list_filter = [("uploaded_at", admin.DateFieldListFilter)]
    list_per_page = 40
    readonly_fields = ["focal_picker", "shapes", "used_in", "dimensions", "uploaded_by", "uploaded_at"]
    fieldsets = [
        (None, {"fields": ["file", "alt", "caption", "credit"]}),
        (
            "Focal point",
            {
                "fields": ["focal_picker", ("focal_x", "focal_y")],
                "description": "Click the picture where its subject is: every shape cut from it keeps "
                "that point in frame. The numbers are the same point, from the top left (0 to 1).",
            },
        ),
        ("What readers see", {"fields": ["shapes"]}),
        ("Where it is used", {"fields": ["used_in", "dimensions", "uploaded_by", "uploaded_at"]}),
    ]

    class Media:
        css = {"all": ["css/desk.css"]}
        js = ["js/desk/focal-point.js"]

    def get_fieldsets(self, request, obj=None):
        # A new picture is first uploaded; its focal point and shapes come after.
        return self.fieldsets[:1] if obj is None else self.fieldsets

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        library.save_image(obj)

    def get_deleted_objects(self, objs, request):
        # A picture in use stays: the page names the articles that show it (never "delete them too").
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        in_use = [
            f"{image}: shown by “{article.headline}”"
            for image in objs
            for article in library.uses(image).only("pk", "headline")[:20]
        ]
        return (deleted, counts, set(), in_use) if in_use else (deleted, counts, perms_needed, protected)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [path("choose/", view(self.choose), name="articles_image_choose"), *super().get_urls()]

    @admin.display(description="Picture")
    def thumbnail(self, image):
        return format_html('<img class="desk-thumb" src="{}" alt="" loading="lazy">', thumbnail_url(image))

    @admin.display(description="Caption or alt text", ordering="caption")
    def described(self, image):
        return image.caption or image.alt or "—"

    @admin.display(description="Size")
    def dimensions(self, image):
        return f"{image.width} × {image.height} px" if image.width else "—"

    @admin.display(description="Focal point")
    def focal_picker(self, image):
        return format_html(
            '<div class="focal" data-focal><img class="focal__image" src="{}" alt="{}">'
            '<span class="focal__mark" style="left:{}%;top:{}%"></span></div>',
            image.file.url,
            f"Set the focal point of: {image}",
            round(image.focal_x * 100, 1),
            round(image.focal_y * 100, 1),
        )

    @admin.display(description="Shapes")
    def shapes(self, image):
        made = {}
        for rendition in image.renditions or []:
            if rendition.get("crop") in SHAPES and rendition["format"] in ("image/jpeg", "image/png"):
                made.setdefault(rendition["crop"], rendition)
        if not made:
            return "Being made in the background: pages show the whole picture until then."
        return format_html_join(
            "",
            '<figure class="desk-shape"><img src="{}" alt="" width="{}" height="{}"><figcaption>{}</figcaption></figure>',
            (
                (image.file.storage.url(made[crop]["name"]), *_preview_size(made[crop]), label)
                for crop, label in SHAPES.items()
                if crop in made
            ),
        )

    @admin.display(description="Used in")
    def used_in(self, image):
        articles = list(library.uses(image).only("pk", "headline")[:20])
        if not articles:
            return "No article yet."
        return format_html(
            "<ul class='desk-uses'>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a></li>',
                ((reverse("admin:articles_article_change", args=[a.pk]), a.headline) for a in articles),
            ),
        )

    def choose(self, request):
        """The picker: a searchable grid of the library with an upload form; choosing calls back the
        window that opened it (static/js/chooser.js)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        callback = {name: request.GET[name] for name in CALLBACK_PARAMS if request.GET.get(name)}
        may_add = self.has_add_permission(request)
        form = ImageUploadForm()
        if request.method == "POST":
            if not may_add:
                raise PermissionDenied
            form = ImageUploadForm(request.POST, request.FILES)
            if form.is_valid():
                image = library.add(form.cleaned_data.pop("file"), by=request.user, **form.cleaned_data)
                return redirect(f"{request.path}?{urlencode({**callback, 'chosen': image.pk})}")
        query = request.GET.get("q", "").strip()
        found = Image.objects.all()
        if query:
            found = self.get_search_results(request, found, query)[0]
        page = Paginator(found, CHOOSER_PAGE).get_page(request.GET.get("page"))
        chosen_id = request.GET.get("chosen", "")
        chosen = Image.objects.filter(pk=chosen_id).first() if chosen_id.isdigit() else None
        context = {
            **self.admin_site.each_context(request),
            "opts": Image._meta,
            "title": "Choose a picture",
            "is_popup": True,
            "page": page,
            "items": [(image, thumbnail_url(image)) for image in page.object_list],
            "query": query,
            "callback": callback,
            "form": form,
            "may_add": may_add,
            "chosen": chosen,
            "chosen_thumb": thumbnail_url(chosen) if chosen else "",
        }
        return TemplateResponse(request, "admin/articles/image/choose.html", context)


def _preview_size(rendition, width=160):
    return width, round(rendition["height"] * width / rendition["width"])
