from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen: the Editor's extra power from the desk workflow (see articles/workflow.py).
EDITOR_PERMISSION = ("articles", "publish_article")


def grant(apps, schema_editor):
    articles = apps.get_app_config("articles")
    articles.models_module = True
    create_permissions(articles, apps=apps, verbosity=0)
    articles.models_module = None
    permission = apps.get_model("auth", "Permission").objects.get(
        content_type__app_label=EDITOR_PERMISSION[0], codename=EDITOR_PERMISSION[1]
    )
    apps.get_model("auth", "Group").objects.get(name="Editor").permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get(name="Editor").permissions.remove(
        *apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label=EDITOR_PERMISSION[0], codename=EDITOR_PERMISSION[1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_editorial_groups"),
        ("articles", "0002_desk_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
