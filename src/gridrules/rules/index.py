"""Helpers only the semantic rules use (policy-wide lookups live in gridrules.lookup)."""

from __future__ import annotations

from gridrules.loader import Layer

#: admin levels a grid must sit in (Xi'an DB6101/T 3185-2024: village or community)
COMMUNITY_LEVELS = frozenset({"community", "village"})


# --- layers (extends) ---------------------------------------------------------


def layer_depths(layers: list[Layer]) -> dict[int, int]:
    """id() of each document's source → its layer's depth (0 = the root ancestor).

    Tells which jurisdiction wrote an item: `Origin.source` is the document it came from.
    """
    return {
        id(doc.source): depth
        for depth, layer in enumerate(layers)
        for docs in layer.documents.values()
        for doc in docs
    }
