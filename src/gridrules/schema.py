"""JSON Schema (draft-07) validation of one document, with every error positioned.

The schemas are schemas/<kind>.schema.json, one per kind of gridrules.kinds (written by
scripts/build_schemas.py from each kind's `schema()`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from jsonschema import Draft7Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from gridrules.catalogue import msg
from gridrules.problems import Level, Problem, Text, json_path
from gridrules.resources import schemas_dir
from gridrules.sources import YamlDocument


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
        return msg("loading.schema.required", missing=missing)
    if v == "additionalProperties":
        extra = ", ".join(_extra_keys(error))
        return msg("loading.schema.additional", extra=extra)
    if v == "enum":
        values = error.validator_value
        options = ", ".join(map(str, values)) if isinstance(values, list) else str(values)
        return msg("loading.schema.enum", field=field, inst=inst, options=options)
    if v == "const":
        return msg("loading.schema.const", field=field, expected=error.validator_value, inst=inst)
    if v == "type":
        want = error.validator_value
        return msg(
            "loading.schema.type", field=field, want=want, name=type(inst).__name__, inst=inst
        )
    if v == "pattern":
        return msg("loading.schema.pattern", field=field, inst=inst, expected=error.validator_value)
    if v == "format":
        return msg("loading.schema.format", field=field, expected=error.validator_value, inst=inst)
    if v in ("minimum", "exclusiveMinimum"):
        return msg("loading.schema.minimum", field=field, inst=inst, expected=error.validator_value)
    if v in ("minItems", "minProperties"):
        return msg("loading.schema.empty", field=field)
    if v == "uniqueItems":
        return msg("loading.schema.unique", field=field)
    if v == "anyOf":
        return msg("loading.schema.duty_scope", field=field)
    return msg("loading.schema.at_field", field=field, message=error.message)


def _hint(error: ValidationError) -> Text | None:
    desc = error.schema.get("description") if isinstance(error.schema, dict) else None
    if error.validator == "additionalProperties":
        allowed = ", ".join(sorted(_schema_of(error).get("properties", {})))
        return msg("loading.schema.additional_hint", allowed=allowed)
    if error.validator == "required":
        return msg("loading.schema.required_hint")
    if desc:
        return msg("loading.schema.described", desc=desc)
    return None
