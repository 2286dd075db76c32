"""Adding, editing and removing gateways and devices without opening the site file.

Each dialog turns its fields into the site file's next text (``app/site/site_edits.py``,
comments and layout kept) and checks it with the same models as the file itself at every
change, so a problem is shown where it is before anything is saved. *Test connection*
reads the device as it is being set up, again every second until stopped, on the
thread pool. Saving goes through ``app/pipeline/site_setup.py``: the right to configure,
the write, the hot reload of only the changed devices, the audit record.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QRegularExpression, QTimer, Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.accounts.actors import Actor
from app.audit.actions import Action
from app.pipeline.connection_test import test_device
from app.pipeline.runtime import Applied, Runtime
from app.pipeline.site_setup import Change, check_site, save_site
from app.site.config import ConfigError, parse_site
from app.site.gateways import (
    ModbusDevice,
    ModbusRtuGateway,
    ModbusRtuOverTcpGateway,
    ModbusTcpGateway,
    ModbusTlsGateway,
    MqttDevice,
    MqttGateway,
)
from app.site.site_edits import (
    device_text,
    gateway_text,
    put_device,
    put_gateway,
    remove_device,
    remove_gateway,
)
from drivers.profiles import builtin_profiles
from widgets.background import run_in_background
from widgets.connection_test import ProbeView

#: Ids as the site file takes them.
ID_PATTERN = QRegularExpression("[a-z0-9][a-z0-9_-]{0,63}")
TEST_EVERY_MS = 1000
GATEWAY_MODELS = {
    "modbus-tcp": ModbusTcpGateway,
    "modbus-tls": ModbusTlsGateway,
    "modbus-rtu-over-tcp": ModbusRtuOverTcpGateway,
    "modbus-rtu": ModbusRtuGateway,
    "mqtt": MqttGateway,
}


def _foreign(keep: Iterable[str], *models: Any) -> dict[str, None]:
    """Keys the other protocols' models take and this one does not: removed when changing over."""
    kept = set(keep)
    return {key: None for model in models for key in model.model_fields if key not in kept}


class _SetupDialog(QDialog):
    """What both dialogs share: the problems of the text being made, saving it, removing."""

    #: What the save did, once in force.
    saved = Signal(object)

    def __init__(self, runtime: Runtime, actor: Actor, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.runtime = runtime
        self.actor = actor
        self.applied: Applied | None = None
        self.problems = QLabel(objectName="problems", wordWrap=True)
        self.problems.hide()
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(
            self.tr("Save and apply"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setDefault(True)
        self.remove_button = self.buttons.addButton(
            self.tr("Remove…"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.remove_button.hide()
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self.remove_button.clicked.connect(self.remove)

    def change(self) -> tuple[str, Change]:
        raise NotImplementedError

    def removal(self) -> tuple[str, Change, str]:
        """The text without this gateway or device, the change, and the question to confirm it."""
        raise NotImplementedError

    def check(self) -> list[str]:
        """Show the problems of the text the fields make (none: it can be saved)."""
        try:
            text, _change = self.change()
        except ValueError as exc:
            problems = [str(exc)]
        else:
            problems = check_site(self.runtime, text)
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        self.save_button.setEnabled(not problems)
        return problems

    def save(self) -> None:
        if not self.check():
            self._put(*self.change())

    def remove(self) -> None:
        text, change, question = self.removal()
        problems = check_site(self.runtime, text)
        if problems:
            self.problems.setText(
                self.tr("It cannot be removed while the site file still names it:\n{problems}").format(
                    problems="\n".join(problems)
                )
            )
            self.problems.show()
            return
        answer = QMessageBox.question(self, self.windowTitle(), question)
        if answer == QMessageBox.StandardButton.Yes:
            self._put(text, change)

    def _put(self, text: str, change: Change) -> None:
        self.buttons.setEnabled(False)
        self.problems.setText(self.tr("Saving and applying…"))
        self.problems.show()
        run_in_background(lambda: save_site(self.runtime, self.actor, text, change), self._done, self)

    def _done(self, result: object) -> None:
        self.buttons.setEnabled(True)
        if isinstance(result, Exception):
            self.problems.setText(self.tr("Not saved: {problem}").format(problem=result))
            self.problems.show()
            return
        self.applied = result  # type: ignore[assignment]
        self.saved.emit(result)
        self.accept()

    def _layout(self, *widgets: QWidget) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problems)
        for widget in widgets:
            layout.addWidget(widget)
        layout.addWidget(self.buttons)

    def _watch(self, *fields: QWidget) -> None:
        for field in fields:
            for signal in ("textChanged", "valueChanged", "currentIndexChanged", "toggled"):
                if hasattr(field, signal):
                    getattr(field, signal).connect(self.check)
                    break


class DeviceDialog(_SetupDialog):
    """A device behind one of the site's gateways: which one, its id, profile and timing."""

    def __init__(
        self,
        runtime: Runtime,
        actor: Actor,
        device_path: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runtime, actor, parent)
        config = runtime.config
        self.was: tuple[str, str, str] | None = None  # site, gateway, device
        current: ModbusDevice | MqttDevice | None = None
        for site, gateway, device in config.devices():
            if f"{site.id}/{device.id}" == device_path:
                self.was, current = (site.id, gateway.id, device.id), device
        self._profile_wanted = current.profile if current is not None else None
        self._own_points = len(current.points) if current is not None else 0
        self.setWindowTitle(
            self.tr("Edit device {device}").format(device=device_path) if current else self.tr("Add a device")
        )
        self.resize(620, 640)
        self.gateway = QComboBox()
        self._protocols: dict[str, str] = {}  # by site/gateway
        for site in config.file.sites:
            if self.was is not None and site.id != self.was[0]:
                continue  # a device moves between the gateways of its site only
            for gw in site.gateways:
                label = self.tr("{site} · {gateway} ({protocol})").format(
                    site=site.name or site.id, gateway=gw.name or gw.id, protocol=gw.protocol
                )
                self.gateway.addItem(label, f"{site.id}/{gw.id}")
                self._protocols[f"{site.id}/{gw.id}"] = gw.protocol
        self.device_id = QLineEdit(placeholderText=self.tr("e.g. feeder-3 (lower case, digits, - and _)"))
        self.device_id.setValidator(QRegularExpressionValidator(ID_PATTERN, self))
        self.name = QLineEdit(placeholderText=self.tr("What operators call it, e.g. Feeder 3 meter"))
        self.profile = QComboBox()
        self.interval = QDoubleSpinBox(decimals=1, minimum=0.1, maximum=86_400.0, value=1.0, suffix=" s")
        self.unit_id = QSpinBox(minimum=0, maximum=255, value=1)
        self.topic = QLineEdit()
        self.silence = QDoubleSpinBox(decimals=1, minimum=0.1, maximum=86_400.0, value=5.0, suffix=" s")
        self.form.addRow(self.tr("Gateway"), self.gateway)
        self.form.addRow(self.tr("Id"), self.device_id)
        self.form.addRow(self.tr("Name"), self.name)
        self.form.addRow(self.tr("Profile"), self.profile)
        self.form.addRow(self.tr("Expected every"), self.interval)
        self.form.addRow(self.tr("Modbus unit id"), self.unit_id)
        self.form.addRow(self.tr("MQTT topic"), self.topic)
        self.form.addRow(self.tr("Silent for longer than this: lost"), self.silence)
        self.test_button = QPushButton(self.tr("Test connection"), checkable=True)
        self.test_button.setShortcut(QKeySequence("Ctrl+T"))
        self.test_button.toggled.connect(self._test_toggled)
        self.probe = ProbeView()
        self.probe.hide()
        self.tests = 0
        self._testing = False
        self._layout(self.test_button, self.probe)
        if current is not None:
            self._fill(current)
        self._gateway_changed()
        self.gateway.currentIndexChanged.connect(self._gateway_changed)
        self._watch(
            self.device_id, self.name, self.profile, self.interval, self.unit_id, self.topic, self.silence
        )
        self.check()

    def _fill(self, device: ModbusDevice | MqttDevice) -> None:
        assert self.was is not None
        self.gateway.setCurrentIndex(self.gateway.findData(f"{self.was[0]}/{self.was[1]}"))
        self.device_id.setText(device.id)
        self.device_id.setReadOnly(True)
        self.device_id.setToolTip(
            self.tr("The history is kept under this id; to use another, add a new device.")
        )
        self.name.setText(device.name)
        self.interval.setValue(device.interval_s)
        if isinstance(device, ModbusDevice):
            self.unit_id.setValue(device.unit_id)
        else:
            self.topic.setText(device.topic or "")
            self.silence.setValue(device.silence_s)
        self.remove_button.show()

    @property
    def _mqtt(self) -> bool:
        return self._protocols.get(self.gateway.currentData()) == "mqtt"

    def _gateway_changed(self) -> None:
        """Profiles of the gateway's protocol; the rows that protocol uses."""
        wanted = self.profile.currentData() if self.profile.count() else self._profile_wanted
        self.profile.blockSignals(True)
        self.profile.clear()
        self.profile.addItem(self.tr("None: points listed in the site file"), None)
        protocol = "mqtt" if self._mqtt else "modbus"
        for profile in builtin_profiles().values():
            if profile.protocol == protocol:
                self.profile.addItem(self.tr("{name} ({count} points)").format(
                    name=profile.name, count=len(profile.points)), profile.id)  # fmt: skip
        self.profile.setCurrentIndex(max(self.profile.findData(wanted), 0))
        self.profile.blockSignals(False)
        self.form.setRowVisible(self.unit_id, not self._mqtt)
        for field in (self.topic, self.silence):
            self.form.setRowVisible(field, self._mqtt)
        if self.was is None and not self._mqtt:
            self.unit_id.setValue(self._free_unit_id())
        self.check()

    def _free_unit_id(self) -> int:
        """A new device's unit id: the lowest from 1 not yet used on its gateway."""
        chosen = self.gateway.currentData()
        used = {
            d.unit_id
            for s, g, d in self.runtime.config.devices()
            if f"{s.id}/{g.id}" == chosen and isinstance(d, ModbusDevice)
        }
        return next((unit for unit in range(1, 256) if unit not in used), 1)

    def values(self) -> dict[str, Any]:
        if not self.device_id.text():
            raise ValueError(self.tr("Give the device an id."))
        if self.profile.currentData() is None and not self._own_points:
            raise ValueError(
                self.tr("Choose its profile: without one, its points are listed in the site file.")
            )
        values: dict[str, Any] = {
            "id": self.device_id.text(),
            "name": self.name.text().strip() or None,
            "profile": self.profile.currentData(),
            "interval_s": round(self.interval.value(), 1),
        }
        if self._mqtt:
            values |= {
                "topic": self.topic.text().strip() or None,
                "silence_s": round(self.silence.value(), 1),
            }
            return values | _foreign(MqttDevice.model_fields, ModbusDevice)
        return values | {"unit_id": self.unit_id.value()} | _foreign(ModbusDevice.model_fields, MqttDevice)

    def change(self) -> tuple[str, Change]:
        if self.gateway.currentData() is None:
            raise ValueError(self.tr("Add a gateway first: the device is read through it."))
        site, gateway = self.gateway.currentData().split("/")
        text = self.runtime.config.text
        values = self.values()
        was = (self.was[1], self.was[2]) if self.was is not None else None
        made = put_device(text, site, gateway, values, was=was)
        target = f"{site}/{values['id']}"
        before = device_text(text, site, values["id"]) if was else ""
        action = Action.DEVICE_CHANGED if was else Action.DEVICE_ADDED
        return made, Change(action, target, before, device_text(made, site, values["id"]))

    def removal(self) -> tuple[str, Change, str]:
        assert self.was is not None
        site, gateway, device = self.was
        text = self.runtime.config.text
        change = Change(Action.DEVICE_REMOVED, f"{site}/{device}", device_text(text, site, device), "")
        question = self.tr(
            "Remove {device} from the site file? It is no longer read; its history is kept."
        ).format(device=f"{site}/{device}")
        return remove_device(text, site, gateway, device), change, question

    # Test connection

    def _test_toggled(self, on: bool) -> None:
        self.test_button.setText(self.tr("Stop the test") if on else self.tr("Test connection"))
        if on:
            self.probe.show()
            self.probe.status.setText(self.tr("Testing…"))
            self._test_once()

    def _test_once(self) -> None:
        if not self.test_button.isChecked() or self._testing:
            return
        try:
            text, change = self.change()
            path = self.runtime.config.path
            config = parse_site(text, str(path) if path else "site file", path)
        except (ValueError, ConfigError) as exc:  # what is typed cannot be tested yet: say why
            self.probe.show_result(exc)
            self.test_button.setChecked(False)
            return
        self._testing = True
        run_in_background(lambda: test_device(config, change.target), self._tested, self)

    def _tested(self, result: object) -> None:
        self._testing = False
        self.tests += 1
        self.probe.show_result(result)
        if self.test_button.isChecked() and self.isVisible():
            QTimer.singleShot(TEST_EVERY_MS, self._test_once)

    def done(self, result: int) -> None:
        self.test_button.setChecked(False)
        super().done(result)


class GatewayDialog(_SetupDialog):
    """A way into the field: its protocol and the settings that protocol needs."""

    def __init__(
        self,
        runtime: Runtime,
        actor: Actor,
        gateway_path: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runtime, actor, parent)
        config = runtime.config
        self.was: tuple[str, str] | None = None
        current = None
        for site in config.file.sites:
            for gw in site.gateways:
                if f"{site.id}/{gw.id}" == gateway_path:
                    self.was, current = (site.id, gw.id), gw
        self.devices = len(current.devices) if current is not None else 0
        self.setWindowTitle(
            self.tr("Edit gateway {gateway}").format(gateway=gateway_path)
            if current
            else self.tr("Add a gateway")
        )
        self.resize(560, 560)
        self.site = QComboBox()
        for site in config.file.sites:
            self.site.addItem(site.name or site.id, site.id)
        self.gateway_id = QLineEdit(placeholderText=self.tr("e.g. panel-2 (lower case, digits, - and _)"))
        self.gateway_id.setValidator(QRegularExpressionValidator(ID_PATTERN, self))
        self.name = QLineEdit()
        self.protocol = QComboBox()
        for protocol, label in (
            ("modbus-tcp", self.tr("Modbus TCP")),
            ("modbus-tls", self.tr("Modbus/TCP Security (TLS)")),
            ("modbus-rtu-over-tcp", self.tr("Modbus RTU over TCP (serial converter)")),
            ("modbus-rtu", self.tr("Modbus RTU (serial port)")),
            ("mqtt", self.tr("MQTT broker")),
        ):
            self.protocol.addItem(label, protocol)
        self.host = QLineEdit(placeholderText=self.tr("Name or address, e.g. 192.168.1.20"))
        self.port = QSpinBox(minimum=0, maximum=65_535)
        self.port.setSpecialValueText(self.tr("the protocol's own"))
        self.timeout = QDoubleSpinBox(decimals=1, minimum=0.1, maximum=60.0, value=1.0, suffix=" s")
        self.serial_port = QLineEdit(placeholderText="/dev/ttyUSB0")
        self.baudrate = QComboBox()
        for rate in (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200):
            self.baudrate.addItem(str(rate), rate)
        self.baudrate.setCurrentIndex(self.baudrate.findData(9600))
        self.parity = QComboBox()
        for code, label in (("N", self.tr("None")), ("E", self.tr("Even")), ("O", self.tr("Odd"))):
            self.parity.addItem(label, code)
        self.stopbits = QSpinBox(minimum=1, maximum=2, value=1)
        self.bytesize = QSpinBox(minimum=7, maximum=8, value=8)
        self.use_tls = QCheckBox(self.tr("Encrypted (TLS); the broker's certificate is always checked"))
        self.ca_file = QLineEdit(placeholderText=self.tr("Empty: the system's authorities"))
        self.cert_file = QLineEdit(
            placeholderText=self.tr("Only if the server asks for a client certificate")
        )
        self.key_file = QLineEdit()
        self.username = QLineEdit(
            placeholderText=self.tr("Its password goes in the keyring: wattkeeper secret set")
        )
        self.mqtt_version = QComboBox()
        self.mqtt_version.addItems(["3.1.1", "5"])
        self.qos = QComboBox()
        self.qos.addItem(self.tr("1: every message at least once"), 1)
        self.qos.addItem(self.tr("0: at most once"), 0)
        rows = (
            (self.tr("Site"), self.site),
            (self.tr("Id"), self.gateway_id),
            (self.tr("Name"), self.name),
            (self.tr("Protocol"), self.protocol),
            (self.tr("Host"), self.host),
            (self.tr("Port"), self.port),
            (self.tr("Answer within"), self.timeout),
            (self.tr("Serial port"), self.serial_port),
            (self.tr("Baud rate"), self.baudrate),
            (self.tr("Parity"), self.parity),
            (self.tr("Stop bits"), self.stopbits),
            (self.tr("Data bits"), self.bytesize),
            ("", self.use_tls),
            (self.tr("Authority (CA) file"), self.ca_file),
            (self.tr("Client certificate file"), self.cert_file),
            (self.tr("Client key file"), self.key_file),
            (self.tr("User name"), self.username),
            (self.tr("MQTT version"), self.mqtt_version),
            (self.tr("Quality of service"), self.qos),
        )
        for label, field in rows:
            self.form.addRow(label, field)
        self._layout()
        if current is not None:
            self._fill(current)
        self.form.setRowVisible(self.site, current is None and self.site.count() > 1)
        self._protocol_changed()
        self.protocol.currentIndexChanged.connect(self._protocol_changed)
        self.use_tls.toggled.connect(self._protocol_changed)
        self._watch(*(field for _label, field in rows if field not in (self.protocol, self.use_tls)))
        self.check()

    def _fill(self, gateway: Any) -> None:
        self.site.setCurrentIndex(self.site.findData(self.was[0] if self.was else None))
        self.gateway_id.setText(gateway.id)
        self.gateway_id.setReadOnly(True)
        self.name.setText(gateway.name)
        self.protocol.setCurrentIndex(self.protocol.findData(gateway.protocol))
        self.host.setText(getattr(gateway, "host", ""))
        self.port.setValue(getattr(gateway, "port", None) or 0)
        self.timeout.setValue(getattr(gateway, "timeout_s", 1.0))
        if isinstance(gateway, ModbusRtuGateway):
            self.serial_port.setText(gateway.serial_port)
            self.baudrate.setCurrentIndex(self.baudrate.findData(gateway.baudrate))
            self.parity.setCurrentIndex(self.parity.findData(gateway.parity))
            self.stopbits.setValue(gateway.stopbits)
            self.bytesize.setValue(gateway.bytesize)
        tls = gateway.tls if isinstance(gateway, MqttGateway) else gateway
        self.use_tls.setChecked(isinstance(gateway, MqttGateway) and gateway.tls is not None)
        for field, key in (
            (self.ca_file, "ca_file"),
            (self.cert_file, "cert_file"),
            (self.key_file, "key_file"),
        ):
            field.setText(str(getattr(tls, key, None) or ""))
        if isinstance(gateway, MqttGateway):
            self.username.setText(gateway.username or "")
            self.mqtt_version.setCurrentText(gateway.mqtt_version)
            self.qos.setCurrentIndex(self.qos.findData(gateway.qos))
        self.remove_button.show()

    def _protocol_changed(self) -> None:
        protocol = self.protocol.currentData()
        serial = protocol == "modbus-rtu"
        mqtt = protocol == "mqtt"
        tls = protocol == "modbus-tls" or (mqtt and self.use_tls.isChecked())
        visible = {
            self.host: not serial,
            self.port: not serial,
            self.timeout: not mqtt,
            self.use_tls: mqtt,
            self.ca_file: tls,
            self.cert_file: tls,
            self.key_file: tls,
            self.username: mqtt,
            self.mqtt_version: mqtt,
            self.qos: mqtt,
        }
        for field in (self.serial_port, self.baudrate, self.parity, self.stopbits, self.bytesize):
            visible[field] = serial
        for field, shown in visible.items():
            self.form.setRowVisible(field, shown)
        self.check()

    def values(self) -> dict[str, Any]:
        if not self.gateway_id.text():
            raise ValueError(self.tr("Give the gateway an id."))
        protocol = self.protocol.currentData()
        model = GATEWAY_MODELS[protocol]
        values: dict[str, Any] = {
            "id": self.gateway_id.text(),
            "name": self.name.text().strip() or None,
            "protocol": protocol,
        }
        files = {
            "ca_file": self.ca_file.text().strip() or None,
            "cert_file": self.cert_file.text().strip() or None,
            "key_file": self.key_file.text().strip() or None,
        }
        if protocol == "modbus-rtu":
            values |= {
                "serial_port": self.serial_port.text().strip(),
                "baudrate": self.baudrate.currentData(),
                "parity": self.parity.currentData(),
                "stopbits": self.stopbits.value(),
                "bytesize": self.bytesize.value(),
            }
        elif not self.host.text().strip():
            raise ValueError(self.tr("Give the host's name or address."))
        else:
            values |= {"host": self.host.text().strip(), "port": self.port.value() or None}
        if protocol == "mqtt":
            values |= {
                "tls": {k: v for k, v in files.items() if v} if self.use_tls.isChecked() else None,
                "username": self.username.text().strip() or None,
                "mqtt_version": self.mqtt_version.currentText(),
                "qos": self.qos.currentData(),
            }
        else:
            values["timeout_s"] = round(self.timeout.value(), 1)
            if protocol == "modbus-tls":
                values |= files
        others = [m for p, m in GATEWAY_MODELS.items() if p != protocol]
        return values | _foreign({*model.model_fields, *values}, *others)

    def change(self) -> tuple[str, Change]:
        values = self.values()
        site = self.was[0] if self.was else self.site.currentData()
        text = self.runtime.config.text
        made = put_gateway(text, site, values, was=self.was[1] if self.was else None)
        before = gateway_text(text, site, values["id"]) if self.was else ""
        action = Action.GATEWAY_CHANGED if self.was else Action.GATEWAY_ADDED
        return made, Change(action, f"{site}/{values['id']}", before, gateway_text(made, site, values["id"]))

    def removal(self) -> tuple[str, Change, str]:
        assert self.was is not None
        site, gateway = self.was
        text = self.runtime.config.text
        devices = [
            device_text(text, s.id, d.id)
            for s, g, d in self.runtime.config.devices()
            if (s.id, g.id) == self.was
        ]
        before = "\n".join([gateway_text(text, site, gateway), *devices])
        change = Change(Action.GATEWAY_REMOVED, f"{site}/{gateway}", before, "")
        question = self.tr(
            "Remove {gateway} and its %n device(s) from the site file? They are no longer read; "
            "their history is kept.",
            "",
            self.devices,
        ).format(gateway=f"{site}/{gateway}")
        return remove_gateway(text, site, gateway), change, question
