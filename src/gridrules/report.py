"""Formatters: problems → human text, JSON, or GitHub Actions annotations."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from gridrules.catalogue import msg
from gridrules.lang import counted
from gridrules.problems import Level, Location, Problem, Text
from gridrules.validate import ValidationReport


def text(report: ValidationReport, lang: str, *, color: bool = False) -> str:
    lines: list[str] = []
    for p in report.problems:
        level = msg(f"core.report.level.{p.level.value}")(lang)
        if color:
            level = f"\033[{31 if p.level.value == 'error' else 33}m{level}\033[0m"
        lines.append(f"{p.location}: {level} {p.code} {p.rule}: {p.text(lang)}")
        if p.hint is not None and p.hint(lang):
            lines.append(f"    {msg('core.report.hint')(lang)}: {p.hint(lang)}")
    lines.append(summary(report, lang))
    return "\n".join(lines) + "\n"


def summary(report: ValidationReport, lang: str) -> str:
    jurisdictions = counted("jurisdiction", len(report.folders))
    if not report.problems:
        return msg("core.report.summary.clean", jurisdictions=jurisdictions)(lang)
    return msg(
        "core.report.summary.problems",
        jurisdictions=jurisdictions,
        errors=counted("error", report.errors),
        warnings=counted("warning", report.warnings),
    )(lang)


def problem_dict(p: Problem, lang: str) -> dict[str, Any]:
    return {
        "code": p.code,
        "rule": p.rule,
        "level": p.level.value,
        "file": p.location.file,
        "line": p.location.line,
        "column": p.location.column,
        "path": p.path,
        "value": p.value
        if isinstance(p.value, str | int | float | bool) or p.value is None
        else str(p.value),
        "message": p.text(lang),
        "message_zh": p.message.zh,
        "message_en": p.message.en,
        "hint": p.hint(lang) if p.hint else None,
    }


def line_problem_dict(
    code: str, rule: str, location: str, message: Text, lang: str
) -> dict[str, Any]:
    """`problem_dict`'s keys for a problem known only by its printed location (file:line:col)."""
    match = _LOCATION.match(location)
    file, line, column = (
        (match.group(1), match.group(2), match.group(3)) if match else (location, None, None)
    )
    where = Location(file, int(line) if line else 0, int(column) if column else 0)
    out = problem_dict(Problem(code, rule, Level.ERROR, message, where), lang)
    out["path"] = None
    return out


_LOCATION = re.compile(r"^(.*?)(?::(\d+)(?::(\d+))?)?$")


def problems_dict(folders: list[str], problems: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON document of `validate --format json`; a refused policy's problems use it too."""
    return {
        "version": 1,
        "jurisdictions": folders,
        "summary": {
            "errors": sum(p["level"] == "error" for p in problems),
            "warnings": sum(p["level"] == "warning" for p in problems),
        },
        "problems": problems,
    }


def as_json(report: ValidationReport, lang: str, *, color: bool = False) -> str:
    payload = problems_dict(report.folders, [problem_dict(p, lang) for p in report.problems])
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _escape(value: str, *, prop: bool = False) -> str:
    # GitHub workflow-command escaping: %, CR, LF always; : and , inside properties.
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def github(report: ValidationReport, lang: str, *, color: bool = False) -> str:
    lines = []
    for p in report.problems:
        props = f"file={_escape(p.location.file, prop=True)}"
        if p.location.line:
            props += f",line={p.location.line},col={p.location.column or 1}"
        props += f",title={_escape(f'{p.code} {p.rule}', prop=True)}"
        message = p.text(lang) + (f" — {p.hint(lang)}" if p.hint else "")
        lines.append(f"::{p.level.value} {props}::{_escape(message)}")
    lines.append(summary(report, lang))
    return "\n".join(lines) + "\n"


FORMATS: dict[str, Callable[..., str]] = {"text": text, "json": as_json, "github": github}
