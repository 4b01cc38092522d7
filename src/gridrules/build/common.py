"""Helpers every builder uses: durations, names, and merging items by id across layers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from gridrules.loader import Document, Layer
from gridrules.model import (
    Duration,
    Names,
)

T = TypeVar("T")
_MINUTES = {"m": 1, "h": 60, "d": 24 * 60}


def duration(text: str | None) -> Duration | None:
    if not text:
        return None
    return Duration(text, int(text[:-1]) * _MINUTES[text[-1]])


def names(data: dict[str, Any]) -> Names:
    return Names(data["name"], data.get("name_en", ""))


class _Merged:
    """Items keyed by id across layers; remembers which child item replaced which parent item."""

    def __init__(self) -> None:
        self.items: dict[str, Any] = {}
        self.layer_of: dict[str, int] = {}
        self.overridden: list[tuple[Any, Any]] = []

    def add(self, key: str, item: Any, layer: int) -> None:
        if key in self.items:
            if self.layer_of[key] == layer:
                return  # a duplicate within one layer: the first stands, rule GR202 reports it
            self.overridden.append((self.items[key], item))
        self.items[key] = item  # dict keeps the parent's position on replacement
        self.layer_of[key] = layer

    def values(self) -> tuple[Any, ...]:
        return tuple(self.items.values())


def each_item(
    layers: list[Layer], kind: str, key: str
) -> Iterable[tuple[int, Document, int, dict[str, Any]]]:
    for depth, layer in enumerate(layers):
        for doc in layer.all(kind):
            for i, item in enumerate(doc.data.get(key) or []):
                yield depth, doc, i, item


def merge_layers(
    layers: list[Layer],
    kind: str,
    key: str,
    make: Callable[[Document, int, dict[str, Any]], T],
    id_of: Callable[[T], str],
    overridden: list[tuple[Any, Any]],
) -> tuple[T, ...]:
    merged = _Merged()
    for depth, doc, i, item in each_item(layers, kind, key):
        built = make(doc, i, item)
        merged.add(id_of(built), built, depth)
    overridden += merged.overridden
    return merged.values()
