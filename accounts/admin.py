from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models

from accounts.models import Author, AuthorLink, User
from articles.core.images import CHECKED_IMAGES


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    pass


class AuthorLinkInline(admin.TabularInline):
    model = AuthorLink
    # A pasted address without a scheme means https (Django 6's default; said now to keep it quiet).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    extra = 0


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user"]
    search_fields = ["name", "job_title"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    inlines = [AuthorLinkInline]
    formfield_overrides = CHECKED_IMAGES
