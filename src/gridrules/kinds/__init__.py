"""The document kinds: one module per kind, found from gridrules.vocabulary.DocumentKind.

Each member `x` of `DocumentKind` has a module `gridrules.kinds.x` declaring
`KIND = Kind(...)` (gridrules.kinds.base): its files, JSON Schema, model classes,
build step, the ids it defines and the references it makes. The loader, the schema
builder (scripts/build_schemas.py), `build_policy`, rules GR201/GR202 and the
definitions `gridrules diff` compares iterate `registry()`, in the enum's order,
instead of listing kinds.

The modules are imported on the first call, not with this package: they name build
steps that import the loader, which itself asks the registry which kinds there are.
"""

from __future__ import annotations

import importlib
from functools import cache

from gridrules.kinds.base import Build, Defined, Definition, Kind, Ref, Rows, Target
from gridrules.vocabulary import DocumentKind


@cache
def registry() -> tuple[Kind, ...]:
    """Every kind, in DocumentKind's order."""
    found: list[Kind] = []
    for member in DocumentKind:
        module = importlib.import_module(f"{__name__}.{member.value}")
        kind = getattr(module, "KIND", None)
        if not isinstance(kind, Kind) or kind.kind is not member:
            raise RuntimeError(
                f"{module.__name__} must declare KIND = Kind(DocumentKind.{member.name}, …)"
            )
        found.append(kind)
    return tuple(found)


@cache
def documents() -> tuple[Kind, ...]:
    """The kinds a jurisdiction folder holds (every kind but `test`)."""
    return tuple(k for k in registry() if k.document)


@cache
def document_names() -> tuple[str, ...]:
    return tuple(k.name for k in documents())


@cache
def by_name() -> dict[str, Kind]:
    return {k.name: k for k in registry()}


__all__ = [
    "Build",
    "Defined",
    "Definition",
    "Kind",
    "Ref",
    "Rows",
    "Target",
    "by_name",
    "document_names",
    "documents",
    "registry",
]
