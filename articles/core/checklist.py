"""What a reader would miss: the checks an article must pass before it can be published or scheduled."""

from dataclasses import dataclass

from django.utils.html import strip_tags

DEK_MAX_LENGTH = 300


@dataclass(frozen=True)
class Check:
    label: str
    passed: bool


def checklist(article):
    """Every check, passed or not, in the order the desk reads them."""
    dek = article.dek.strip()
    has_image = article.lead_image_id is not None
    return [
        Check("a headline", bool(article.headline.strip())),
        Check("a section", article.section_id is not None),
        Check("at least one byline", article.pk is not None and article.bylines.exists()),
        Check("a body", bool(strip_tags(article.body).strip())),
        Check("alt text for the lead image", not has_image or bool(article.lead_alt.strip())),
        Check(
            f"a standfirst of at most {DEK_MAX_LENGTH} characters"
            + (f" (it has {len(dek)})" if len(dek) > DEK_MAX_LENGTH else ""),
            0 < len(dek) <= DEK_MAX_LENGTH,
        ),
    ]


def missing_for_publication(article):
    return [check.label for check in checklist(article) if not check.passed]
