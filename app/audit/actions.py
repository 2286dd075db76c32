"""Every kind of audit record, named once: the viewer filters by these and tests list them."""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    TRAIL_STARTED = "audit.started"
    TRAIL_EXPORTED = "audit.exported"
    TRAIL_VERIFIED = "audit.verified"
    DETAILS_PURGED = "audit.details_purged"

    SIGN_IN = "auth.sign_in"
    SIGN_IN_FAILED = "auth.sign_in_failed"
    THROTTLED = "auth.throttled"
    SIGN_OUT = "auth.sign_out"
    PASSWORD_CHANGED = "auth.password_changed"
    RIGHT_REFUSED = "auth.refused"

    USER_CREATED = "user.created"
    USER_DISABLED = "user.disabled"
    USER_ENABLED = "user.enabled"
    USER_UNLOCKED = "user.unlocked"
    USER_ROLE_CHANGED = "user.role_changed"
    USER_PASSWORD_SET = "user.password_set"
    MFA_ENROLLED = "user.mfa_enrolled"
    MFA_RESET = "user.mfa_reset"
    RECOVERY_CODES_NEW = "user.recovery_codes_renewed"
    RECOVERY_CODE_USED = "user.recovery_code_used"
    MFA_POLICY = "user.mfa_policy_changed"

    CONFIG_CHANGED = "config.changed"
    DEVICE_ADDED = "config.device_added"
    DEVICE_CHANGED = "config.device_changed"
    DEVICE_REMOVED = "config.device_removed"
    GATEWAY_ADDED = "config.gateway_added"
    GATEWAY_CHANGED = "config.gateway_changed"
    GATEWAY_REMOVED = "config.gateway_removed"
    SECRET_SET = "secret.set"
    SECRET_REMOVED = "secret.removed"

    ALARM_ACTION = "alarm.action"
    ALERT_SENT = "alert.sent"
    ALERT_FAILED = "alert.failed"
    ALERT_HELD = "alert.held"
    ALERT_TEST = "alert.test"
    ALERT_REPLY = "alert.reply"

    REPORT_GENERATED = "report.generated"
    DATA_EXPORTED = "data.exported"

    REQUEST_RECEIVED = "privacy.request_received"
    REQUEST_ACKNOWLEDGED = "privacy.request_acknowledged"
    REQUEST_DONE = "privacy.request_done"
    MY_DATA_VIEWED = "privacy.viewed"
    MY_DATA_EXPORTED = "privacy.exported"
    PROFILE_CORRECTED = "privacy.corrected"
    CONSENT_CHANGED = "privacy.consent_changed"
    WITHDRAWN = "privacy.withdrawn"
    RESTORED = "privacy.restored"
    ACCOUNT_ERASED = "privacy.account_erased"
    RETENTION_RUN = "privacy.retention_run"
    INQUIRY_ADDED = "privacy.inquiry_added"
    CONTACT_ADDED = "privacy.contact_added"
    CONTACT_ENDED = "privacy.contact_ended"

    BACKUP = "database.backup"
    RESTORE = "database.restored"
    REKEY = "database.rekeyed"
    RETENTION_CHANGED = "database.retention_changed"
    WRONG_KEY = "database.wrong_key"
