"""The proof that the decision index is the Casbin enforcer: sample, compare, verify.

Every `Engine` verifies a sample when it is built; tests/test_engine.py runs thousands.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from gridrules._engine.base import EngineBase
from gridrules.compile import epoch_name, grid_name, matter_name
from gridrules.model import ACTIONS


class Proof(EngineBase):
    """The index against the enforcer, on role-level Casbin requests."""

    def verify(self, samples: int, *, seed: int = 0) -> list[str]:
        """Compare the index with the Casbin enforcer on `samples` generated role-level requests.

        Returns a description of each disagreement (empty when they agree).
        """
        return [
            f"{rvals}: index {fast}, casbin {slow}"
            for rvals, fast, slow in self.compare(self.sample_requests(samples, seed=seed))
            if fast != slow
        ]

    def compare(
        self, requests: Iterable[tuple[str, ...]]
    ) -> Iterable[tuple[tuple[str, ...], bool, bool]]:
        """(casbin request, index answer, enforcer answer) for each role-level request."""
        ix = self._ix
        for rvals in requests:
            role, action, matter, grid, home, mode, epoch = rvals
            emergency = mode == "emergency"
            number, _, plan = epoch[6:].partition(":")
            entry = ix.table(emergency).get((role, action, matter[7:]))
            fast = entry is not None and ix.allows(
                entry,
                action,
                grid[5:],
                home[5:],
                int(number),
                emergency,
                None if plan in ("", "*") else plan,
            )
            yield rvals, fast, self.enforcer.enforce(*rvals)

    def sample_requests(self, n: int, *, seed: int = 0) -> list[tuple[str, ...]]:
        """Role-level Casbin requests biased towards the interesting cases (mostly granted keys)."""
        rng = random.Random(seed)
        ix = self._ix
        entries = list(ix.emergency.values())
        grids = list(ix.span)
        roles = sorted(self._roles) or ["nobody"]
        matters = sorted(ix.matters) or ["nothing"]
        actions = sorted(ACTIONS)
        parents = {g.id: g.parent for g in self.policy.grids}
        epochs = len(ix.epoch_cuts) + 1
        plans: list[str | None] = [None, *sorted(self._plans)]
        out = []
        for _ in range(n):
            if entries and rng.random() < 0.8:
                e = rng.choice(entries)
                role, action, matter = e.role, e.action, e.matter
            else:
                role, action, matter = rng.choice(roles), rng.choice(actions), rng.choice(matters)
            if not grids:
                break
            grid = rng.choice(grids)
            home = grid
            roll = rng.random()
            if roll < 0.5:  # an ancestor of the grid
                for _ in range(rng.randint(0, 4)):
                    home = parents.get(home) or home
            elif roll < 0.8:
                home = rng.choice(grids)
            if rng.random() < 0.05:  # an id outside the registry must fail closed
                grid = rng.choice([grid, "unknown"])
                home = grid if rng.random() < 0.5 else rng.choice([home, "unknown"])
            mode = rng.choice(["normal", "emergency"])
            plan = rng.choice(plans) if mode == "emergency" else None
            out.append(
                (
                    role,
                    action,
                    matter_name(matter),
                    grid_name(grid),
                    grid_name(home),
                    mode,
                    epoch_name(rng.randrange(epochs), mode, plan),
                )
            )
        return out
