"""Warnings a reviewer must see: risky admissions and grants introduced by a change.

Each flag is raised only for what the change introduces (not for what the old
policy already had):

| code | raised when |
|---|---|
| `admission_without_approval` | an admission is added (or edited) with an empty approving body or basis document |
| `temporary_without_expiry` | a temporary admission is added (or edited) without an expiry date |
| `excluded_still_granted` | a matter moves onto the excluded list while some role is still granted an action on it |
| `grant_not_admitted` | a new grant of a role at a protected tier names a matter that is not admitted on the date (not admitted, expired or excluded), not even while an emergency plan is active |
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from gridrules.diff.model_diff import Catalogue
from gridrules.diff.permissions import PermissionTable

FLAG_CODES = (
    "admission_without_approval",
    "temporary_without_expiry",
    "excluded_still_granted",
    "grant_not_admitted",
)
_NOT_ADMITTED = ("not_admitted", "expired", "excluded")


@dataclass(frozen=True, slots=True)
class Flag:
    code: str  # one of FLAG_CODES
    matter: str
    roles: tuple[str, ...]  # roles concerned (granted roles), empty for admission flags
    detail: tuple[str, ...]  # missing fields; the matter's status; roles still allowed
    source: str  # file:line:col of the admission, exclusion or grant ("" if unknown)


def _missing(fields: Mapping[str, object] | None) -> tuple[str, ...]:
    if fields is None:
        return ()
    return tuple(k for k in ("approved_by", "basis") if not str(fields.get(k) or "").strip())


def _open_ended(fields: Mapping[str, object] | None) -> bool:
    return fields is not None and bool(fields.get("temporary")) and not fields.get("expires")


def find_flags(
    old: Catalogue,
    new: Catalogue,
    old_table: PermissionTable,
    new_table: PermissionTable,
    locations: Mapping[str, Mapping[str, str]],
) -> tuple[Flag, ...]:
    out: list[Flag] = []
    before, after = old.get("admission", {}), new.get("admission", {})
    admission_at = locations.get("admission", {})
    for matter, fields in after.items():
        missing = _missing(fields)
        if missing and missing != _missing(before.get(matter)):
            out.append(
                Flag(
                    "admission_without_approval",
                    matter,
                    (),
                    missing,
                    admission_at.get(matter, ""),
                )
            )
        if _open_ended(fields) and not _open_ended(before.get(matter)):
            out.append(
                Flag("temporary_without_expiry", matter, (), (), admission_at.get(matter, ""))
            )
    newly_excluded = [m for m in new.get("exclusion", {}) if m not in old.get("exclusion", {})]
    for matter in newly_excluded:
        granted = sorted({k[1] for k in new_table.entries if k[3] == matter})
        if not granted:
            continue
        allowed = sorted(
            {k[1] for k, p in new_table.entries.items() if k[3] == matter and p.allowed}
        )
        out.append(
            Flag(
                "excluded_still_granted",
                matter,
                tuple(granted),
                tuple(allowed),
                locations.get("exclusion", {}).get(matter, ""),
            )
        )
    grouped: dict[tuple[str, str], tuple[set[str], str]] = {}
    for key, permission in new_table.entries.items():
        if key in old_table.entries or not permission.subject:
            continue
        if permission.status not in _NOT_ADMITTED:
            continue
        during = new_table.entries.get(("emergency", *key[1:]))
        if key[0] == "normal" and during is not None and during.allowed:
            continue  # admitted while an emergency plan is active: the grant serves then
        roles, source = grouped.setdefault((key[3], permission.status), (set(), permission.source))
        roles.add(key[1])
    for (matter, status), (roles, source) in grouped.items():
        out.append(Flag("grant_not_admitted", matter, tuple(sorted(roles)), (status,), source))
    order = {code: i for i, code in enumerate(FLAG_CODES)}
    return tuple(sorted(out, key=lambda f: (order[f.code], f.matter)))
