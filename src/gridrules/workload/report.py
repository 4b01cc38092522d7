"""The workload report as data (JSON), text and CSV: per worker, grid, role and street.

Every figure built on minutes a policy marks `assumed: true` is said to be an
assumption: the JSON lists those schedules under `assumed`, text and CSV
carry a note, and a per-grid/worker row says whether assumed minutes went in.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from gridrules.catalogue import msg, term
from gridrules.model import Policy
from gridrules.workload.model import GridLoad, Workload, runs_per_month

SCHEMA = "gridrules.workload/1"
FORMULA = term("core.workload.formula")  # (zh, en)
ASSUMED_NOTE = term("core.workload.assumed_note")  # (zh, en)
TABLES = ("worker", "grid", "role", "street")


def _r(x: float | None, digits: int = 2) -> float | None:
    return round(x, digits) if x is not None else None


def door_limit(policy: Policy, tier: str) -> float | None:
    found = policy.tier_by_id.get(tier)
    sized = found.sizing.door_to_door_hours if found and found.sizing else None
    return sized if sized is not None else policy.jurisdiction.settings.workload.door_to_door_hours


def grid_flags(policy: Policy, g: GridLoad, field_share: float | None) -> list[str]:
    """Which limits a grid breaks: hours, field_share, door_to_door."""
    limits = policy.jurisdiction.settings.workload
    out: list[str] = []
    if limits.max_hours_per_month is not None and g.max_worker_hours > limits.max_hours_per_month:
        out.append("hours")
    if (
        limits.min_field_share is not None
        and field_share is not None
        and field_share < limits.min_field_share
    ):
        out.append("field_share")
    limit = door_limit(policy, g.tier)
    if limit is not None and g.door_hours is not None and g.door_hours > limit:
        out.append("door_to_door")
    return out


def as_dict(policy: Policy, load: Workload, *, workers: bool = True) -> dict[str, Any]:
    limits = policy.jurisdiction.settings.workload
    names = {r.id: r.names for r in policy.roles}
    grids_by_id = policy.grid_by_id
    active = {s.id for s in load.schedules}
    assumed = set(load.assumed)
    field_roles = set(limits.field_share_roles)
    low_field: dict[str, float] = {}
    for w in load.workers:
        share = w.field_share
        if share is not None and (not field_roles or field_roles.intersection(w.roles)):
            low_field[w.grid] = min(low_field.get(w.grid, 1.0), share)
    grids = sorted(load.grids, key=lambda g: (-g.max_worker_hours, g.grid))
    grid_rows = [
        {
            "grid": g.grid,
            "name": g.name,
            "tier": g.tier,
            "street": g.street,
            "households": g.households,
            "workers": g.workers,
            "hours": _r(g.hours),
            "hours_per_worker": _r(g.hours_per_worker),
            "max_worker_hours": _r(g.max_worker_hours),
            "field_share": _r(g.field_hours / g.hours if g.hours else None, 3),
            "door_hours": _r(g.door_hours),
            "door_limit": door_limit(policy, g.tier),
            "over": grid_flags(policy, g, low_field.get(g.grid)),
            "location": str(grids_by_id[g.grid].origin.location),
        }
        for g in grids
    ]
    roles = [
        {
            "role": role,
            "name": names[role].zh if role in names else role,
            "name_en": names[role].en if role in names else role,
            "workers": n,
            "hours": _r(hours),
            "mean_hours": _r(hours / n if n else 0.0),
            "field_share": _r(field / hours if hours else None, 3),
        }
        for role, (n, hours, field) in load.by_role().items()
    ]
    streets = [
        {
            "street": sid or None,
            "name": grids_by_id[sid].name if sid in grids_by_id else "",
            "grids": n,
            "workers": k,
            "hours": _r(hours),
            "mean_hours": _r(hours / k if k else 0.0),
        }
        for sid, (n, k, hours) in sorted(load.by_street().items())
    ]
    hours = [w.hours for w in load.workers]
    out: dict[str, Any] = {
        "schema": SCHEMA,
        "jurisdiction": policy.jurisdiction.id,
        "name": policy.jurisdiction.names.zh,
        "at": load.at.isoformat(),
        "formula": {"zh": FORMULA[0], "en": FORMULA[1]},
        "assumed": sorted(assumed),
        "assumed_note": {"zh": ASSUMED_NOTE[0], "en": ASSUMED_NOTE[1]} if assumed else None,
        "limits": {
            "max_hours_per_month": limits.max_hours_per_month,
            "min_field_share": limits.min_field_share,
            "field_share_roles": list(limits.field_share_roles),
            "door_to_door_hours": limits.door_to_door_hours,
            "source": limits.source,
        },
        "summary": {
            "workers": len(hours),
            "grids": len(grid_rows),
            "mean_hours": _r(sum(hours) / len(hours) if hours else 0.0),
            "max_hours": _r(max(hours) if hours else 0.0),
            "grids_over": sum(1 for g in grid_rows if g["over"]),
        },
        "schedules": [
            {
                "id": s.id,
                "name": s.names.zh,
                "name_en": s.names.en,
                "role": s.role,
                "frequency": s.frequency,
                "times": s.times,
                "runs_per_month": _r(runs_per_month(s), 4),
                "per": s.per,
                "minutes": s.minutes,
                "field": s.field,
                "door_to_door": s.door_to_door,
                "assumed": s.assumed,
                "active": s.id in active,
                "matters": list(s.matters),
                "note": s.note,
                "source": s.source,
                "location": str(s.origin.location),
            }
            for s in policy.schedules
        ],
        "roles": roles,
        "streets": streets,
        "grids": grid_rows,
    }
    if workers:
        out["workers"] = [
            {
                "worker": w.worker,
                "name": w.name,
                "grid": w.grid,
                "roles": list(w.roles),
                "hours": _r(w.hours),
                "field_share": _r(w.field_share, 3),
                "assumed": any(i.schedule in assumed for i in w.items),
                "items": [
                    {
                        "schedule": i.schedule,
                        "role": i.role,
                        "units": _r(i.units),
                        "hours": _r(i.hours),
                    }
                    for i in w.items
                ],
            }
            for w in load.workers
        ]
    return out


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def as_csv(data: dict[str, Any], table: str) -> str:
    """One table (worker, grid, role or street) as CSV, with the assumption note as a comment."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    rows: list[dict[str, Any]] = data[f"{table}s"] if table != "worker" else data.get("workers", [])
    if data["assumed"]:
        buf.write(f"# {ASSUMED_NOTE[0]} {ASSUMED_NOTE[1]}\n")
    if not rows:
        return buf.getvalue()
    keys = [k for k in rows[0] if k != "items"]
    out.writerow(keys)
    for row in rows:
        out.writerow(
            [
                "|".join(map(str, v)) if isinstance(v, list) else v
                for k, v in row.items()
                if k != "items"
            ]
        )
    return buf.getvalue()


def as_text(data: dict[str, Any], lang: str, top: int = 10) -> str:
    zh = lang == "zh"
    s = data["summary"]
    lim = data["limits"]
    lines = [
        msg("core.workload.text.title", name=data["name"], at=data["at"])(lang),
        "  " + (data["formula"]["zh"] if zh else data["formula"]["en"]),
    ]
    if data["assumed_note"]:
        lines.append("  " + (data["assumed_note"]["zh"] if zh else data["assumed_note"]["en"]))
        schedules = ", ".join(data["assumed"])
        lines.append("  " + msg("core.workload.text.assumed", schedules=schedules)(lang))
    limit_words = []
    if lim["max_hours_per_month"] is not None:
        hours = f"{lim['max_hours_per_month']:g}"
        limit_words.append(msg("core.workload.text.max_hours", hours=hours)(lang))
    if lim["min_field_share"] is not None:
        share = f"{lim['min_field_share']:.0%}"
        limit_words.append(msg("core.workload.text.min_field", share=share)(lang))
    if limit_words:
        limits = "; ".join(limit_words)
        lines.append("  " + msg("core.workload.text.limits", limits=limits)(lang))
    summary = msg(
        "core.workload.text.summary",
        workers=s["workers"],
        mean=s["mean_hours"],
        max=s["max_hours"],
        over=s["grids_over"],
    )
    lines.append("  " + summary(lang))
    lines.append(msg("core.workload.text.roles")(lang))
    for r in data["roles"]:
        share = f"{r['field_share']:.0%}" if r["field_share"] is not None else "—"
        name = r["name"] if zh else r["name_en"]
        lines.append(
            f"  {name} ({r['role']}): {r['workers']} × {r['mean_hours']} h"
            + msg("core.workload.text.field", share=share)(lang)
        )
    lines.append(msg("core.workload.text.streets")(lang))
    for st in data["streets"]:
        street = msg(
            "core.workload.text.street",
            name=st["name"] or "—",
            grids=st["grids"],
            workers=st["workers"],
            mean=st["mean_hours"],
        )
        lines.append("  " + street(lang))
    lines.append(msg("core.workload.text.burdened", top=top)(lang))
    for g in data["grids"][:top]:
        flag = (" ✗ " + ",".join(g["over"])) if g["over"] else ""
        door = f", door {g['door_hours']} h" if g["door_hours"] is not None else ""
        lines.append(
            f"  {g['grid']} {g['name']}: {g['workers']} × {g['max_worker_hours']} h (max){door}{flag}"
        )
    return "\n".join(lines) + "\n"
