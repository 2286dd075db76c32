"""Locating a value inside a JSON document with a short path such as ``ENERGY.Power[0]``."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


class PathError(ValueError):
    """A path that cannot be parsed, or a document in which it finds no number."""


class MissingError(PathError):
    """The document has nothing at the path (a key or array element is absent)."""


@dataclass(frozen=True, slots=True)
class JsonPath:
    """A parsed path: object keys and array indices, applied in order.

    The empty path selects the whole document, for payloads that are a bare number.
    """

    text: str
    steps: tuple[str | int, ...]

    @classmethod
    def parse(cls, text: str) -> JsonPath:
        steps: list[str | int] = []
        pos = 0
        while pos < len(text):
            if text[pos] == "." and steps:
                pos += 1
            match = _STEP.match(text, pos) if pos < len(text) else None
            if match is None:
                raise PathError(f"cannot parse JSON path {text!r} at character {pos + 1}")
            key, index = match.groups()
            steps.append(int(index) if index is not None else key)
            pos = match.end()
        return cls(text, tuple(steps))

    def node(self, document: object) -> object:
        """Whatever the document holds at this path."""
        node = document
        for step in self.steps:
            if isinstance(step, int):
                if not isinstance(node, list) or step >= len(node):
                    raise MissingError(f"{self.text!r}: no element {step}")
            elif not isinstance(node, dict) or step not in node:
                raise MissingError(f"{self.text!r}: no key {step!r}")
            node = node[step]  # type: ignore[index]
        return node

    def number(self, document: object) -> float:
        """The finite number at this path; booleans count as 0 and 1."""
        node = self.node(document)
        if isinstance(node, bool):
            return float(node)
        if isinstance(node, int | float):
            try:
                value = float(node)
            except OverflowError:
                raise PathError(f"{self.text!r}: {str(node)[:20]}… is too large") from None
            if math.isfinite(value):
                return value
            raise PathError(f"{self.text!r}: value is not finite")
        if isinstance(node, str):
            try:
                value = float(node)
            except ValueError:
                raise PathError(f"{self.text!r}: {node[:40]!r} is not a number") from None
            if math.isfinite(value):
                return value
        raise PathError(f"{self.text!r}: {type(node).__name__} is not a number")


@dataclass(frozen=True, slots=True)
class JsonField:
    """A number in a payload and how it becomes an engineering value (``raw * scale + offset``)."""

    path: JsonPath
    scale: float = 1.0
    offset: float = 0.0

    def value(self, document: object) -> float:
        return self.path.number(document) * self.scale + self.offset
