"""The record each document kind declares: `KIND = Kind(...)` in gridrules.kinds.<kind>.

A kind's record says how its files are read (singleton, rows inline or in CSV), where
its JSON Schema comes from, which model classes it yields and how they are built, the
ids it defines (GR202 checks them within a folder), the references it makes (GR201
checks each against the ids some kind's `targets` define) and the definitions
`gridrules diff` compares.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gridrules.model import Origin, Policy
from gridrules.problems import Text
from gridrules.vocabulary import DocumentKind

if TYPE_CHECKING:
    from gridrules.cells import Parser
    from gridrules.loader import Layer

Schema = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Target:
    """Something a reference may name: its label ("tier") and the ids a policy defines for it."""

    label: Text
    ids: Callable[[Policy], Collection[str]]


@dataclass(frozen=True, slots=True)
class Ref:
    """One reference a built policy makes: where, the id it names and what that should be."""

    origin: Origin
    sub: tuple[Any, ...]
    value: str
    kind: Text  # the target's label
    owner: Text  # who refers, e.g. "tier 'grid' parent"
    scope: str | None = None  # for registry nodes: the tier to look for a near miss in


@dataclass(frozen=True, slots=True)
class Definition:
    """Items of a document that define an id, once per jurisdiction folder (GR202)."""

    key: str  # the list they are written under
    field: str  # the id field; "tier+role": the pair is the identity
    what: Text
    nested: str | None = None  # a list inside each item whose `id`s are unique in the item


@dataclass(frozen=True, slots=True)
class Rows:
    """A registry-like kind: rows inline under `inline`, or in the CSV file `csv` names."""

    inline: str
    required: tuple[str, ...]  # the CSV columns that must be there
    parsers: Mapping[str, Parser]  # by column
    attribute: Parser  # any other column: an attribute
    what: Text  # a row's `id`, unique within the jurisdiction's own rows (GR202)


@dataclass(frozen=True, slots=True)
class Defined:
    """One definition as `gridrules diff` compares it (gridrules.diff.model_diff): its diff
    kind ("tier", "duty"…, listed in the kind's `changes`), key, value and where it is written.

    The value's fields are compared flattened, less `drop` (the parts its key already
    says); with `flat=False` a mapping is compared as it is.
    """

    kind: str
    key: str
    value: Any
    origin: Origin | None
    drop: tuple[str, ...] = ()
    flat: bool = True


@dataclass(slots=True)
class Build:
    """What a kind's build step works from and adds to: the layers (root ancestor first),
    the (parent item, child item) pairs replaced through `extends`, and the Policy fields
    built so far (in registry order: `jurisdiction` is always there)."""

    layers: list[Layer]
    overridden: list[tuple[Any, Any]]
    fields: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Kind:
    kind: DocumentKind  # the name and its words live in gridrules.vocabulary
    file: str  # the file it is written in, by convention (the `kind` decides, not the name)
    schema: Callable[[], Schema]  # its JSON Schema, written to schemas/<kind>.schema.json
    singleton: bool = False  # at most one per folder (GR009)
    document: bool = True  # a policy document (False: `test`, read by gridrules test)
    rows: Rows | None = None
    model: tuple[type, ...] = ()  # the model classes it is built into
    # Policy fields by name; a name Policy has no field for lands in `Policy.extra`.
    build: Callable[[Build], Mapping[str, Any]] | None = None
    references: Callable[[Policy], Iterator[Ref]] | None = None
    targets: tuple[Target, ...] = ()
    definitions: tuple[Definition, ...] = ()
    changes: tuple[str, ...] = ()  # the diff kinds it defines, in the order diff reports them
    defined: Callable[[Policy], Iterator[Defined]] | None = None

    @property
    def name(self) -> str:
        return self.kind.value


__all__ = ["Build", "Defined", "Definition", "Kind", "Ref", "Rows", "Schema", "Target"]
