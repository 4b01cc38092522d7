"""The pieces every kind's JSON Schema (draft-07) is written with, and the parts two kinds share.

Each kind module (gridrules.kinds.<kind>) builds its schema from these in `schema()`;
scripts/build_schemas.py writes them to schemas/. Draft-07 because the YAML language
server that editors use does not support 2020-12.
"""

from __future__ import annotations

from typing import Any

from gridrules.names import CODE_PATTERN, ID_PATTERN
from gridrules.vocabulary import ACTIONS_VOCABULARY, Vocabulary

BASE_URI = "https://gridrules.org/schemas/v1/"
# Ids and codes travel unchanged through Casbin CSV rows, file names and URLs (gridrules.names).
ID = ID_PATTERN
CODE = CODE_PATTERN
DURATION = r"^[1-9][0-9]*[mhd]$"
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
ACTIONS = list(ACTIONS_VOCABULARY.ids)


def closed_set(vocabulary: Vocabulary[Any], desc: str = "") -> dict[str, Any]:
    """An enum of one of the domain's closed sets, described from gridrules.vocabulary."""
    text = vocabulary.describe()
    return {"enum": list(vocabulary.ids), "description": f"{desc} — {text}" if desc else text}


def d(zh: str, en: str) -> str:
    return f"{zh} / {en}"


def obj(props: dict[str, Any], required: list[str], desc: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "description": desc,
        "properties": props,
        "required": required,
        "additionalProperties": False,
        **extra,
    }


def one_or_many(props: dict[str, Any], required: list[str], desc: str) -> dict[str, Any]:
    """An object, or a non-empty list of such objects."""
    item = obj(props, required, desc)
    return {"description": desc, "oneOf": [item, {"type": "array", "minItems": 1, "items": item}]}


def ident(desc: str) -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": ID,
        "description": desc
        + "（小写英文字母开头，其后仅小写字母、数字和 _，不含点号和连字符 / a lower-case letter, "
        "then lower-case letters, digits and _; no dots or hyphens）",
    }


def code(desc: str) -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": CODE,
        "description": desc
        + "（英文字母、数字、_ . -，最长 64 个字符 / ASCII letters, digits, _ . -, up to 64）",
    }


def text(desc: str) -> dict[str, Any]:
    return {"type": "string", "description": desc}


def ids(desc: str) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string", "pattern": ID}, "description": desc}


def duration(desc: str) -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": DURATION,
        "description": desc + "（如 30m、2h、3d / e.g. 30m, 2h, 3d）",
    }


def date(desc: str) -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": DATE,
        "format": "date",
        "description": desc + "（YYYY-MM-DD）",
    }


NAME = text(d("中文名称", "Chinese name"))
NAME_EN = text(d("英文名称（可选）", "English name (optional)"))
DESCRIPTION = text(d("说明", "description"))


def header(kind: str, desc: str) -> dict[str, Any]:
    return {
        "kind": {"const": kind, "description": d("文档类型", "document kind")},
        "version": {
            "const": 1,
            "description": d("格式版本，目前为 1", "format version, currently 1"),
        },
    }


def document(
    kind: str, title: str, desc: str, props: dict[str, Any], required: list[str]
) -> dict[str, Any]:
    schema = obj({**header(kind, desc), **props}, ["kind", "version", *required], desc)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"{BASE_URI}{kind}.schema.json",
        "title": title,
        **schema,
    }


def named(props: dict[str, Any], required: list[str], desc: str) -> dict[str, Any]:
    return obj(
        {
            "id": ident(d("标识（英文小写）", "identifier (lower-case English)")),
            "name": NAME,
            "name_en": NAME_EN,
            **props,
        },
        ["id", "name", *required],
        desc,
    )


GRANT_PROPS: dict[str, Any] = {
    "actions": {
        "type": "array",
        "minItems": 1,
        "uniqueItems": True,
        "items": {"enum": ACTIONS},
        "description": ACTIONS_VOCABULARY.describe(),
    },
    "matters": ids(d("事项标识", "matter ids")),
    "categories": ids(
        d("事项类别标识（含该类全部事项）", "category ids (every matter in the category)")
    ),
    "description": DESCRIPTION,
}
