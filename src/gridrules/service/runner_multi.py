"""`gridrules serve` on several jurisdictions: a holder each, one app (service/multi.py).

Split from gridrules.service.runner: a folder holding several jurisdictions
(folders and snapshot files), or `--store` with a set of jurisdiction ids.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from gridrules.service.runner import Built, ServeOptions, _after_admin

log = logging.getLogger("gridrules.service")


def build_several(
    options: ServeOptions,
    sources: list[Any],
    auth: Any,
    handle_sighup: bool,
    supervised: bool,
    closers: list[Any],
) -> Built:
    """Every jurisdiction below PATH, each with its own holder (see service/multi.py)."""
    from gridrules.decision import PolicyInvalid
    from gridrules.errors import GridrulesError
    from gridrules.service.activation import ACTIVATION_ENV
    from gridrules.service.app import AppConfig
    from gridrules.service.holder import REJECTED, FolderSource, PolicyHolder
    from gridrules.service.log import DecisionLog
    from gridrules.service.metrics import Metrics
    from gridrules.service.multi import create_multi_app
    from gridrules.service.store import NothingPublished, StoreListener, StoreSource

    holders = []
    background = []
    for source in sources:
        holder = PolicyHolder(source, freeze_gc=True)
        waiting = False
        if isinstance(source, StoreSource):
            try:
                waiting = source.newest() is None
            except NothingPublished:
                waiting = True
            listener = StoreListener(holder, source, poll_seconds=options.poll_seconds)
            background.append(listener.task())
        first = holder.reload("startup")
        if waiting:
            log.warning(
                "nothing published to %s yet; not ready until a publish", source.description
            )
        elif first.status == REJECTED:
            assert first.rejection is not None
            if isinstance(source, FolderSource) and first.rejection.problems:
                raise PolicyInvalid(str(source.folder), first.rejection.problems)
            raise GridrulesError(first.rejection.message)
        holders.append(holder)
    decision_log = DecisionLog(options.decision_log) if options.decision_log else None
    if decision_log is not None:
        closers.append(decision_log.close)
    config = AppConfig(
        limits=options.limits,
        watch=options.watch and not background,
        debounce_ms=options.debounce_ms,
        handle_sighup=handle_sighup,
        after_admin_reload=_after_admin(supervised),
        background=background,
    )
    stored = [s.jurisdiction for s in sources if isinstance(s, StoreSource) and s.jurisdiction]
    app = create_multi_app(
        holders,
        ids=stored if len(stored) == len(holders) else None,
        auth=auth,
        config=config,
        metrics=Metrics(),
        decision_log=decision_log,
        activation_path=os.environ.get(ACTIVATION_ENV) or None,
    )
    log.info("serving %d jurisdictions: %s", len(app.members), ", ".join(app.members))
    return Built(app, holders, closers)
