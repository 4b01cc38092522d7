"""The burden registers (减负台账): one-vote-veto items and the burden-reduction register.

Jianggan (004) 严控“一票否决”事项 and 健全完善基层减负挂账清单制度: a department may set a
one-vote veto on a community only on an approved item; work pushed down to communities
without admission is logged on the register (挂账) until it is withdrawn or admitted
(销号). Both are read from `registers.yaml` and checked against the admission lists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gridrules.model.base import Names, Origin

VETO_STATUSES = ("in_force", "under_review", "cancelled")  # 保留、清理中、已取消
PUSHED_STATUSES = ("open", "withdrawn", "admitted", "resolved")  # 挂账、退回、转准入、销号
OPEN_STATUSES = frozenset({"open"})


@dataclass(frozen=True, slots=True)
class VetoItem:
    """一票否决事项: an assessment item on which one failure fails the whole assessment."""

    id: str
    names: Names
    matter: str | None  # the matter it assesses, when one of the policy's
    indicator: str  # the indicator as written, when not (or besides) a matter
    department: str | None  # the department that sets it (escalation department id)
    department_name: str  # as written, when the department is not among the policy's
    status: str  # in_force, under_review, cancelled
    approved_by: str  # who approved keeping it (区委审定)
    note: str
    origin: Origin

    @property
    def in_force(self) -> bool:
        return self.status == "in_force"


@dataclass(frozen=True, slots=True)
class PushedDownItem:
    """基层减负挂账: work a department pushed down, logged until it is resolved (销号)."""

    id: str
    names: Names
    matter: str | None  # the matter pushed down, when one of the policy's
    department: str | None  # the department that pushed it (escalation department id)
    department_name: str  # as written, when not among the policy's departments
    logged: dt.date  # the day it was logged
    status: str  # open, withdrawn, admitted, resolved
    resolution: str  # how it was resolved, as written
    note: str
    origin: Origin

    @property
    def open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True, slots=True)
class Registers:
    veto: tuple[VetoItem, ...]
    pushed_down: tuple[PushedDownItem, ...]
    example: bool  # the entries are example data (the source names the mechanisms only)
    source: str  # where the mechanisms come from, as written
    origin: Origin
