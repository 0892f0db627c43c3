from django.contrib.admin.apps import AdminConfig


class DeskAdminConfig(AdminConfig):
    """Django's admin, with the newsroom's own site: its index is the editorial overview."""

    default_site = "newsroom.admin_site.DeskAdminSite"
