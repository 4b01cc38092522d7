"""Generate schemas/output/*.schema.json: the JSON every command prints with --format json.

JSON Schema 2020-12 (the dialect of the service's OpenAPI 3.1 document, whose
components the decision, route, who and can outputs share: one definition of
a decision or a route for the CLI and for HTTP). docs/json-output.md describes
each document; tests/test_output_schemas.py runs every command and validates
its stdout, and fails when the committed files differ from this output.

Run after changing a command's JSON:  python scripts/build_output_schemas.py
"""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from gridrules.diff.model_diff import kinds as diff_kinds  # noqa: E402
from gridrules.service.openapi import SCHEMAS as API  # noqa: E402
from gridrules.vocabulary import (  # noqa: E402
    ACTIONS_VOCABULARY,
    MODES_VOCABULARY,
    REASONS_VOCABULARY,
)

OUT = ROOT / "schemas" / "output"
BASE_URI = "https://gridrules.org/schemas/v1/output/"
DIFF_SCHEMA = ROOT / "src" / "gridrules" / "diff" / "report.schema.json"

STR = {"type": "string"}
INT = {"type": "integer", "minimum": 0}
BOOL = {"type": "boolean"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def array(items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "array", "items": items, **extra}


def obj(props: dict[str, Any], desc: str = "", required: list[str] | None = None) -> dict[str, Any]:
    """An object whose every listed field is always present (fields may be added later)."""
    out: dict[str, Any] = {"type": "object"}
    if desc:
        out["description"] = desc
    out["properties"] = props
    out["required"] = list(props) if required is None else required
    return out


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def _rewrite(node: Any) -> Any:
    """OpenAPI component references → this document's $defs."""
    if isinstance(node, dict):
        return {
            k: (v.replace("#/components/schemas/", "#/$defs/") if k == "$ref" else _rewrite(v))
            for k, v in node.items()
            if k != "example"
        }
    if isinstance(node, list):
        return [_rewrite(v) for v in node]
    return node


def api(*names: str) -> dict[str, Any]:
    """The named service components (and those they reference), as $defs."""
    wanted = list(names)
    out: dict[str, Any] = {}
    while wanted:
        name = wanted.pop()
        if name in out:
            continue
        out[name] = _rewrite(copy.deepcopy(API[name]))
        text = json.dumps(API[name])
        wanted += [n for n in API if f'"#/components/schemas/{n}"' in text]
    return out


def document(
    name: str, title: str, desc: str, body: dict[str, Any], defs: dict[str, Any] | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE_URI}{name}.schema.json",
        "title": title,
        "description": desc,
        **body,
    }
    if defs:
        out["$defs"] = defs
    return out


MESSAGES = {
    "message_zh": {**STR, "description": "中文说明 / the message in Chinese"},
    "message_en": {**STR, "description": "the message in English"},
}
EXPLANATION = array(STR, description="--explain only: the reasoning, one line per item (--lang)")

PROBLEM = obj(
    {
        "code": {
            **STR,
            "pattern": "^GR[0-9]{3}$",
            "description": "rule code (gridrules rules CODE)",
        },
        "rule": {**STR, "description": "rule name, e.g. unknown-reference"},
        "level": {"enum": ["error", "warning"]},
        "file": {**STR, "description": "file as given on the command line"},
        "line": nullable({"type": "integer", "minimum": 1}),
        "column": nullable({"type": "integer", "minimum": 1}),
        "path": nullable({**STR, "description": "where in the document: roles[2].tier"}),
        "value": {
            "description": "the offending value (a non-scalar as text), or null",
            "type": ["string", "number", "boolean", "null"],
        },
        "message": {**STR, "description": "the message in the language asked for (--lang)"},
        **MESSAGES,
        "hint": nullable({**STR, "description": "how to fix it (--lang), when the rule knows"}),
    },
    "a problem a rule found",
)
VALIDATION_PROPS = {
    "version": {"const": 1, "description": "format version of this document"},
    "jurisdictions": array(STR, description="the jurisdiction folders validated"),
    "summary": obj({"errors": INT, "warnings": INT}),
    "problems": array(ref("Problem")),
}

ERROR_CODES = (
    "usage, unreadable, invalid_policy, internal, interrupted, a query error's own code "
    "(unknown_matter, unknown_grid, unknown_principal, unknown_role, …) or the error's kind "
    "(request, store, git, render, compile, auth_config, error)"
)
ERROR = obj(
    {
        "code": {**STR, "description": ERROR_CODES},
        "exit_code": {"enum": [1, 2, 3, 130], "description": "the process's exit code"},
        "message": {**STR, "description": "the message in the language asked for (--lang)"},
        **MESSAGES,
        "exception": {**STR, "description": "internal errors only: the exception's class"},
        "log": nullable({**STR, "description": "internal errors only: the crash log's path"}),
    },
    "what went wrong",
    required=["code", "exit_code", "message", "message_zh", "message_en"],
)

DECISION = copy.deepcopy(API["Decision"])
del DECISION["properties"]["error"]
DECISION["required"].remove("error")
DECISION["description"] = "The answer to one request (`policy_version`: the version that decided)."
DECISION["properties"]["reason"] = {
    "enum": list(REASONS_VOCABULARY.ids),
    "description": REASONS_VOCABULARY.describe(),
}
DECISION["properties"]["message"] = {**STR, "description": "the message in the --lang language"}
DECISION["properties"]["explanation"] = EXPLANATION
DECISION["required"].append("message")

RELEASE = obj(
    {
        "release": {"type": "integer", "description": "the release's number in the store"},
        "jurisdiction": STR,
        "digest": {**STR, "description": "digest of the stored files"},
        "version_hash": STR,
        "git_commit": nullable(STR),
        "git_dirty": nullable(BOOL),
        "note": STR,
        "published_by": STR,
        "published_at": {**STR, "description": "ISO date-time"},
    },
    "a release (publish --history lists these)",
)

SCHEMAS: dict[str, dict[str, Any]] = {
    "error": document(
        "error",
        "gridrules error outcome (any command, --format json)",
        "What every command with --format json prints when it cannot answer: a usage error, "
        "an unreadable file, an unknown id, a refused invalid policy, an internal error. A refused "
        "invalid policy adds the fields of `validate --format json` (version, jurisdictions, "
        "summary, problems).",
        {
            "type": "object",
            "properties": {"error": ref("Error"), **VALIDATION_PROPS},
            "required": ["error"],
            "dependentRequired": {"problems": ["version", "jurisdictions", "summary"]},
        },
        {"Error": ERROR, "Problem": PROBLEM},
    ),
    "validate": document(
        "validate",
        "gridrules validate --format json",
        "Every problem found in the jurisdictions validated (exit 0 clean or warnings only, "
        "1 errors or --strict warnings, 2 unreadable input).",
        obj(VALIDATION_PROPS),
        {"Problem": PROBLEM},
    ),
    "check": document(
        "check",
        "gridrules check --format json",
        "One decision; with --request FILE holding a list, a list of decisions in its order "
        "(exit 0 all allowed, 1 any denied).",
        {"oneOf": [ref("Decision"), array(ref("Decision"))]},
        {"Decision": DECISION},
    ),
    "route": document(
        "route",
        "gridrules route --format json",
        "A matter's escalation chain from a grid (or the generic chain), bottom up.",
        ref("Route"),
        api("Route"),
    ),
    "who": document(
        "who",
        "gridrules who --format json",
        "The roles (and roster people) who may take an action on a matter in a grid "
        "(exit 0 someone may, 1 nobody may).",
        {
            "allOf": [ref("WhoCan")],
            "properties": {
                "at": {**STR, "description": "the date judged"},
                "message": {**STR, "description": "the answer in the --lang language"},
                **MESSAGES,
            },
            "required": ["mode", "at", "message", "message_zh", "message_en"],
        },
        api("WhoCan"),
    ),
    "can": document(
        "can",
        "gridrules can --format json",
        "Everything a principal may do: one permission per (action, matter, role, duty, mode) "
        "(exit 0 at least one, 1 none).",
        array(
            {
                "allOf": [ref("Permission")],
                "properties": {
                    "action": {"enum": list(ACTIONS_VOCABULARY.ids)},
                    "mode": {"enum": list(MODES_VOCABULARY.ids)},
                    "grid": {**STR, "description": "the node the scope starts from"},
                },
                "required": ["matter_names", "source"],
            }
        ),
        api("Permission"),
    ),
    "coverage": document(
        "coverage",
        "gridrules coverage --format json",
        "Whether every leaf grid can report and handle every admitted matter, in each mode "
        "(exit 0 no gap, 1 gaps).",
        obj(
            {
                "jurisdiction": STR,
                "at": {**STR, "description": "the date judged (YYYY-MM-DD)"},
                "ok": {**BOOL, "description": "no gap in any mode"},
                "leaves": {**INT, "description": "leaf grids in the registry"},
                "tier_lines": {
                    **INT,
                    "description": "distinct lines of tiers among the leaves (each judged once)",
                },
                "figures": array(
                    obj(
                        {
                            "mode": {"enum": list(MODES_VOCABULARY.ids)},
                            "matters": {**INT, "description": "matters checked in this mode"},
                            "pairs": {**INT, "description": "leaf grids × matters"},
                            "report_gaps": {**INT, "description": "pairs nobody may report"},
                            "handle_gaps": {**INT, "description": "pairs nobody may handle"},
                        },
                        "counts for one mode",
                    )
                ),
                "gaps": array(
                    obj(
                        {
                            "kind": {"enum": ["report", "handle"]},
                            "mode": {"enum": list(MODES_VOCABULARY.ids)},
                            "matter": STR,
                            "matter_names": ref("Names"),
                            "tiers": array(STR, description="the leaves' line of tiers, bottom up"),
                            "grid_count": INT,
                            "grids": array(STR, description="every leaf grid affected"),
                            **MESSAGES,
                            "fixes": array(
                                obj(
                                    {
                                        "location": {**STR, "description": "file:line:col"},
                                        "file": STR,
                                        "line": nullable({"type": "integer"}),
                                        "column": nullable({"type": "integer"}),
                                        "zh": STR,
                                        "en": STR,
                                    },
                                    "an edit that would close the gap, and where",
                                )
                            ),
                        },
                        "a matter that cannot be reported or handled from a group of leaves",
                    )
                ),
            }
        ),
        api("Names"),
    ),
    "test": document(
        "test",
        "gridrules test --format json",
        "The policy test suites run (exit 0 all passed, 1 a case failed, 2 unreadable suite "
        "or invalid policy: then `problems` lists why).",
        obj(
            {
                "summary": obj(
                    {
                        "suites": INT,
                        "cases": INT,
                        "failures": INT,
                        "errors": {**INT, "description": "problems that stopped suites running"},
                    }
                ),
                "suites": array(
                    obj(
                        {
                            "file": STR,
                            "name": STR,
                            "jurisdiction": STR,
                            "cases": array(
                                obj(
                                    {
                                        "name": STR,
                                        "location": {**STR, "description": "file:line:col"},
                                        "kind": {"enum": ["request", "route"]},
                                        "passed": BOOL,
                                        "failure": nullable(
                                            {**STR, "description": "what differed (--lang)"}
                                        ),
                                        "explanation": array(
                                            STR, description="--explain only, else empty"
                                        ),
                                    }
                                )
                            ),
                        }
                    )
                ),
                "problems": array(ref("Problem")),
                "untested": array(STR, description="jurisdictions without a tests/ folder"),
            }
        ),
        {"Problem": PROBLEM},
    ),
    "export": document(
        "export",
        "gridrules export --casbin DIR --format json",
        "What was written (model.conf, policy.csv and, with --format json, runtime.json) and "
        "the figures an app needs.",
        obj(
            {
                "model": {**STR, "description": "path of model.conf"},
                "policy": {**STR, "description": "path of policy.csv"},
                "runtime": {**STR, "description": "path of runtime.json"},
                "rows": obj({"p": INT, "g": INT, "g2": INT, "g3": INT}, "policy.csv rows by kind"),
                "epochs": array(
                    {**STR, "format": "date"},
                    description="dates where admissions start or end (epoch cuts)",
                ),
                "plans": array(STR, description="emergency plan ids a request may name"),
                "casbin": obj(
                    {
                        "max_hops": INT,
                        "needed_hops": INT,
                        "hops": {"type": "object", "additionalProperties": INT},
                        "fits_default": BOOL,
                    },
                    "role-graph depth against Casbin's default of 10 links",
                ),
                "checklist": array(
                    obj({"key": STR, "en": STR, "zh": STR}),
                    description="what an app enforcing policy.csv must do besides asking Casbin",
                ),
            }
        ),
    ),
    "publish": document(
        "publish",
        "gridrules publish --format json",
        "The release published, re-published or found current; with --history, a list of "
        "releases, newest first.",
        {
            "oneOf": [
                {
                    "allOf": [ref("Release")],
                    "properties": {
                        "status": {
                            "enum": ["published", "rollback", "current"],
                            "description": "published: new content; rollback: stored content "
                            "made current again; current: nothing to do",
                        },
                        "version": {**STR, "description": "the version decisions will carry"},
                    },
                    "required": ["status", "version"],
                },
                array(ref("Release")),
            ]
        },
        {"Release": RELEASE},
    ),
    "build": document(
        "build",
        "gridrules build --format json",
        "The compiled snapshot written (and loaded back, as a replica would, before exit 0).",
        obj(
            {
                "snapshot": {**STR, "description": "the file written"},
                "format": {**INT, "description": "the snapshot format version"},
                "sha256": {**STR, "description": "digest of the snapshot's payload"},
                "bytes": {**INT, "description": "payload size before compression"},
                "file_bytes": {**INT, "description": "size of the file on disk"},
                "jurisdiction": STR,
                "version": {**STR, "description": "the policy version decisions will carry"},
                "seconds": obj(
                    {
                        "load_validate_compile": {"type": "number", "minimum": 0},
                        "write": {"type": "number", "minimum": 0},
                        "load_back": {"type": "number", "minimum": 0},
                    },
                    "time each stage took",
                ),
            },
            required=["snapshot", "format", "sha256", "jurisdiction", "version"],
        ),
    ),
    "workload": document(
        "workload",
        "gridrules workload --format json",
        "Hours a month the duty schedules put on each worker and grid (exit 0 within the "
        "limits, 1 grids over them). Its top level only, while the command is new: the "
        "schedules, roles, streets, grids and workers lists are described in its docs.",
        obj(
            {
                "schema": {"const": "gridrules.workload/1"},
                "jurisdiction": STR,
                "name": STR,
                "at": {**STR, "description": "the date judged (YYYY-MM-DD)"},
                "formula": obj({"zh": STR, "en": STR}, "the formula, in words"),
                "assumed": array(STR, description="schedules whose minutes are estimates"),
                "assumed_note": obj({"zh": STR, "en": STR}),
                "limits": {"type": "object"},
                "summary": obj(
                    {
                        "workers": INT,
                        "grids": INT,
                        "mean_hours": {"type": "number"},
                        "max_hours": {"type": "number"},
                        "grids_over": INT,
                    }
                ),
                "schedules": array({"type": "object"}),
                "roles": array({"type": "object"}),
                "streets": array({"type": "object"}),
                "grids": array({"type": "object"}),
                "workers": array({"type": "object"}),
            }
        ),
    ),
}


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


# The diff report's own schema is written by hand, except the list of what a
# definition change can be a change of: each document kind declares its `changes`.
DEFINITION_KINDS = re.compile(
    r'(?m)^(\s*"kind": \{"enum": )\[[^\]\n]*"jurisdiction"[^\]\n]*\](\},?)$'
)


def diff_schema() -> str:
    """src/gridrules/diff/report.schema.json with its definition kinds from the registry."""
    text = DIFF_SCHEMA.read_text(encoding="utf-8")
    listed = json.dumps(list(diff_kinds()), ensure_ascii=False)
    out, n = DEFINITION_KINDS.subn(lambda m: f"{m.group(1)}{listed}{m.group(2)}", text)
    if n != 1:
        raise SystemExit(f"{DIFF_SCHEMA}: the definition 'kind' enum line was not found once")
    return out


def outputs() -> dict[str, str]:
    """File name → text of every output schema (diff's is a copy of its own schema)."""
    files = {f"{name}.schema.json": render(schema) for name, schema in SCHEMAS.items()}
    files["diff.schema.json"] = diff_schema()
    return files


def main() -> int:
    files = outputs()
    DIFF_SCHEMA.write_text(files["diff.schema.json"], encoding="utf-8")
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (OUT / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} schemas to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
