"""What the register rules (GR860–GR863) share: the example registers and admission lookups."""

from __future__ import annotations

import datetime as dt

from gridrules.model import Policy, PushedDownItem, VetoItem
from gridrules.rules.base import Examples

REGISTERS_BASE = """\
kind: registers
version: 1
example: true
source: 示例
"""


def pushed_down(policy: Policy) -> tuple[PushedDownItem, ...]:
    """The burden register's pushed-down entries (none without a registers document)."""
    return policy.registers.pushed_down if policy.registers is not None else ()


def vetoes(policy: Policy) -> tuple[VetoItem, ...]:
    """The one-vote-veto register's entries (none without a registers document)."""
    return policy.registers.veto if policy.registers is not None else ()


def register_examples(entry: str, passing: str, failing: str, field: str = "{status}") -> Examples:
    """registers.yaml with `entry`, its `field` written as it passes and as it fails."""
    shown = {"passing": entry.replace(field, passing), "failing": entry.replace(field, failing)}
    return Examples.of(
        "registers.yaml", REGISTERS_BASE + shown["passing"], REGISTERS_BASE + shown["failing"]
    )


def admitted_on(policy: Policy, matter: str, on: dt.date) -> bool:
    """The matter has an admission in force on the day (any mode)."""
    return any(a.in_force(on) for a in policy.admissions_by_matter.get(matter, ()))
