"""Turning a device's register fields into the fewest valid Modbus reads.

Each read costs a round trip (tens of milliseconds on a serial bus), so fields that
are contiguous or close together are read in one request. Requests that the protocol
forbids are refused here, before anything reaches the wire.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from drivers.registers import RegisterField, RegisterTable

#: The protocol's limits for one read (function codes 3/4, and 1/2).
MAX_REGISTERS_PER_READ = 125
MAX_BITS_PER_READ = 2000
MAX_ADDRESS = 65535


class PlanError(ValueError):
    """A field or read that no Modbus device could serve."""


@dataclass(frozen=True, slots=True)
class PlannedRead:
    """One request: ``count`` registers (or bits) of ``table`` from ``start``, and who uses them."""

    table: RegisterTable
    start: int
    count: int
    #: Indices into the field list given to :func:`plan_reads`.
    members: tuple[int, ...]


def read_limit(table: RegisterTable) -> int:
    return MAX_BITS_PER_READ if table.is_bits else MAX_REGISTERS_PER_READ


def check_read(start: int, count: int, table: RegisterTable = RegisterTable.HOLDING) -> None:
    """Refuse a read that cannot be valid on any device."""
    limit = read_limit(table)
    unit = "bits" if table.is_bits else "registers"
    if not 1 <= count <= limit:
        raise PlanError(f"a read must ask for 1 to {limit} {unit}, not {count}")
    if start < 0 or start + count - 1 > MAX_ADDRESS:
        raise PlanError(f"{unit} {start}..{start + count - 1} lie outside the address space 0..{MAX_ADDRESS}")


def plan_reads(
    fields: Sequence[RegisterField],
    *,
    max_gap: int = 0,
    max_count: int = MAX_REGISTERS_PER_READ,
) -> list[PlannedRead]:
    """Group ``fields`` into reads of at most ``max_count`` registers.

    Two fields share a read when the unused registers between them number at most
    ``max_gap``; reading a few unused registers is cheaper than another round trip,
    but only where the device answers for them, hence a per-device setting. Bits
    (coils, discrete inputs) are grouped the same way, up to the protocol's 2,000.
    """
    if not 1 <= max_count <= MAX_REGISTERS_PER_READ:
        raise PlanError(f"max_count must be 1..{MAX_REGISTERS_PER_READ}, not {max_count}")
    for field in fields:
        check_read(field.address, field.words, field.table)
    order = sorted(range(len(fields)), key=lambda i: (fields[i].table, fields[i].address))
    reads: list[PlannedRead] = []
    table: RegisterTable | None = None
    start = end = 0
    members: list[int] = []
    for index in order:
        field = fields[index]
        limit = MAX_BITS_PER_READ if field.table.is_bits else max_count
        fits = (
            field.table == table and field.address - end <= max_gap and max(end, field.end) - start <= limit
        )
        if not fits:
            if members and table is not None:
                reads.append(PlannedRead(table, start, end - start, tuple(members)))
            table, start, end, members = field.table, field.address, field.end, []
        members.append(index)
        end = max(end, field.end)
    if members and table is not None:
        reads.append(PlannedRead(table, start, end - start, tuple(members)))
    return reads
