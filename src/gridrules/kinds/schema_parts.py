"""The pieces every kind's JSON Schema (draft-07) is written with, and the parts kinds share.

Each kind module (gridrules.kinds.<kind>) builds its schema from these in `schema()`;
scripts/build_schemas.py writes them to schemas/. Draft-07 because the YAML language
server that editors use does not support 2020-12.

The words are not here: every description is a catalogue entry in locale/kinds.toml,
written "Chinese / English" into the schema. A kind reads its own through `Words(kind)`,
keyed by the path of the property described (`[schema.<kind>]`); wording many kinds
share comes from `common(key)` (`[schema.common]`), the notes on how a value is written
(ids, codes, durations, dates) from `[schema.note]`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from gridrules.catalogue import msg
from gridrules.kinds.base import Schema as Schema  # re-exported: the kinds write sp.Schema
from gridrules.names import CODE_PATTERN, ID_PATTERN
from gridrules.problems import Text
from gridrules.vocabulary import ACTIONS_VOCABULARY, Vocabulary

BASE_URI = "https://gridrules.org/schemas/v1/"
# Ids and codes travel unchanged through Casbin CSV rows, file names and URLs (gridrules.names).
ID = ID_PATTERN
CODE = CODE_PATTERN
DURATION = r"^[1-9][0-9]*[mhd]$"
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
FORMATIONS = ("single", "converted", "joint")  # how a party organisation is built


def both(text: Text) -> str:
    """A catalogue entry as a schema prints it: "Chinese / English", once where both read alike."""
    return text.zh if text.zh == text.en else f"{text.zh} / {text.en}"


@dataclass(frozen=True, slots=True)
class Words:
    """One kind's descriptions, `[schema.<kind>]` in locale/kinds.toml, by the path of the
    property described: "tiers.parent" (a property of the items of `tiers`), "tiers[]"
    (one item of the list), "document" (the document itself)."""

    kind: str

    def __call__(self, path: str) -> str:
        return both(msg(f"kinds.schema.{self.kind}.{path}"))


def common(key: str) -> str:
    """Wording several schemas share (`[schema.common]`): "matter", "name", "time_limit"…"""
    return both(msg(f"kinds.schema.common.{key}"))


def noted(desc: str, note: str) -> str:
    """A description followed by how the value is written (`[schema.note]`), in brackets."""
    written = both(msg(f"kinds.schema.note.{note}"))
    # a description is one "zh / en" string: its note takes the Chinese brackets
    return msg("kinds.format.noted", desc=desc, note=written).zh


def closed_set(vocabulary: Vocabulary[Any], desc: str = "") -> Schema:
    """An enum of one of the domain's closed sets, described from gridrules.vocabulary."""
    text = vocabulary.describe()
    return {"enum": list(vocabulary.ids), "description": f"{desc} — {text}" if desc else text}


def obj(props: Schema, required: list[str], desc: str, **extra: Any) -> Schema:
    return {
        "type": "object",
        "description": desc,
        "properties": props,
        "required": required,
        "additionalProperties": False,
        **extra,
    }


def one_or_many(props: Schema, required: list[str], desc: str) -> Schema:
    """An object, or a non-empty list of such objects."""
    item = obj(props, required, desc)
    return {"description": desc, "oneOf": [item, {"type": "array", "minItems": 1, "items": item}]}


def typed(json_type: str | list[str], desc: str, **constraints: Any) -> Schema:
    """A value of a JSON type with its constraints, in the order given: typed("integer",
    desc, minimum=1)."""
    return {"type": json_type, **constraints, "description": desc}


def flag(desc: str, default: bool | None = None) -> Schema:
    return typed("boolean", desc) if default is None else typed("boolean", desc, default=default)


def choice(values: Iterable[str], desc: str, **extra: Any) -> Schema:
    """One of a fixed list of values that is not one of the vocabulary's closed sets."""
    return {"enum": list(values), **extra, "description": desc}


def array(desc: str, item: Schema, min_items: int = 0) -> Schema:
    """A list of objects, its description before its item."""
    return {"type": "array", **_least(min_items), "description": desc, "items": item}


def list_of(item: Schema, desc: str, min_items: int = 0, unique: bool = False) -> Schema:
    """A list of values, its item before its description."""
    bounds = {**_least(min_items), **({"uniqueItems": True} if unique else {})}
    return {"type": "array", **bounds, "items": item, "description": desc}


def _least(min_items: int) -> Schema:
    return {"minItems": min_items} if min_items else {}


def strings(desc: str) -> Schema:
    return list_of({"type": "string"}, desc)


def ident(desc: str, noted_syntax: bool = True) -> Schema:
    """An id; its description says how one is written unless `noted_syntax` is false."""
    return typed("string", noted(desc, "id") if noted_syntax else desc, pattern=ID)


def code(desc: str) -> Schema:
    return typed("string", noted(desc, "code"), pattern=CODE)


def text(desc: str) -> Schema:
    return typed("string", desc)


def ids(desc: str, min_items: int = 0) -> Schema:
    """A list of ids (`minItems`, when given, last: the committed schemas say it so)."""
    return {**list_of({"type": "string", "pattern": ID}, desc), **_least(min_items)}


def duration(desc: str) -> Schema:
    return typed("string", noted(desc, "duration"), pattern=DURATION)


def date(desc: str) -> Schema:
    return typed("string", noted(desc, "date"), pattern=DATE, format="date")


NAME = text(common("name"))
NAME_EN = text(common("name_en"))
DESCRIPTION = text(common("description"))
NAMES = {"name": NAME, "name_en": NAME_EN}


def document(
    words: Words, title: str, props: Schema, required: list[str], version: str = ""
) -> Schema:
    """A document of the kind `words` describes: `kind` and `version` first, then `props`."""
    header = {
        "kind": {"const": words.kind, "description": common("kind")},
        "version": {"const": 1, "description": version or common("version")},
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"{BASE_URI}{words.kind}.schema.json",
        "title": title,
        **obj({**header, **props}, ["kind", "version", *required], words("document")),
    }


def named(props: Schema, required: list[str], desc: str) -> Schema:
    """An object with an id and Chinese and English names."""
    return obj({"id": ident(common("id")), **NAMES, **props}, ["id", "name", *required], desc)


def grant(id_desc: str, desc: str, **lead: Schema) -> Schema:
    """A grant of actions on matters or categories (a duty, an emergency grant): `lead`'s
    properties, its id and names, then what it grants."""
    actions = list_of(
        {"enum": list(ACTIONS_VOCABULARY.ids)},
        ACTIONS_VOCABULARY.describe(),
        min_items=1,
        unique=True,
    )
    grants = {
        "actions": actions,
        "matters": ids(common("matter_ids")),
        "categories": ids(common("category_ids")),
        "description": DESCRIPTION,
    }
    return obj(
        {**lead, "id": ident(id_desc), **NAMES, **grants},
        [*lead, "id", "name", "actions"],
        desc,
        anyOf=[{"required": ["matters"]}, {"required": ["categories"]}],
    )
