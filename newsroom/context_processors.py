from django.conf import settings


def site(request):
    """Site-wide values every public template needs: name and the "Connect with us" links."""
    return {
        "site_name": settings.SITE_NAME,
        "topics_label": settings.TOPICS_LABEL,
        "social_links": settings.SOCIAL_LINKS,
    }
