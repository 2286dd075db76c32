"""The packed form of one point's samples over one hour: a sealed block.

A row per sample costs about 28 bytes on disk (24 in its page, plus the pages' slack);
an hour of one-second samples packed into one blob costs a few bytes a sample. Each
column is transformed so that what repeats becomes runs of equal bytes, which zlib then
squeezes:

- times as differences between neighbours (a steady poll interval repeats one number);
- values as the XOR of each value's bits with its predecessor's (an unchanged value
  gives zeros, a reading that came from a 32-bit float leaves its low bytes zero);
- every multi-byte column byte-transposed, so the equal high bytes of neighbours line up.

Nothing is rounded: decoding gives back the very bits that were stored, with a missing
value as NaN (the database's NULL).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

FORMAT = 1
_TS = np.dtype("<u4")
_BITS = np.dtype("<u8")
_QUALITY = np.dtype("<i2")


class BlockFormatError(ValueError):
    """A sealed block that cannot be decoded: unknown format or damaged content."""


@dataclass(frozen=True)
class SampleColumns:
    """Samples of one point as columns: times (ms), values (NaN when missing) and qualities."""

    ts: np.ndarray
    value: np.ndarray
    quality: np.ndarray

    def __len__(self) -> int:
        return len(self.ts)

    @staticmethod
    def empty() -> SampleColumns:
        return SampleColumns(np.zeros(0, np.int64), np.zeros(0, np.float64), np.zeros(0, np.int16))

    @staticmethod
    def from_rows(rows: list[tuple[int, float | None, int]]) -> SampleColumns:
        """Columns from (ts_ms, value, quality) rows as the database returns them."""
        if not rows:
            return SampleColumns.empty()
        ts, value, quality = zip(*rows, strict=True)
        return SampleColumns(
            np.array(ts, dtype=np.int64),
            np.array([np.nan if v is None else v for v in value], dtype=np.float64),
            np.array(quality, dtype=np.int16),
        )

    def select(self, keep: np.ndarray) -> SampleColumns:
        return SampleColumns(self.ts[keep], self.value[keep], self.quality[keep])

    def between(self, from_ms: int, to_ms: int) -> SampleColumns:
        """The samples with ``from_ms <= ts < to_ms`` (columns sorted by time)."""
        lo, hi = np.searchsorted(self.ts, [from_ms, to_ms])
        return SampleColumns(self.ts[lo:hi], self.value[lo:hi], self.quality[lo:hi])


def merge(older: list[SampleColumns], newer: SampleColumns) -> SampleColumns:
    """``older`` (each sorted, disjoint in time) and ``newer`` as one sorted series.

    Where both hold a sample at the same time, the one in ``newer`` wins: a sample
    stored after a block was sealed replaces the block's sample at that time.
    """
    parts = [*older, newer]
    if len(parts) == 1 or not any(len(p) for p in older):
        return newer
    ts = np.concatenate([p.ts for p in parts])
    order = np.argsort(ts, kind="stable")  # equal times keep their order: newer last
    ts = ts[order]
    keep = np.ones(len(ts), dtype=bool)
    keep[:-1] = ts[1:] != ts[:-1]
    order = order[keep]
    return SampleColumns(
        ts[keep],
        np.concatenate([p.value for p in parts])[order],
        np.concatenate([p.quality for p in parts])[order],
    )


def _transpose(array: np.ndarray) -> bytes:
    return array.view(np.uint8).reshape(len(array), array.itemsize).T.tobytes()


def _untranspose(data: bytes, count: int, dtype: np.dtype) -> np.ndarray:
    planes = np.frombuffer(data, dtype=np.uint8).reshape(dtype.itemsize, count)
    return np.ascontiguousarray(planes.T).view(dtype).reshape(count)


def encode(columns: SampleColumns, start_ms: int) -> bytes:
    """Pack samples (sorted by time, all at or after ``start_ms``, within 2^32 ms of it)."""
    offsets = columns.ts - start_ms
    if len(offsets) and (offsets[0] < 0 or offsets[-1] >= 2**32):
        raise ValueError("samples outside the block's time range")
    steps = np.diff(offsets, prepend=0).astype(_TS)
    bits = np.ascontiguousarray(columns.value, dtype=np.float64).view(np.uint64)
    xored = bits ^ np.concatenate(([np.uint64(0)], bits[:-1]))
    payload = (
        _transpose(steps) + _transpose(xored.astype(_BITS)) + _transpose(columns.quality.astype(_QUALITY))
    )
    return bytes([FORMAT]) + zlib.compress(payload, 6)


def decode(data: bytes, start_ms: int, count: int) -> SampleColumns:
    """The samples packed by :func:`encode` (``count`` of them, block starting at ``start_ms``)."""
    if not data or data[0] != FORMAT:
        raise BlockFormatError(f"unknown sealed block format {data[:1].hex() or 'empty'}")
    try:
        payload = zlib.decompress(bytes(data[1:]))
    except zlib.error as exc:
        raise BlockFormatError(f"damaged sealed block: {exc}") from None
    sizes = (count * _TS.itemsize, count * _BITS.itemsize, count * _QUALITY.itemsize)
    if len(payload) != sum(sizes):
        raise BlockFormatError(f"sealed block holds {len(payload)} bytes, not {sum(sizes)}")
    steps = _untranspose(payload[: sizes[0]], count, _TS)
    xored = _untranspose(payload[sizes[0] : sizes[0] + sizes[1]], count, _BITS)
    quality = _untranspose(payload[sizes[0] + sizes[1] :], count, _QUALITY)
    ts = np.cumsum(steps, dtype=np.int64) + start_ms
    bits = np.bitwise_xor.accumulate(xored.astype(np.uint64)) if count else xored.astype(np.uint64)
    return SampleColumns(ts, bits.view(np.float64), quality.astype(np.int16))
