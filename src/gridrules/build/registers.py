"""Building the burden registers (registers.yaml) and the grid-code scheme (jurisdiction.yaml).

The nearest layer's registers document wins whole: a district's register is its own, not
its city's. The grid-code scheme is the nearest jurisdiction's `settings.grid_codes`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gridrules.build.common import names
from gridrules.loader import Document, Layer
from gridrules.model import GridCodes, PushedDownItem, Registers, VetoItem


def build_registers(layers: list[Layer]) -> Registers | None:
    doc = next((d for layer in reversed(layers) if (d := layer.one("registers"))), None)
    if doc is None:
        return None
    data = doc.data
    return Registers(
        veto=tuple(_veto(doc, i, x) for i, x in enumerate(data.get("veto") or ())),
        pushed_down=tuple(_pushed(doc, i, x) for i, x in enumerate(data.get("pushed_down") or ())),
        example=bool(data.get("example", False)),
        source=data.get("source", ""),
        origin=doc.origin(),
    )


def _veto(doc: Document, i: int, x: dict[str, Any]) -> VetoItem:
    return VetoItem(
        id=x["id"],
        names=names(x),
        matter=x.get("matter"),
        indicator=x.get("indicator", ""),
        department=x.get("department"),
        department_name=x.get("department_name", ""),
        status=x["status"],
        approved_by=x.get("approved_by", ""),
        note=x.get("note", ""),
        origin=doc.origin("veto", i),
    )


def _pushed(doc: Document, i: int, x: dict[str, Any]) -> PushedDownItem:
    return PushedDownItem(
        id=x["id"],
        names=names(x),
        matter=x.get("matter"),
        department=x.get("department"),
        department_name=x.get("department_name", ""),
        logged=dt.date.fromisoformat(x["logged"]),
        status=x["status"],
        resolution=x.get("resolution", ""),
        note=x.get("note", ""),
        origin=doc.origin("pushed_down", i),
    )


def build_grid_codes(layers: list[Layer]) -> GridCodes | None:
    """settings.grid_codes of the nearest jurisdiction that states it."""
    for layer in reversed(layers):
        doc = layer.one("jurisdiction")
        data = ((doc.data.get("settings") or {}) if doc is not None else {}).get("grid_codes")
        if doc is not None and data:
            return GridCodes(
                scheme=data["scheme"],
                lengths=tuple((tier, int(n)) for tier, n in data["lengths"].items()),
                digits=bool(data.get("digits", True)),
                origin=doc.origin("settings", "grid_codes"),
            )
    return None
