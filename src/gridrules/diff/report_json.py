"""The diff report as JSON: language-neutral (ids, codes, both names), versioned by `schema`.

Its shape is documented in docs/diff.md and checked against
gridrules/diff/report.schema.json by the tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from gridrules.diff.compare import DiffReport
from gridrules.diff.impact import Reach
from gridrules.diff.permissions import PermissionChange
from gridrules.diff.report_words import (
    flag_message,
    summary_counts,
)
from gridrules.diff.workload import as_json as workload_json

SCHEMA = "gridrules-diff/1"


def _reach_json(reach: Reach | None) -> dict[str, Any] | None:
    if reach is None:
        return None
    return {"grids": reach.grids, "people": reach.people, "basis": reach.basis}


def as_dict(report: DiffReport) -> dict[str, Any]:
    r = report
    counts = summary_counts(r)

    def side(info: Any) -> dict[str, Any]:
        return {
            "label": info.label,
            "path": info.path,
            "rev": info.rev,
            "commit": info.commit,
            "version": info.version,
            "jurisdiction": info.jurisdiction,
            "names": {"zh": info.names.zh, "en": info.names.en},
        }

    def perm(c: PermissionChange) -> dict[str, Any]:
        reach = r.reach_for(c)
        return {
            "role": c.role,
            "action": c.action,
            "matter": c.matter,
            "mode": c.mode,
            "change": c.change,
            "cause": c.cause,
            "old_scope": c.old_scope,
            "new_scope": c.new_scope,
            "duty": c.duty,
            "source": c.source,
            "grids": reach.grids if reach is not None else None,
            "people": reach.people if reach is not None else None,
            "basis": reach.basis if reach is not None else None,
        }

    def fields(items: Iterable[Any]) -> list[dict[str, Any]]:
        return [{"field": f.field, "old": f.old, "new": f.new} for f in items]

    return {
        "schema": SCHEMA,
        "at": r.at.isoformat(),
        "old": side(r.old),
        "new": side(r.new),
        "summary": {
            "changed": r.changed,
            "widening": r.widening,
            "definitions": len(r.definitions),
            "permissions": counts,
            "touched": _reach_json(r.touched),
            "touched_lost": _reach_json(r.touched_lost),
            "unhandled": len(r.unhandled),
            "routes": len(r.routes),
            "flags": len(r.flags),
            "pages": None if r.pages is None else len(r.pages),
            "validation": len(r.validation),
        },
        "flags": [
            {
                "code": f.code,
                "matter": f.matter,
                "roles": list(f.roles),
                "detail": list(f.detail),
                "source": f.source,
                "message": {"zh": flag_message(r, f, "zh"), "en": flag_message(r, f, "en")},
            }
            for f in r.flags
        ],
        "permissions": [perm(c) for c in r.permissions],
        "unhandled": [
            {
                "matter": u.matter,
                "reason": u.reason,
                "old_handlers": list(u.old_handlers),
                "emergency_handlers": list(u.emergency_handlers),
            }
            for u in r.unhandled
        ],
        "routes": [{"matter": rc.matter, "changes": fields(rc.fields)} for rc in r.routes],
        "definitions": [
            {
                "kind": d.kind,
                "key": d.key,
                "change": d.change,
                "fields": fields(d.fields),
                "source": d.source,
            }
            for d in r.definitions
        ],
        "pages": None
        if r.pages is None
        else [
            {
                "page": p.page,
                "kind": p.kind,
                "id": p.id,
                "change": p.change,
                "langs": list(p.langs),
                "sections": list(p.sections),
            }
            for p in r.pages
        ],
        "registry": {
            c.kind: {"added": list(c.added), "removed": list(c.removed), "changed": list(c.changed)}
            for c in r.registry
        },
        "validation": [
            {
                "code": p.code,
                "rule": p.rule,
                "location": p.location,
                "message": {"zh": p.message.zh, "en": p.message.en},
            }
            for p in r.validation
        ],
        "workload": workload_json(r.workload),
        "names": {
            kind: {i: {"zh": zh, "en": en} for i, (zh, en) in names.items()}
            for kind, names in sorted(r.labels.items())
            if kind in ("role", "matter")
        },
    }


def as_json(report: DiffReport, lang: str = "en") -> str:
    return json.dumps(as_dict(report), ensure_ascii=False, indent=2) + "\n"
