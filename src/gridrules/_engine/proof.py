"""The proof that the decision index is the Casbin enforcer: sample, compare, verify.

Every `Engine` verifies a sample when it is built; tests/test_engine.py runs thousands.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from gridrules._engine.base import EngineBase
from gridrules.compile import epoch_name, grid_name, matter_name
from gridrules.enforcer import CasbinEnforcer
from gridrules.model import ACTIONS


class Proof(EngineBase):
    """The index against the enforcer, on role-level Casbin requests."""

    def verify(self, samples: int, *, seed: int = 0) -> list[str]:
        """Compare the index with the Casbin enforcer on `samples` generated role-level requests.

        Returns a description of each disagreement (empty when they agree).
        """
        requests = self._sample_requests(samples, seed=seed)
        # An enforcer over every p, g and g3 row but only the g2 links the sample reaches
        # (each sampled grid's and home's chain to the root): Casbin's answer to these
        # requests is the same as the full enforcer's, without building it (seconds for a city).
        reached = {g[5:] for r in requests for g in (r[3], r[4])}
        enforcer = (
            self._enforcer
            if self._enforcer is not None
            else CasbinEnforcer(self._casbin_artifacts(reached))
        )
        return [
            f"{rvals}: index {fast}, casbin {slow}"
            for rvals, fast, slow in self._compare(requests, enforcer)
            if fast != slow
        ]

    def _compare(
        self, requests: Iterable[tuple[str, ...]], enforcer: CasbinEnforcer | None = None
    ) -> Iterable[tuple[tuple[str, ...], bool, bool]]:
        """(casbin request, index answer, enforcer answer) for each role-level request."""
        ix = self._ix
        enforcer = enforcer if enforcer is not None else self.enforcer
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
            yield rvals, fast, enforcer.enforce(*rvals)

    def _sample_requests(self, n: int, *, seed: int = 0) -> list[tuple[str, ...]]:
        """Role-level Casbin requests biased towards the interesting cases (mostly granted keys)."""
        rng = random.Random(seed)
        ix = self._ix
        entries = list(ix.emergency.values())
        grids = list(ix.span)
        roles = sorted(self._roles) or ["nobody"]
        matters = sorted(ix.matters) or ["nothing"]
        actions = sorted(ACTIONS)
        by_id = self.policy.grid_by_id
        epochs = len(ix.epoch_cuts) + 1
        plans: list[str | None] = [None, *sorted(self._plans)]
        out: list[tuple[str, ...]] = []
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
                    node = by_id.get(home)
                    home = (node.parent if node is not None else None) or home
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
