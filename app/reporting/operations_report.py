"""The device operations report as a document: availability and running per device, then alarms."""

from __future__ import annotations

from datetime import tzinfo

from app.i18n import translate
from app.reporting.framing import Authorship, framed, key_figures
from app.reporting.operations_figures import FLOOD_PER_10_MIN, OperationsFigures
from reports.document import Block, Column, Report, Section, Table, Text


def operations_document(figures: OperationsFigures, zone: tzinfo, made: Authorship) -> Report:
    """The report in the current thread's language (``app.i18n.in_language``)."""
    devices = Table(
        sheet="Devices",
        title=translate("OperationsReport", "Availability and running"),
        columns=(
            Column(translate("OperationsReport", "Device")),
            Column(translate("OperationsReport", "Availability"), "%", "number", 1),
            Column(translate("OperationsReport", "Bad readings"), kind="number"),
            Column(translate("OperationsReport", "Running"), "h", "number", 2),
            Column(translate("OperationsReport", "Starts"), kind="number"),
            Column(
                translate("OperationsReport", "Fuel used"),
                translate("OperationsReport", "% of tank"),
                "number",
                1,
            ),
            Column(translate("OperationsReport", "Refills"), kind="number"),
        ),
        rows=tuple(
            (
                d.device,
                None if d.availability is None else d.availability * 100,
                d.bad_readings,
                d.running_hours,
                d.starts,
                d.fuel_used_points,
                d.refills,
            )
            for d in figures.devices
        ),
        empty=translate("OperationsReport", "No device in this scope."),
    )
    availability_note = Text(
        translate(
            "OperationsReport",
            "Availability is the share of the readings a device should have given (its points over the "
            "period at its polling interval) that arrived good.",
        ),
        "note",
    )
    return framed(
        translate("OperationsReport", "Device operations"),
        figures.title,
        (figures.from_ms, figures.to_ms, zone),
        made,
        (
            Section(translate("OperationsReport", "Devices"), (availability_note, devices)),
            Section(translate("OperationsReport", "Alarms"), _alarms(figures)),
        ),
    )


def _alarms(f: OperationsFigures) -> tuple[Block, ...]:
    summary = key_figures(
        "Alarm summary",
        translate("OperationsReport", "Alarm load"),
        [
            (translate("OperationsReport", "Activations"), f.activations, "", 0),
            (translate("OperationsReport", "Acknowledged"), f.acknowledged, "", 0),
            (translate("OperationsReport", "Mean time to acknowledge"), f.mean_ack_s, "s", 0),
            (translate("OperationsReport", "Mean alarms per 10 minutes"), f.rate_per_10_min, "", 2),
            (translate("OperationsReport", "Most alarms in 10 minutes"), f.peak_per_10_min, "", 0),
            (translate("OperationsReport", "Time in flood"), f.flood_share * 100, "%", 1),
            (translate("OperationsReport", "Standing at the end"), len(f.standing), "", 0),
        ],
    )
    priorities = Table(
        sheet="By priority",
        title=translate("OperationsReport", "Activations by priority"),
        columns=(
            Column(translate("OperationsReport", "Priority")),
            Column(translate("OperationsReport", "Activations"), kind="number"),
        ),
        rows=tuple(sorted(f.by_priority.items())),
        empty=translate("OperationsReport", "No alarm activated in the period."),
    )
    actors = Table(
        sheet="Bad actors",
        title=translate("OperationsReport", "The ten most frequent alarms"),
        columns=(
            Column(translate("OperationsReport", "Alarm")),
            Column(translate("OperationsReport", "Priority")),
            Column(translate("OperationsReport", "Activations"), kind="number"),
            Column(translate("OperationsReport", "Chattering"), kind="number"),
            Column(translate("OperationsReport", "Mean time to acknowledge"), "s", "number", 0),
            Column(translate("OperationsReport", "Shelved"), "h", "number", 2),
        ),
        rows=tuple(
            (a.key, a.priority, a.activations, a.chattering, a.mean_ack_s, a.shelved_hours)
            for a in f.bad_actors
        ),
        empty=translate("OperationsReport", "No alarm activated in the period."),
    )
    shelved = Table(
        sheet="Shelved",
        title=translate("OperationsReport", "Shelved alarms"),
        columns=(
            Column(translate("OperationsReport", "Alarm")),
            Column(translate("OperationsReport", "Shelved"), "h", "number", 2),
        ),
        rows=tuple((a.key, a.shelved_hours) for a in f.alarms if a.shelved_hours > 0),
        empty=translate("OperationsReport", "No alarm was shelved in the period."),
    )
    standing = Text(
        translate("OperationsReport", "Standing at the end of the period: {alarms}.").format(
            alarms=", ".join(f.standing)
        )
        if f.standing
        else translate("OperationsReport", "No alarm was standing at the end of the period."),
        "warning" if f.standing else "note",
    )
    eemua = Text(
        translate(
            "OperationsReport",
            "EEMUA 191 counts more than {flood} alarms in 10 minutes as a flood; an operator can handle "
            "about one alarm per 10 minutes in steady operation.",
        ).format(flood=FLOOD_PER_10_MIN),
        "note",
    )
    return (summary, eemua, standing, priorities, actors, shelved)
