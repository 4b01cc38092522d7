"""The record each document kind declares: `KIND = Kind(...)` in gridrules.kinds.<kind>.

A kind's record says how its files are read (singleton, rows inline or in CSV), where
its JSON Schema comes from, which model classes it yields and how they are built, the
ids it defines (GR202 checks them within a folder), the references it makes (GR201
checks each against the ids some kind's `targets` define) and the definitions
`gridrules diff` compares.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gridrules.model import Origin, Policy
from gridrules.problems import Text
from gridrules.vocabulary import DocumentKind

if TYPE_CHECKING:
    from gridrules.cells import Parser
    from gridrules.loader import Document, Layer

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

    def merged(
        self,
        kind: str,
        key: str,
        make: Callable[[Document, int, dict[str, Any]], Any],
        id_of: Callable[[Any], str] = lambda item: str(item.id),
    ) -> tuple[Any, ...]:
        """The items under `key` in every layer's `kind` documents, built by `make` and merged
        by id: a child's item replaces its parent's (the pair is kept in `overridden`)."""
        from gridrules.build.common import merge_layers  # builders import the loader

        return merge_layers(self.layers, kind, key, make, id_of, self.overridden)

    def own_rows(self, kind: str, make: Callable[[dict[str, Any], Origin], Any]) -> list[Any]:
        """The rows (inline or CSV) of this folder's own `kind` documents, each built by `make`;
        a registry-like kind is never inherited through `extends`."""
        return [make(row.data, row.origin) for doc in self.layers[-1].all(kind) for row in doc.rows]


@dataclass(frozen=True, slots=True)
class Kind:
    kind: DocumentKind  # the name and its words live in gridrules.vocabulary
    schema: Callable[[], Schema]  # its JSON Schema, written to schemas/<kind>.schema.json
    # the file it is written in, by convention "<kind>.yaml" (the `kind` decides, not the name)
    file: str = ""
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

    def __post_init__(self) -> None:
        if not self.file:
            object.__setattr__(self, "file", f"{self.kind.value}.yaml")

    @property
    def name(self) -> str:
        return self.kind.value


def each(
    origin: Origin, at: str | tuple[Any, ...], values: Iterable[str], label: Text, owner: Text
) -> Iterator[Ref]:
    """A reference for each id a list names: the list's field (or path) `at`, then the position."""
    path = (at,) if isinstance(at, str) else at
    for k, value in enumerate(values):
        yield Ref(origin, (*path, k), value, label, owner)


def by_id(diff_kind: str, items: Iterable[Any], key: str = "id") -> Iterator[Defined]:
    """A definition per item, keyed by its field `key` (which the comparison then leaves out)."""
    for item in items:
        yield Defined(diff_kind, getattr(item, key), item, item.origin, (key,))
