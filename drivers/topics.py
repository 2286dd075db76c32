"""MQTT topic filters, checked before they reach a broker."""

from __future__ import annotations


def check_topic_filter(topic: str) -> None:
    """Raise ValueError unless ``topic`` is a valid MQTT subscription filter."""
    if not topic or len(topic.encode()) > 65535 or "\x00" in topic:
        raise ValueError("a topic filter must be 1 to 65,535 bytes without NUL characters")
    levels = topic.split("/")
    for position, level in enumerate(levels):
        if "#" in level and (level != "#" or position != len(levels) - 1):
            raise ValueError(f"'#' must be a whole level at the end of the filter: {topic!r}")
        if "+" in level and level != "+":
            raise ValueError(f"'+' must be a whole level: {topic!r}")
