from django.conf import settings
from django.contrib import admin


class DeskAdminSite(admin.AdminSite):
    site_header = f"{settings.SITE_NAME} desk"
    site_title = f"{settings.SITE_NAME} desk"
    index_title = "Editorial desk"
    index_template = "admin/desk_index.html"
    # The desk's own index and breadcrumbs lead everywhere; the side menu took a fifth of a laptop's
    # width from the body editor and the article list.
    enable_nav_sidebar = False

    def index(self, request, extra_context=None):
        # Imported here: the admin site is built before the apps' models are ready.
        from articles.desk.dashboard import desk_mentions, desk_overview

        context = {
            "desk": desk_overview(request.user),
            "mentions": desk_mentions(request.user),
            **(extra_context or {}),
        }
        return super().index(request, context)
