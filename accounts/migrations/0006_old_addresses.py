from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen: editors look after the old addresses imports bring (reporters do not see them).
GRANTS = {
    "Editor": ["add_oldaddress", "change_oldaddress", "delete_oldaddress", "view_oldaddress"],
}


def grant(apps, schema_editor):
    articles = apps.get_app_config("articles")
    articles.models_module = True
    create_permissions(articles, apps=apps, verbosity=0)
    articles.models_module = None
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=GRANTS[group.name])
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=GRANTS[group.name])
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_media_library"),
        ("articles", "0017_imported_sources"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
