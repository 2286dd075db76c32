"""The window's session life: first run, sign-in, second factor, idle lock, hand-over, and the menus.

The Account menu serves everyone signed in (privacy panel, password, second factor, lock,
switch user, sign out); the Administration menu shows only what the account's rights allow
— the services refuse the rest anyway. For administrators the window checks the audit
chain and the privacy register when they sign in and says what needs them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu

from app.accounts.actors import Right
from app.accounts.roles import Role
from app.accounts.service import Session
from widgets.background import run_in_background
from widgets.enrolment_dialog import EnrolmentDialog
from widgets.first_run import FirstRunDialog
from widgets.idle_watch import IdleWatch
from widgets.password_dialog import PasswordDialog

if TYPE_CHECKING:
    from widgets.main_window import MainWindow

#: How often an open session checks that its account is still enabled (another workstation may disable it).
SESSION_CHECK_MS = 30_000


class SessionMenus(QObject):
    def __init__(self, window: MainWindow, idle_minutes: float) -> None:
        super().__init__(window)
        self._window = window
        self._accounts = window.people.accounts
        self.idle = IdleWatch(idle_minutes, self)
        self.idle.idle.connect(lambda: window.lock(why="idle"))
        self._check = QTimer(self)
        self._check.setInterval(SESSION_CHECK_MS)
        self._check.timeout.connect(self._check_session)
        self.dialog: QDialog | None = None
        window.lock_screen.form.signed_in.connect(self.accept_session)
        self._build_menus()
        if not self._accounts.has_accounts():
            QTimer.singleShot(0, self.first_run)

    def _build_menus(self) -> None:
        window = self._window
        bar = window.menuBar()
        account = QMenu(self.tr("&Account"), bar)
        self.privacy_action = QAction(self.tr("My data and privacy…"), window)
        self.password_action = QAction(self.tr("Change password…"), window)
        self.factor_action = QAction(self.tr("Second factor…"), window)
        self.lock_action = QAction(self.tr("Lock"), window)
        self.lock_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_L))
        self.switch_action = QAction(self.tr("Switch user…"), window)
        self.switch_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_L))
        self.sign_out_action = QAction(self.tr("Sign out"), window)
        for action in (self.privacy_action, self.password_action, self.factor_action):
            account.addAction(action)
        account.addSeparator()
        for action in (self.lock_action, self.switch_action, self.sign_out_action):
            account.addAction(action)
            window.addAction(action)  # the shortcuts work wherever the focus is
        admin = QMenu(self.tr("A&dministration"), bar)
        self.users_action = QAction(self.tr("Users…"), window)
        self.audit_action = QAction(self.tr("Audit trail…"), window)
        self.requests_action = QAction(self.tr("Privacy requests…"), window)
        self.alerts_action = QAction(self.tr("Alerts: outbox and test messages…"), window)
        for action in (self.users_action, self.audit_action, self.requests_action, self.alerts_action):
            admin.addAction(action)
        reports = QMenu(self.tr("&Reports"), bar)
        self.report_action = QAction(self.tr("New report…"), window)
        self.report_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_R))
        reports.addAction(self.report_action)
        window.addAction(self.report_action)
        self.reports_menu = bar.addMenu(reports)
        bar.addMenu(account)
        self.admin_menu = bar.addMenu(admin)
        self.report_action.triggered.connect(self.open_report)
        self.privacy_action.triggered.connect(self.open_privacy)
        self.password_action.triggered.connect(self.open_password)
        self.factor_action.triggered.connect(self.open_enrolment)
        self.lock_action.triggered.connect(lambda: window.lock(why="locked by the user"))
        self.switch_action.triggered.connect(lambda: window.lock(why="switch user"))
        self.sign_out_action.triggered.connect(lambda: window.lock(why="sign-out", title=self.tr("Sign in")))
        self.users_action.triggered.connect(self.open_users)
        self.audit_action.triggered.connect(self.open_audit)
        self.requests_action.triggered.connect(lambda: self.open_privacy(requests=True))
        self.alerts_action.triggered.connect(self.open_alerts)

    # States

    def signed_out(self) -> None:
        self.idle.stop()
        self._check.stop()
        self._close_dialog()
        for action in (
            self.privacy_action,
            self.password_action,
            self.factor_action,
            self.lock_action,
            self.switch_action,
            self.sign_out_action,
            self.report_action,
        ):
            action.setEnabled(False)
        self.admin_menu.setVisible(False)
        self.reports_menu.setVisible(False)

    def signed_in(self, session: Session) -> None:
        actor = session.actor
        for action in (
            self.privacy_action,
            self.password_action,
            self.factor_action,
            self.lock_action,
            self.switch_action,
            self.sign_out_action,
        ):
            action.setEnabled(True)
        self.report_action.setEnabled(actor.can(Right.RUN_REPORTS))
        self.reports_menu.setVisible(actor.can(Right.RUN_REPORTS))
        self.users_action.setVisible(actor.can(Right.MANAGE_USERS))
        self.audit_action.setVisible(actor.can(Right.VIEW_AUDIT))
        self.requests_action.setVisible(actor.can(Right.MANAGE_PRIVACY))
        self.alerts_action.setVisible(
            self._window.alerts is not None and (actor.can(Right.VIEW_AUDIT) or actor.can(Right.CONFIGURE))
        )
        admin_actions = (self.users_action, self.audit_action, self.requests_action, self.alerts_action)
        self.admin_menu.setVisible(any(a.isVisible() for a in admin_actions))
        self.idle.start()
        self._check.start()
        if actor.can(Right.VIEW_AUDIT):
            self._check_trail(session)

    def accept_session(self, session: Session) -> None:
        """A sign-in succeeded; a role that needs a second factor sets it up before anything else."""
        if not session.needs_enrolment:
            self._window.unlock(session)
            return
        dialog = EnrolmentDialog(self._accounts, session, self._window)
        self._show(dialog)

        def finished(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                self._window.unlock(dialog.session)
            else:
                self._accounts.sign_out(session, why="second factor not set up")
                self._window.lock_screen.form.message.setText(
                    self.tr("Your role needs a second factor: set it up to sign in.")
                )

        dialog.finished.connect(finished)

    def first_run(self) -> None:
        if self._accounts.has_accounts():
            return
        dialog = FirstRunDialog(self._accounts, self._window)
        self._show(dialog)
        dialog.finished.connect(
            lambda result: (
                self.accept_session(dialog.session)
                if result == QDialog.DialogCode.Accepted and dialog.session is not None
                else None
            )
        )

    # Dialogs

    def _show(self, dialog: QDialog) -> None:
        self._close_dialog()
        self.dialog = dialog
        dialog.setModal(True)
        dialog.open()

    def _close_dialog(self) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.reject()
        self.dialog = None

    def open_privacy(self, *, requests: bool = False) -> None:
        from widgets.privacy_panel import PrivacyPanel

        session = self._window.session
        if session is None:
            return
        panel = PrivacyPanel(
            self._window.people.privacy, session.actor, names=self._accounts.names, parent=self._window
        )
        if requests:
            panel.show_requests()
        panel.withdrawn.connect(lambda: self._window.lock(why="withdrawn", title=self.tr("Sign in")))
        self._show(panel)

    def open_password(self) -> None:
        session = self._window.session
        if session is not None:
            self._show(PasswordDialog(self._accounts, session, self._window))

    def open_enrolment(self) -> None:
        session = self._window.session
        if session is not None:
            dialog = EnrolmentDialog(self._accounts, session, self._window)
            dialog.accepted.connect(lambda: self._window.unlock(dialog.session))
            self._show(dialog)

    def open_users(self) -> None:
        from widgets.users_dialog import UsersDialog

        session = self._window.session
        if session is not None:
            self._show(UsersDialog(self._accounts, session.actor, self._window))

    def open_report(self) -> None:
        from widgets.report_dialog import ReportDialog

        session = self._window.session
        if session is not None and session.actor.can(Right.RUN_REPORTS):
            folder = Path(platformdirs.user_documents_dir())
            self._show(
                ReportDialog(
                    self._window.people.trail, self._window.config, session.actor, folder, self._window
                )
            )

    def open_audit(self) -> None:
        from widgets.audit_viewer import AuditViewer

        session = self._window.session
        if session is not None:
            self._show(
                AuditViewer(self._window.people.trail, self._accounts.names, session.actor, self._window)
            )

    def open_alerts(self) -> None:
        from widgets.alert_outbox import AlertOutboxDialog

        session = self._window.session
        if session is not None and self._window.alerts is not None:
            self._show(
                AlertOutboxDialog(self._window.alerts, session.actor, self._accounts.names, self._window)
            )

    # Checks

    def _check_session(self) -> None:
        session = self._window.session
        if session is not None and not self._accounts.session_valid(session):
            self._window.lock(why="account disabled", title=self.tr("Your account was disabled"))

    def _check_trail(self, session: Session) -> None:
        """For administrators: is the audit chain intact, and is any privacy request overdue?"""
        people = self._window.people

        def work() -> list[str]:
            notes = []
            result = people.trail.verify()
            if not result.intact:
                first = result.problems[0]
                notes.append(
                    self.tr("The audit trail is broken at record {seq}: {problem}").format(
                        seq=first.seq, problem=first.text
                    )
                )
            if session.actor.can(Right.MANAGE_PRIVACY):
                late = people.privacy.overdue(session.actor)
                if late:
                    notes.append(self.tr("{count} privacy requests are overdue.").format(count=len(late)))
            return notes

        def done(result: object) -> None:
            if self._window.session is not session:
                return
            if isinstance(result, Exception):
                result = [self.tr("The audit trail cannot be checked: {problem}").format(problem=result)]
            notes = result if isinstance(result, list) else []
            self._window.admin_banner.setText("  ".join(notes))
            self._window.admin_banner.setVisible(bool(notes))

        run_in_background(work, done, self)


def role_label(role: str | None) -> str:
    return Role(role).label if role in Role.__members__.values() else ""
