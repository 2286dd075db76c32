"""Our privacy notice, in English or Vietnamese, filled in with what this site has set."""

from __future__ import annotations

from importlib import resources

from app.i18n import translate
from app.privacy.laws import law
from app.site.people_settings import PrivacySettings

LANGUAGES = ("en", "vi")


def notice(settings: PrivacySettings, language: str = "en") -> str:
    """The notice as Markdown, with the site's contact, law and retention periods in it."""
    language = language if language in LANGUAGES else "en"
    text = resources.files("resources").joinpath(f"privacy/notice.{language}.md").read_text(encoding="utf-8")
    followed = law(settings.law)
    contact = settings.contact or translate("Privacy", "the administrator of this site")
    return text.format(
        contact=contact,
        law=followed.name_vi if language == "vi" else followed.name,
        deletion_days=settings.deletion_days,
        inquiry_days=settings.inquiry_days,
        audit_detail_days=settings.audit_detail_days,
    )
