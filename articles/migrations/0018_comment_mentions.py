import re

from django.conf import settings
from django.db import migrations, models
from django.db.models import Q

# As articles.comments reads mentions today; a migration keeps its own copy so that it never changes.
MENTION = re.compile(r"(?<![\w@.])@([\w.+-]+)")


def read_earlier_mentions(apps, schema_editor):
    Comment = apps.get_model("articles", "Comment")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    for comment in Comment.objects.filter(text__contains="@").iterator():
        names = {name.rstrip(".").lower() for name in MENTION.findall(comment.text)}
        if not names:
            continue
        any_of = Q()
        for name in sorted(names)[:20]:
            any_of |= Q(username__iexact=name)
        people = User.objects.filter(any_of, is_active=True, is_staff=True).exclude(pk=comment.author_id)
        comment.mentions.set(people)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_imported_sources"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="mentions",
            field=models.ManyToManyField(blank=True, related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(read_earlier_mentions, migrations.RunPython.noop),
    ]
