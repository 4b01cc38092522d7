"""`gridrules serve` on several jurisdictions: a holder each, one app (service/multi.py).

Split from gridrules.service.runner: a folder holding several jurisdictions
(folders and snapshot files), or `--store` with a set of jurisdiction ids.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from gridrules.service.runner import Built, ServeOptions, _after_admin, start_holder

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
    from gridrules.service.activation import ACTIVATION_ENV
    from gridrules.service.app import AppConfig
    from gridrules.service.log import DecisionLog
    from gridrules.service.metrics import Metrics
    from gridrules.service.multi import create_multi_app
    from gridrules.service.store import StoreSource

    background: list[Any] = []
    holders = [start_holder(source, options, background) for source in sources]
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
