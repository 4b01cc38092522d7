"""What the register rules (GR860–GR863) share: the example registers and admission lookups."""

from __future__ import annotations

import datetime as dt

from gridrules.model import Policy

REGISTERS_BASE = """\
kind: registers
version: 1
example: true
source: 示例
"""


def admitted_on(policy: Policy, matter: str, on: dt.date) -> bool:
    """The matter has an admission in force on the day (any mode)."""
    return any(a.in_force(on) for a in policy.admissions_by_matter.get(matter, ()))
