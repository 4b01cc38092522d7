"""Formatters over a `DiffReport`: text (zh/en), Markdown (a review comment) and JSON.

JSON is language-neutral (ids, codes, both names) and versioned by its
`schema` field; its shape is documented in docs/diff.md and checked against
gridrules/diff/report.schema.json by the tests.
"""

from __future__ import annotations

from collections.abc import Callable

from gridrules.diff.compare import DiffReport
from gridrules.diff.report_json import SCHEMA, as_dict, as_json
from gridrules.diff.report_markdown import markdown
from gridrules.diff.report_text import text
from gridrules.diff.report_words import headline

FORMATS: dict[str, Callable[[DiffReport, str], str]] = {
    "text": text,
    "markdown": markdown,
    "json": as_json,
}

__all__ = ["FORMATS", "SCHEMA", "as_dict", "as_json", "headline", "markdown", "text"]
