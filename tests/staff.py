"""Helpers for tests of the editorial desk: people in their roles, and what the change form posts."""

import io
from importlib import import_module

from django.contrib.auth.models import Group, Permission
from PIL import Image

from accounts.models import User
from accounts.roles import EDITOR, REPORTER
from tests.factories import make_author

PASSWORD = "desk-test-password-1"


def make_user(username, role=None, *, superuser=False, with_author=False):
    """A desk account in `role` (REPORTER, EDITOR or None), with an email and optionally a byline."""
    if superuser:
        user = User.objects.create_superuser(username, f"{username}@example.org", PASSWORD)
    else:
        user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=True)
    if role:
        user.groups.add(role_group(role))
    if with_author:
        make_author(username.title(), user=user)
    return user


def role_group(name):
    """The desk group `name`. A live-server test flushes every table, and the groups with them (they come
    from data migrations); rebuild them then from the migrations' own frozen lists."""
    if not Group.objects.filter(name=name).exists():
        lists = import_module("accounts.migrations.0002_editorial_groups").GROUP_PERMISSIONS
        editor_extra = ".".join(import_module("accounts.migrations.0003_editors_publish").EDITOR_PERMISSION)
        library = import_module("accounts.migrations.0005_media_library").GRANTS
        addresses = import_module("accounts.migrations.0006_old_addresses").GRANTS
        for group_name, dotted_names in lists.items():
            group = Group.objects.create(name=group_name)
            extra = [editor_extra] if group_name == EDITOR else []
            extra += [f"articles.{codename}" for codename in library[group_name]]
            extra += [f"articles.{codename}" for codename in addresses.get(group_name, [])]
            for dotted in [*dotted_names, *extra]:
                app_label, codename = dotted.split(".")
                group.permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
    return Group.objects.get(name=name)


def make_reporter(username="rita", **kwargs):
    return make_user(username, REPORTER, **kwargs)


def make_editor(username="eddie", **kwargs):
    return make_user(username, EDITOR, **kwargs)


def change_form_data(article, **overrides):
    """What the admin's change form posts for `article` as loaded now, with `overrides` applied."""
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "dek": article.dek,
        "section": article.section_id or "",
        "dateline": article.dateline,
        "body": article.body,
        "lead_image_alt": article.lead_image_alt,
        "lead_image_caption": article.lead_image_caption,
        "lead_image_credit": article.lead_image_credit,
        "lead_image": article.lead_image_id or "",
        "seo_title": article.seo_title,
        "seo_description": article.seo_description,
        "social_headline": article.social_headline,
        "social_image": article.social_image_id or "",
        "loaded_version": article.version,
        "tagged_items-TOTAL_FORMS": "0",
        "tagged_items-INITIAL_FORMS": "0",
        **byline_rows(article),
    }
    data.update(overrides)
    return data


def byline_rows(article):
    """The byline rows the change form shows for `article` as saved, as its inline formset posts them."""
    bylines = list(article.bylines.order_by("order", "id")) if article.pk else []
    rows = {"bylines-TOTAL_FORMS": str(len(bylines)), "bylines-INITIAL_FORMS": str(len(bylines))}
    for index, byline in enumerate(bylines):
        rows.update(
            {
                f"bylines-{index}-id": byline.pk,
                f"bylines-{index}-article": article.pk,
                f"bylines-{index}-author": byline.author_id,
                f"bylines-{index}-order": byline.order,
            }
        )
    return rows


def png_bytes(width=640, height=360):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (120, 40, 40)).save(buffer, format="PNG")
    return buffer.getvalue()
