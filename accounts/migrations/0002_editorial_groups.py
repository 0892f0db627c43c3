from django.contrib.auth.management import create_permissions
from django.db import migrations


# Frozen here on purpose: a later change to the roles gets a migration of its own.
GROUP_PERMISSIONS = {
    "Reporter": [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.view_section",
        "articles.add_byline",
        "articles.change_byline",
        "articles.delete_byline",
        "articles.view_byline",
        "articles.add_taggedarticle",
        "articles.change_taggedarticle",
        "articles.delete_taggedarticle",
        "articles.view_taggedarticle",
        "accounts.add_author",
        "accounts.view_author",
        "taggit.add_tag",
        "taggit.view_tag",
    ],
    "Editor": [
        f"{app}.{action}_{model}"
        for app, model in [
            ("articles", "article"),
            ("articles", "section"),
            ("articles", "byline"),
            ("articles", "taggedarticle"),
            ("accounts", "author"),
            ("accounts", "authorlink"),
            ("taggit", "tag"),
        ]
        for action in ("add", "change", "delete", "view")
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make them now so groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("articles", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
