from __future__ import annotations

import pytest

from drivers.modbus_plan import PlanError, check_read, plan_reads
from drivers.profiles import builtin_profiles
from drivers.registers import DataType, RegisterField, RegisterTable


def f(
    address: int, data_type: DataType = DataType.FLOAT32, table: RegisterTable = RegisterTable.INPUT
) -> RegisterField:
    return RegisterField(table, address, data_type)


def test_contiguous_fields_share_one_read() -> None:
    reads = plan_reads([f(0), f(2), f(4)])
    assert [(r.start, r.count, r.members) for r in reads] == [(0, 6, (0, 1, 2))]


def test_gap_is_bridged_only_up_to_max_gap() -> None:
    fields = [f(0), f(10)]
    assert len(plan_reads(fields, max_gap=7)) == 2
    assert [(r.start, r.count) for r in plan_reads(fields, max_gap=8)] == [(0, 12)]


def test_tables_are_never_mixed() -> None:
    reads = plan_reads([f(0), f(2, table=RegisterTable.HOLDING)], max_gap=100)
    assert {r.table for r in reads} == {RegisterTable.INPUT, RegisterTable.HOLDING}


def test_reads_respect_the_count_limit() -> None:
    fields = [f(a) for a in range(0, 300, 2)]
    reads = plan_reads(fields, max_count=80)
    assert all(r.count <= 80 for r in reads)
    assert sorted(i for r in reads for i in r.members) == list(range(len(fields)))


def test_sdm630_profile_needs_three_reads() -> None:
    profile = builtin_profiles()["eastron-sdm630"]
    fields = [p.field for p in profile.points if p.field is not None]
    reads = plan_reads(fields, max_gap=profile.max_gap, max_count=profile.max_registers_per_read)
    # 0x00-0x23 and 0x34-0x4B: the 76 registers span more than the 50 some meters accept;
    # the harmonic distortion lies far beyond, at 0xEA-0xF5.
    assert [(r.start, r.count) for r in reads] == [(0, 0x24), (0x34, 0x18), (0xEA, 0x0C)]


@pytest.mark.parametrize(("start", "count"), [(0, 0), (0, 126), (65535, 2), (-1, 1)])
def test_impossible_reads_are_refused(start: int, count: int) -> None:
    with pytest.raises(PlanError):
        check_read(start, count)


def test_field_past_the_address_space_is_refused() -> None:
    with pytest.raises(PlanError, match="outside the address space"):
        plan_reads([f(65535)])
