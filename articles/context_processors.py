from .models import Section


def navigation(request):
    """Sections for the site menu. Lazy: pages that never show the menu never query it."""
    return {"nav_sections": Section.objects.only("name", "slug")}
