"""The site file's ``[accounts]`` and ``[privacy]`` sections: sessions, the law, contacts, periods.

```toml
[accounts]
idle_lock_minutes = 15            # the window locks after this long without input
second_factor_roles = ["admin"]   # roles that must sign in with a second factor, until an
                                  # administrator changes it ('wattkeeper users require-mfa')

[privacy]
law = "vn-pdpl"                   # or "eu-gdpr": sets the due dates of data-subject requests
contact = "dpo@plant.example"     # who handles privacy questions at this site
deletion_days = 90                # withdrawn accounts are hard-deleted after this long
inquiry_days = 90                 # support and quote inquiries are purged after this long
audit_detail_days = 365           # audit records keep their details (typed text, workstation) this long
```
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from app.site.strict_model import Strict

Days = Annotated[int, Field(ge=1, le=36_500)]


RoleName = Literal["admin", "engineer", "operator", "viewer"]


class AccountSettings(Strict):
    idle_lock_minutes: Annotated[float, Field(gt=0, le=24 * 60)] = 15
    second_factor_roles: list[RoleName] = Field(default_factory=lambda: ["admin"])


class PrivacySettings(Strict):
    law: Literal["vn-pdpl", "eu-gdpr"] = "vn-pdpl"
    contact: str = ""
    deletion_days: Days = 90
    inquiry_days: Days = 90
    audit_detail_days: Days = 365
