"""JSON Schema (draft-07) validation of one document, with every error positioned."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from jsonschema import Draft7Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from gridrules.problems import Level, Problem, Text, json_path
from gridrules.resources import schemas_dir
from gridrules.sources import YamlDocument

KINDS = (
    "jurisdiction",
    "tiers",
    "roles",
    "matters",
    "responsibilities",
    "admission",
    "escalation",
    "party",
    "emergency",
    "grids",
    "roster",
    "schedules",
    "registers",
)


@cache
def validator(kind: str) -> Draft7Validator:
    schema = json.loads((schemas_dir() / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return Draft7Validator(schema, format_checker=FormatChecker())


def schema_problems(doc: YamlDocument, kind: str) -> list[Problem]:
    problems = []
    for error in validator(kind).iter_errors(doc.data):
        path: tuple[Any, ...] = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            extra = _extra_keys(error)
            if extra:  # point at the unexpected key itself, not its parent mapping
                path = (*path, extra[0])
        problems.append(
            Problem(
                "GR100",
                "schema",
                Level.ERROR,
                _message(error),
                doc.locate(path),
                path=json_path(path),
                value=_short(error.instance),
                hint=_hint(error),
            )
        )
    return problems


def _schema_of(error: ValidationError) -> Mapping[str, Any]:
    """The (sub)schema that failed; jsonschema types it as possibly a bare bool or unset."""
    return error.schema if isinstance(error.schema, Mapping) else {}


def _extra_keys(error: ValidationError) -> list[str]:
    allowed = set(_schema_of(error).get("properties", {}))
    return (
        [k for k in error.instance if k not in allowed] if isinstance(error.instance, dict) else []
    )


def _short(value: Any) -> Any:
    if isinstance(value, dict | list):
        return None  # whole mappings are noise in a one-line report
    return value


def _field(error: ValidationError) -> str:
    parts = [p for p in error.absolute_path if isinstance(p, str)]
    return parts[-1] if parts else "(document)"


def _message(error: ValidationError) -> Text:
    v, field, inst = error.validator, _field(error), error.instance
    if v == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else "?"
        return Text(f"缺少必填字段 “{missing}”", f"missing required field '{missing}'")
    if v == "additionalProperties":
        extra = ", ".join(_extra_keys(error))
        return Text(f"未知字段 “{extra}”", f"unknown field '{extra}'")
    if v == "enum":
        values = error.validator_value
        options = ", ".join(map(str, values)) if isinstance(values, list) else str(values)
        return Text(
            f"“{field}” 的取值 {inst!r} 不在可选范围内（{options}）",
            f"'{field}' is {inst!r}, not one of: {options}",
        )
    if v == "const":
        return Text(
            f"“{field}” 必须是 {error.validator_value!r}，实为 {inst!r}",
            f"'{field}' must be {error.validator_value!r}, got {inst!r}",
        )
    if v == "type":
        want = error.validator_value
        return Text(
            f"“{field}” 类型应为 {want}，实为 {type(inst).__name__}：{inst!r}",
            f"'{field}' should be {want}, got {type(inst).__name__}: {inst!r}",
        )
    if v == "pattern":
        return Text(
            f"“{field}” 的值 {inst!r} 格式不对（应匹配 {error.validator_value}）",
            f"'{field}' value {inst!r} does not match {error.validator_value}",
        )
    if v == "format":
        return Text(
            f"“{field}” 不是有效的{error.validator_value}：{inst!r}",
            f"'{field}' is not a valid {error.validator_value}: {inst!r}",
        )
    if v in ("minimum", "exclusiveMinimum"):
        return Text(
            f"“{field}” 的值 {inst!r} 过小（下限 {error.validator_value}）",
            f"'{field}' value {inst!r} is below {error.validator_value}",
        )
    if v in ("minItems", "minProperties"):
        return Text(f"“{field}” 不能为空", f"'{field}' must not be empty")
    if v == "uniqueItems":
        return Text(f"“{field}” 有重复项", f"'{field}' has duplicate items")
    if v == "anyOf":
        return Text(
            f"“{field}” 须至少写明 matters 或 categories 之一",
            f"'{field}' needs at least one of matters or categories",
        )
    return Text(f"“{field}”：{error.message}", f"'{field}': {error.message}")


def _hint(error: ValidationError) -> Text | None:
    desc = error.schema.get("description") if isinstance(error.schema, dict) else None
    if error.validator == "additionalProperties":
        allowed = ", ".join(sorted(_schema_of(error).get("properties", {})))
        return Text(f"可用字段：{allowed}", f"allowed fields: {allowed}")
    if error.validator == "required":
        return Text("补上该字段", "add the field")
    if desc:
        return Text(f"字段说明：{desc}", f"field: {desc}")
    return None
