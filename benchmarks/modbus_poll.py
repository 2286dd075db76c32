"""Modbus polling throughput: our pollers against a bare pymodbus loop issuing the same reads.

One pymodbus server, in its own process, serves 100 unit ids with 60 registers each
(20 float32 and 20 uint16 values scattered over 4 blocks). Each side opens one
connection per device and polls all 100 devices concurrently, as fast as they answer:

- reference: pymodbus async clients issuing exactly the reads our planner chose, nothing decoded;
- wattkeeper: DevicePoller.poll_once, i.e. the same reads plus decoding, qualities and samples.

Each side's figure is the best of ``--repeat`` runs, so that other work on the machine weighs
less. Prints one JSON object: full poll cycles per second (every device polled once) for both,
their ratio, and client CPU time per 1,000 decoded samples.

    .venv/bin/python benchmarks/modbus_poll.py [--seconds 10] [--devices 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import struct
import time

from pymodbus.client import AsyncModbusTcpClient
from pymodbus.server import ModbusTcpServer
from pymodbus.simulator import DataType as SimType
from pymodbus.simulator import SimData, SimDevice

from drivers.modbus_link import ModbusLink, TcpTransport
from drivers.modbus_plan import plan_reads
from drivers.modbus_poller import DevicePoller, ModbusDevice, ModbusPoint
from drivers.registers import DataType, RegisterField, RegisterTable
from simulator.net import free_port, wait_for_port

BLOCK_STARTS = (0, 100, 300, 1000)
MAX_GAP = 4


def device_fields() -> list[RegisterField]:
    """20 float32 and 20 uint16 values: 60 registers in 4 blocks with small holes."""
    fields = []
    for block, start in enumerate(BLOCK_STARTS):
        address = start
        for index in range(10):
            if index % 2 == 0:
                fields.append(RegisterField(RegisterTable.HOLDING, address, DataType.FLOAT32))
                address += 2
            else:
                fields.append(RegisterField(RegisterTable.HOLDING, address, DataType.UINT16, scale=0.1))
                address += 1
            address += 1 if (index + block) % 3 == 0 else 0  # an unused register now and then
    return fields


def serve(port: int, devices: int) -> None:
    image: dict[int, int] = {}
    for field in device_fields():
        words = (
            struct.unpack(">HH", struct.pack(">f", 230.5)) if field.data_type == DataType.FLOAT32 else (1234,)
        )
        for offset, word in enumerate(words):
            image[field.address + offset] = word
    span = range(0, max(image) + 2)
    values = [image.get(a, 0) for a in span]

    async def run() -> None:
        units = [
            SimDevice(unit, simdata=[SimData(0, values=values, datatype=SimType.REGISTERS)])
            for unit in range(1, devices + 1)
        ]
        await ModbusTcpServer(units, address=("127.0.0.1", port)).serve_forever()

    asyncio.run(run())


async def reference(port: int, devices: int, seconds: float) -> int:
    reads = plan_reads(device_fields(), max_gap=MAX_GAP)
    clients = [AsyncModbusTcpClient("127.0.0.1", port=port, timeout=5, retries=0) for _ in range(devices)]
    for client in clients:
        await client.connect()
    polls = 0
    deadline = time.perf_counter() + seconds

    async def loop(client: AsyncModbusTcpClient, unit: int) -> None:
        nonlocal polls
        while time.perf_counter() < deadline:
            for read in reads:
                await client.read_holding_registers(read.start, count=read.count, device_id=unit)
            polls += 1

    await asyncio.gather(*(loop(c, u) for u, c in enumerate(clients, start=1)))
    for client in clients:
        client.close()
    return polls


async def ours(port: int, devices: int, seconds: float) -> tuple[int, int, float]:
    fields = device_fields()
    pollers = []
    for unit in range(1, devices + 1):
        device = ModbusDevice(
            f"bench/{unit}", unit, tuple(ModbusPoint(i, f) for i, f in enumerate(fields)), max_gap=MAX_GAP
        )
        pollers.append(
            DevicePoller(
                device,
                ModbusLink(device.name, TcpTransport("127.0.0.1", port), timeout_s=5),
                shared_link=False,
            )
        )
    for poller in pollers:  # connect outside the measurement, as the reference does
        await poller.poll_once()
    polls = samples = 0
    cpu = time.process_time()
    deadline = time.perf_counter() + seconds

    async def loop(poller: DevicePoller) -> None:
        nonlocal polls, samples
        while time.perf_counter() < deadline:
            batch = await poller.poll_once()
            samples += sum(1 for s in batch.samples if s.quality == 0)
            polls += 1

    await asyncio.gather(*(loop(p) for p in pollers))
    cpu = time.process_time() - cpu
    for poller in pollers:
        poller.link.close()
    return polls, samples, cpu


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--devices", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs of each side")
    args = parser.parse_args()
    port = free_port()
    server = multiprocessing.get_context("spawn").Process(
        target=serve, args=(port, args.devices), daemon=True
    )
    server.start()
    try:
        assert wait_for_port("127.0.0.1", port, 30), "the benchmark server did not start"
        reference_runs = []
        for _ in range(args.repeat):
            cpu_before = time.process_time()
            polls = asyncio.run(reference(port, args.devices, args.seconds))
            reference_runs.append((polls, time.process_time() - cpu_before))
        reference_polls, reference_cpu = max(reference_runs)
        our_polls, samples, our_cpu = max(
            asyncio.run(ours(port, args.devices, args.seconds)) for _ in range(args.repeat)
        )
    finally:
        server.terminate()
    reads = len(plan_reads(device_fields(), max_gap=MAX_GAP))
    reference_cycles = reference_polls / args.devices / args.seconds
    our_cycles = our_polls / args.devices / args.seconds
    print(
        json.dumps(
            {
                "benchmark": "modbus_poll",
                "devices": args.devices,
                "registers_per_device": sum(f.words for f in device_fields()),
                "reads_per_device_poll": reads,
                "reference": "bare pymodbus async clients issuing the same reads, nothing decoded",
                "reference_cycles_per_s": round(reference_cycles, 2),
                "wattkeeper_cycles_per_s": round(our_cycles, 2),
                "ratio": round(our_cycles / reference_cycles, 3),
                "wattkeeper_client_cpu_ms_per_1000_samples": round(our_cpu * 1e6 / samples, 2)
                if samples
                else None,
                "reference_client_cpu_ms_per_1000_values": round(
                    reference_cpu * 1e6 / (reference_polls * len(device_fields())), 2
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
