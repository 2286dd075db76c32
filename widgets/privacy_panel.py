"""The privacy panel: what is held about a person, their choices, our notice, and the register.

A person sees, corrects, exports and withdraws their own data here, and gives or refuses
the optional purposes; an administrator (``privacy.manage``) opens it for anyone and keeps
the register of requests. Every button calls the privacy service, which checks the right,
audits the act and registers it with the law's due date; this panel only shows the answer.
A refusal is shown in plain words under the tabs and never closes the panel. Confirmation
and the file chooser are injectable, and the request form opens without blocking, so tests
and the idle lock can drive every path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.accounts.actors import Actor, Right
from app.accounts.roles import Role
from app.audit.text import printable
from app.privacy.consents import Purpose
from app.privacy.service import Overview, PrivacyService
from widgets.privacy_register import RegisterPage
from widgets.privacy_tables import REFUSALS, WARNING_STYLE, local_date, local_time, my_data_tables, text_table


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    """The default confirmation: a question whose default answer is No."""
    answer = QMessageBox.question(parent, title, text, defaultButton=QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def ask_save_path(parent: QWidget, title: str, suggested: Path) -> Path | None:
    """The default file chooser for the export; None when the person cancels."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), "JSON (*.json)")
    return Path(chosen) if chosen else None


class PrivacyPanel(QDialog):
    """The privacy panel of ``subject`` (None: the signed-in person), acting for ``actor``."""

    #: The signed-in person withdrew their own account: the window signs them out.
    withdrawn = Signal()

    def __init__(
        self,
        privacy: PrivacyService,
        actor: Actor,
        *,
        subject: str | None = None,
        language: str = "en",
        names: Callable[[], dict[str, str]] | None = None,
        confirm: Callable[[QWidget, str, str], bool] = ask_yes_no,
        choose_file: Callable[[QWidget, str, Path], Path | None] = ask_save_path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._privacy = privacy
        self._actor = actor
        own = subject is None or subject.strip().lower() == actor.display.lower()
        # One's own account is always named by the session, so correcting one's email keeps working.
        self._subject = None if own else subject
        self._own = own
        self._language = language
        self._confirm = confirm
        self._choose_file = choose_file
        self.overview_data: Overview | None = None
        self.setWindowTitle(self.tr("Privacy"))
        self.title = QLabel(objectName="siteTitle")
        self.message = QLabel(wordWrap=True, objectName="privacyMessage")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._data_tab(), self.tr("My data") if own else self.tr("Their data"))
        self.tabs.addTab(self._choices_tab(), self.tr("Choices"))
        self.tabs.addTab(self._notice_tab(), self.tr("Notice"))
        self.register: RegisterPage | None = None
        if actor.can(Right.MANAGE_PRIVACY):
            self.register = RegisterPage(privacy, actor, names, self)
            self.register.message.connect(self.message.setText)
            self.register.restored.connect(self.refresh)
            self.tabs.addTab(self.register, self.tr("Requests"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.resize(1000, 700)
        self.refresh()

    # Building the tabs

    def _data_tab(self) -> QWidget:
        self.email_edit = QLineEdit()
        self.organisation_edit = QLineEdit()
        self.save_button = QPushButton(self.tr("Save corrections"))
        editable = QFormLayout()
        editable.addRow(self.tr("Email"), self.email_edit)
        editable.addRow(self.tr("Organisation"), self.organisation_edit)
        editable.addRow("", self.save_button)
        names = {
            "role": self.tr("Role"),
            "sites": self.tr("Sites"),
            "status": self.tr("Status"),
            "second_factor": self.tr("Second factor"),
            "recovery_codes_left": self.tr("Recovery codes left"),
            "created": self.tr("Created"),
            "updated": self.tr("Last changed"),
            "last_sign_in": self.tr("Last sign-in"),
        }
        self.facts = {key: QLabel() for key in names}
        self.facts["sites"].setWordWrap(True)
        columns = QHBoxLayout()
        columns.addLayout(editable, 3)
        for keys in (
            ("role", "sites", "status", "second_factor"),
            ("recovery_codes_left", "created", "updated", "last_sign_in"),
        ):
            form = QFormLayout()
            for key in keys:
                form.addRow(names[key], self.facts[key])
            columns.addLayout(form, 2)
        profile = QGroupBox(self.tr("Profile"))
        profile.setLayout(columns)

        self.tables = my_data_tables(self)
        self.records = QTabWidget()
        for _key, _title, model in self.tables:
            self.records.addTab(text_table(model), "")

        self.export_button = QPushButton(self.tr("Download my data (JSON)…"))
        self.withdraw_button = QPushButton(
            self.tr("Withdraw and delete my account…")
            if self._own
            else self.tr("Withdraw and delete this account…")
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.withdraw_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(profile)
        layout.addWidget(self.records, 1)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save_corrections)
        self.export_button.clicked.connect(self.export)
        self.withdraw_button.clicked.connect(self.withdraw)
        return page

    def _choices_tab(self) -> QWidget:
        intro = QLabel(
            self.tr(
                "These purposes are optional: your work at the site does not depend on them, and each "
                "stays refused until you agree. You can change your mind at any time."
            ),
            wordWrap=True,
        )
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        self.consent_boxes: dict[Purpose, QCheckBox] = {}
        self.consent_times: dict[Purpose, QLabel] = {}
        for purpose in Purpose:
            box = QCheckBox(purpose.label)
            changed = QLabel(objectName="consentChanged")
            changed.setIndent(28)
            box.toggled.connect(lambda checked, p=purpose: self.set_consent(p, checked))
            self.consent_boxes[purpose] = box
            self.consent_times[purpose] = changed
            layout.addWidget(box)
            if purpose is Purpose.SMS_ALERTS:
                # The number is asked for with the agreement, kept only while it stands.
                self.sms_phone = QLineEdit(
                    placeholderText=self.tr("Phone for SMS alerts, e.g. +84 912 345 678")
                )
                self.sms_phone.setMaxLength(32)
                self.sms_phone.setMaximumWidth(self.sms_phone.fontMetrics().horizontalAdvance("M") * 28)
                self.sms_phone.setContentsMargins(24, 0, 0, 0)
                layout.addWidget(self.sms_phone)
            layout.addWidget(changed)
        layout.addStretch(1)
        return page

    def _notice_tab(self) -> QWidget:
        self.notice = QTextBrowser()
        self.notice.setOpenExternalLinks(True)
        self.notice.setMarkdown(self._privacy.notice(self._language))
        law = self._privacy.law
        contact = self._privacy.settings.contact or self.tr("the administrator of this site")
        self.contact_label = QLabel(printable(contact), wordWrap=True)
        self.law_label = QLabel(law.name_vi if self._language == "vi" else law.name, wordWrap=True)
        facts = QFormLayout()
        facts.addRow(self.tr("Contact"), self.contact_label)
        facts.addRow(self.tr("Law followed"), self.law_label)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.notice, 1)
        layout.addLayout(facts)
        warning = self._privacy.law_warning()
        self.law_warning = QLabel(warning or "", wordWrap=True, objectName="lawWarning")
        self.law_warning.setStyleSheet(WARNING_STYLE)
        self.law_warning.setVisible(warning is not None)
        layout.addWidget(self.law_warning)
        return page

    # Showing

    def refresh(self) -> None:
        """Read everything again from the service (each reading is audited as a view)."""
        try:
            self.overview_data = self._privacy.overview(self._actor, self._subject)
        except REFUSALS as exc:
            self.message.setText(self.tr("Cannot show the data: {why}").format(why=exc))
            self.overview_data = None
        else:
            self._show(self.overview_data)
        for tab in (0, 1):
            self.tabs.widget(tab).setEnabled(self.overview_data is not None)
        self.refresh_requests()

    def _show(self, overview: Overview) -> None:
        document: dict[str, Any] = overview.data.document
        account = document["account"]
        email = printable(account["email"])
        self.title.setText(
            self.tr("Your data: {email}").format(email=email)
            if self._own
            else self.tr("Data held about {email}").format(email=email)
        )
        self.email_edit.setText(email)
        self.organisation_edit.setText(printable(account["organisation"]))
        try:
            role = Role(account["role"]).label
        except ValueError:
            role = printable(account["role"])
        sites = account["sites"]
        status = account["status"]
        texts = {
            "active": self.tr("active"),
            "disabled": self.tr("disabled"),
            "withdrawn": self.tr("withdrawn"),
        }
        status_text = texts.get(status, printable(status))
        if overview.deletion_due_ms is not None:
            status_text = self.tr("{status}: deleted for good on {date}").format(
                status=status_text, date=local_date(overview.deletion_due_ms)
            )
        self.facts["role"].setText(role)
        self.facts["sites"].setText(self.tr("All sites") if sites is None else printable(", ".join(sites)))
        self.facts["status"].setText(status_text)
        self.facts["second_factor"].setText(self.tr("yes") if account["second_factor"] else self.tr("no"))
        self.facts["recovery_codes_left"].setText(str(account["recovery_codes_left"]))
        for key in ("created", "updated", "last_sign_in"):
            self.facts[key].setText(local_time(account[key]) or self.tr("never"))
        self.withdraw_button.setEnabled(status != "withdrawn")
        for tab, (key, title, model) in enumerate(self.tables):
            rows = list(reversed(document[key]))  # newest first
            model.refresh(rows)
            self.records.setTabText(tab, title.format(count=len(rows)))
        self.sms_phone.setText(account["phone"] or "")
        self.sms_phone.setReadOnly(account["phone"] is not None)  # refuse SMS alerts to change or drop it
        last_changed: dict[str, dict[str, Any]] = {c["purpose"]: c for c in document["consents"]}
        for purpose, box in self.consent_boxes.items():
            with QSignalBlocker(box):
                box.setChecked(overview.consents[purpose])
            entry = last_changed.get(purpose.value)
            self.consent_times[purpose].setText(
                self.tr("Never answered: refused.")
                if entry is None
                else self.tr("{answer} on {time} by {who}").format(
                    answer=self.tr("Agreed") if entry["granted"] else self.tr("Refused"),
                    time=local_time(entry["at"]),
                    who=printable(str(entry["recorded_by"])),
                )
            )

    def show_requests(self) -> None:
        """Open on the register of requests (the Administration menu's entry); ignored without the right."""
        if self.register is not None:
            self.tabs.setCurrentWidget(self.register)

    def refresh_requests(self) -> None:
        if self.register is not None:
            self.register.refresh()

    def _tab_shown(self, index: int) -> None:
        if self.register is not None and self.tabs.widget(index) is self.register:
            self.register.refresh()

    # Acting on the data

    def _act(self, work: Callable[[], object], done: str) -> bool:
        """Run ``work``; show ``done`` or the refusal in plain words. Whether it was done."""
        try:
            work()
        except REFUSALS as exc:
            self.message.setText(self.tr("Not done: {why}").format(why=exc))
            return False
        self.message.setText(done)
        return True

    def save_corrections(self) -> None:
        """Send only the fields the person changed: a field shown escaped is not sent back as such."""
        account = self.overview_data.data.document["account"] if self.overview_data else None
        if account is None:
            return
        email = self.email_edit.text()
        organisation = self.organisation_edit.text()
        new_email = None if email == printable(account["email"]) else email
        new_organisation = None if organisation == printable(account["organisation"]) else organisation
        result: dict[str, str] = {}

        def correct() -> None:
            fresh = self._privacy.correct(
                self._actor, email=self._subject, new_email=new_email, organisation=new_organisation
            )
            result["email"] = fresh.email

        if self._act(correct, self.tr("Corrections saved.")):
            if self._subject is not None:  # an administrator follows the account to its new email
                self._subject = result["email"]
            self.refresh()

    def export(self) -> None:
        suggested = Path.home() / "wattkeeper-my-data.json"
        path = self._choose_file(self, self.tr("Download my data"), suggested)
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> bool:
        """Write the document to ``path``; the line under the tabs says where it went."""
        done = self._act(
            lambda: self._privacy.export(self._actor, path, self._subject),
            self.tr("Saved the data to {path}.").format(path=printable(str(path))),
        )
        if done:
            self.refresh_requests()
        return done

    def withdraw(self) -> None:
        """Ask in plain words, then withdraw; after one's own withdrawal, ``withdrawn`` is emitted."""
        days = self._privacy.settings.deletion_days
        if self._own:
            text = self.tr(
                "Your account is disabled at once and deleted for good after {days} days; an administrator "
                "can restore it until then. You are signed out now. Withdraw your account?"
            ).format(days=days)
        else:
            text = self.tr(
                "The account {email} is disabled at once and deleted for good after {days} days; an "
                "administrator can restore it until then. Withdraw it?"
            ).format(email=printable(self._subject or ""), days=days)
        if not self._confirm(self, self.tr("Withdraw and delete"), text):
            return
        due: dict[str, int] = {}

        def work() -> None:
            due["ms"] = self._privacy.withdraw(self._actor, self._subject)

        if self._act(work, ""):
            self.refresh()
            self.message.setText(
                self.tr("Withdrawn: the account is deleted for good on {date}.").format(
                    date=local_date(due["ms"])
                )
            )
            if self._own:
                self.withdrawn.emit()

    def set_consent(self, purpose: Purpose, granted: bool) -> None:
        """Record the answer; on a refusal the box goes back to what is recorded."""
        done = self.tr("Recorded: {purpose}: {answer}.").format(
            purpose=purpose.label, answer=self.tr("agreed") if granted else self.tr("refused")
        )
        phone = self.sms_phone.text() if purpose is Purpose.SMS_ALERTS and granted else None
        if self._act(
            lambda: self._privacy.set_consent(self._actor, purpose, granted, self._subject, phone=phone), done
        ):
            self.refresh()
        else:
            with QSignalBlocker(self.consent_boxes[purpose]):
                self.consent_boxes[purpose].setChecked(not granted)
