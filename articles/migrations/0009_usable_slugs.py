"""Give every section, author and tag a slug its URL accepts, and tidy their names.

Before, a tag typed as "Économie" got the slug "économie" (which no tag URL matches: its articles
answered 500) and a name of symbols an empty one. Rows keep their slug when it already works.
"""

from django.db import migrations

from newsroom.slugs import is_usable, unique_slug
from newsroom.text import safe_text

MODELS = (("articles", "Section", "section"), ("accounts", "Author", "author"), ("taggit", "Tag", "tag"))


def make_usable(apps, schema_editor):
    for app_label, model_name, fallback in MODELS:
        model = apps.get_model(app_label, model_name)
        names = set(model.objects.values_list("name", flat=True))
        for row in model.objects.only("pk", "name", "slug").iterator():
            fields = []
            name = safe_text(row.name, multiline=False)
            if name and name != row.name and name not in names:  # a clash keeps the old name
                names.add(name)
                row.name = name
                fields.append("name")
            if not is_usable(row.slug):
                row.slug = unique_slug(model, row.name, fallback=fallback, exclude_pk=row.pk)
                fields.append("slug")
            if fields:
                row.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_safe_text"),
        ("accounts", "0004_safe_text"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(make_usable, migrations.RunPython.noop)]
