"""Every section, author and tag keeps a tidy name and a slug its URL accepts, however it is saved.

The desk's forms, the importer and taggit's own tag creation (which would make "économie" or an
empty slug) all end in Model.save(), so the rule sits on pre_save, once for the three models.
"""

from django.core.exceptions import ValidationError
from django.db.models.signals import pre_save
from django.dispatch import receiver
from taggit.models import Tag

from accounts.models import Author
from newsroom.slugs import is_usable, unique_slug
from newsroom.text import safe_text

from ..models import Section

FALLBACKS = {Section: "section", Author: "author", Tag: "tag"}


@receiver(pre_save, sender=Section)
@receiver(pre_save, sender=Author)
@receiver(pre_save, sender=Tag)
def keep_name_and_slug_usable(sender, instance, raw=False, **kwargs):
    if raw:
        return  # fixtures load rows as they were dumped
    instance.name = safe_text(instance.name, multiline=False)
    if not instance.name:
        raise ValidationError("A name needs at least one visible character.")
    if not is_usable(instance.slug):
        instance.slug = unique_slug(sender, instance.name, fallback=FALLBACKS[sender], exclude_pk=instance.pk)
