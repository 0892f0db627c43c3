"""The media library: pictures become records of their own, and each article's lead image moves into
it with its caption, credit and alt text (kept on the article too, as that story's words)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import articles.models
import newsroom.text


def into_library(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Image = apps.get_model("articles", "Image")
    pictured = Article.objects.exclude(lead_image="").exclude(lead_image__isnull=True)
    for article in pictured.iterator(chunk_size=500):
        image = Image.objects.create(
            file=article.lead_image.name,
            width=article.lead_image_width or 0,
            height=article.lead_image_height or 0,
            alt=article.lead_image_alt,
            caption=article.lead_image_caption,
            credit=article.lead_image_credit,
            # The sizes made before are the whole picture's; the shapes cut around a focal point
            # come when `manage.py make_renditions` runs (or the picture is next saved).
            renditions=[{"crop": "", **rendition} for rendition in article.lead_image_renditions or []],
            uploaded_by_id=article.created_by_id,
            uploaded_at=article.created_at,
        )
        Article.objects.filter(pk=article.pk).update(lead_picture=image)


def out_of_library(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.exclude(lead_picture=None).select_related("lead_picture").iterator():
        image = article.lead_picture
        Article.objects.filter(pk=article.pk).update(
            lead_image=image.file.name,
            lead_image_width=image.width or None,
            lead_image_height=image.height or None,
            lead_image_renditions=[r for r in image.renditions if not r.get("crop")],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_live_stories"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Image",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("file", models.ImageField(height_field="height", upload_to="images/%Y/%m/", width_field="width")),
                ("width", models.PositiveIntegerField(default=0, editable=False)),
                ("height", models.PositiveIntegerField(default=0, editable=False)),
                ("alt", newsroom.text.SafeLineField(blank=True, help_text="What the picture shows, for readers who cannot see it.", max_length=300, verbose_name="alt text")),
                ("caption", newsroom.text.SafeLineField(blank=True, max_length=500)),
                ("credit", newsroom.text.SafeLineField(blank=True, help_text="Who made it, e.g. “Photo: Ana Ruiz/AP”.", max_length=200)),
                ("focal_x", models.FloatField(default=0.5, validators=[articles.models._fraction])),
                ("focal_y", models.FloatField(default=0.5, validators=[articles.models._fraction])),
                ("renditions", models.JSONField(blank=True, default=list, editable=False)),
                ("uploaded_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("uploaded_by", models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "ordering": ["-uploaded_at", "-id"],
                "indexes": [models.Index(fields=["-uploaded_at", "-id"], name="image_newest")],
            },
        ),
        migrations.CreateModel(
            name="BodyImage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("article", models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, to="articles.article")),
                ("image", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="articles.image")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("article", "image"), name="unique_body_image")],
            },
        ),
        migrations.AddField(
            model_name="article",
            name="body_images",
            field=models.ManyToManyField(blank=True, related_name="bodies", through="articles.BodyImage", to="articles.image"),
        ),
        migrations.AddField(
            model_name="article",
            name="lead_picture",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="leads", to="articles.image", verbose_name="lead image"),
        ),
        migrations.RunPython(into_library, out_of_library, elidable=False),
        migrations.RemoveField(model_name="article", name="lead_image"),
        migrations.RemoveField(model_name="article", name="lead_image_width"),
        migrations.RemoveField(model_name="article", name="lead_image_height"),
        migrations.RemoveField(model_name="article", name="lead_image_renditions"),
        migrations.RenameField(model_name="article", old_name="lead_picture", new_name="lead_image"),
    ]
