"""Running the service: build the app from options, run uvicorn, supervise worker processes.

One worker: uvicorn (uvloop + httptools) in this process; SIGHUP reloads.
Connections are guarded (`protocol.Guards`: header, body and idle timeouts, a
connection cap under the descriptor limit). SIGTERM and SIGINT stop the server
gracefully and `serve` returns 0 after closing what it opened (a store
replica's temporary copy of the policy included).
N workers: this process binds the socket, starts N worker processes that share
it, forwards SIGHUP to every worker (each reloads on its own), restarts a
worker that dies, and stops them all on SIGINT/SIGTERM. An admin reload on
one worker sends SIGHUP here, so all workers follow. Prometheus metrics are
aggregated across workers through PROMETHEUS_MULTIPROC_DIR.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import multiprocessing
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gridrules.service.limits import Limits
from gridrules.service.protocol import Guards

if TYPE_CHECKING:
    from gridrules.service.holder import PolicyHolder

log = logging.getLogger("gridrules.service")

SUPERVISOR_ENV = "GRIDRULES_SUPERVISOR_PID"


@dataclass(frozen=True)
class ServeOptions:
    path: str | None = None
    root: str | None = None
    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 1
    store: str | None = None
    jurisdiction: str | None = None
    tokens: str | None = None
    auth: bool = True
    decision_log: str | None = None
    watch: bool = True
    debounce_ms: int = 200
    limits: Limits = field(default_factory=Limits)
    guards: Guards = field(default_factory=Guards)
    access_log: bool = False
    log_level: str = "info"
    poll_seconds: float = 30.0


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def setup_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("casbin").setLevel(logging.WARNING)  # it logs the whole model at INFO


class Built:
    """What one worker serves: the app, its holder and what must be closed at exit."""

    def __init__(self, app: Any, holder: Any, closers: list[Any]) -> None:
        self.app = app
        self.holder = holder
        self.closers = closers

    def close(self) -> None:
        for close in reversed(self.closers):
            try:
                close()
            except Exception:
                log.exception("cleanup failed")


def build(options: ServeOptions, *, handle_sighup: bool = True, supervised: bool = False) -> Built:
    """Load the policy and build the app; raises GridrulesError (one clear line) when it cannot."""
    from gridrules.errors import GridrulesError
    from gridrules.service.activation import Activation
    from gridrules.service.app import AppConfig, create_app
    from gridrules.service.auth import TokenAuth
    from gridrules.service.holder import FolderSource
    from gridrules.service.log import DecisionLog
    from gridrules.service.metrics import Metrics
    from gridrules.service.store import PolicyStore, StoreSource

    closers: list[Any] = []
    policy_folders: list[Path] = []
    several: list[Any] | None = None
    if options.store is not None:
        store = PolicyStore(options.store)
        store.ensure_schema()
        wanted = [j.strip() for j in (options.jurisdiction or "").split(",") if j.strip()]
        if len(wanted) > 1:  # a set of jurisdictions from the store, each its own replica
            several = []
            for jid in dict.fromkeys(wanted):
                each = StoreSource(PolicyStore(options.store), jid)
                closers.append(each.close)
                several.append(each)
        source: Any = StoreSource(store, options.jurisdiction) if several is None else None
        if source is not None:
            closers.append(source.close)
    else:
        assert options.path is not None
        from gridrules.service.holder import SnapshotFileSource
        from gridrules.service.multi import discover
        from gridrules.snapshot import is_snapshot

        found = None if is_snapshot(options.path) else discover(options.path, options.root)
        if found is not None and len(found) == 1:
            source = found[0]  # a folder holding one jurisdiction: served as today
        elif found is not None:
            several, source = found, None
        elif is_snapshot(options.path):  # a compiled snapshot (gridrules build)
            source = SnapshotFileSource(options.path)
        else:
            source = FolderSource(options.path, root=options.root)
        if found is not None and not found:
            from gridrules.validate import no_jurisdiction_problem

            raise GridrulesError(no_jurisdiction_problem(Path(options.path)).message)
        for each in several or [source]:
            if isinstance(
                each, FolderSource
            ):  # a snapshot file has no folder to keep tokens out of
                policy_folders += [each.folder, *([each.root] if each.root else [])]

    auth = TokenAuth.from_sources(
        options.tokens, policy_folders=policy_folders, enabled=options.auth
    )
    if several is not None:
        from gridrules.service.runner_multi import build_several

        return build_several(options, several, auth, handle_sighup, supervised, closers)
    background: list[Any] = []
    holder = start_holder(source, options, background)
    decision_log = DecisionLog(options.decision_log) if options.decision_log else None
    if decision_log is not None:
        closers.append(decision_log.close)
    after_admin = _after_admin(supervised)
    config = AppConfig(
        limits=options.limits,
        watch=options.watch and isinstance(source, FolderSource),
        debounce_ms=options.debounce_ms,
        handle_sighup=handle_sighup,
        after_admin_reload=after_admin,
        background=background,
    )
    app = create_app(
        holder,
        auth=auth,
        config=config,
        metrics=Metrics(),
        decision_log=decision_log,
        activation=Activation.from_environment(),
    )
    return Built(app, holder, closers)


def start_holder(source: Any, options: ServeOptions, background: list[Any]) -> PolicyHolder:
    """A holder over `source`, loaded once at startup. A policy that does not load refuses the
    start (its problems listed when it did not validate); a store with nothing published yet
    is waited for (not ready until a publish); a store replica follows new releases (its
    listener joins `background`)."""
    from gridrules.decision import PolicyInvalid
    from gridrules.errors import GridrulesError
    from gridrules.service.holder import REJECTED, FolderSource, PolicyHolder, PolicyRejected
    from gridrules.service.store import NothingPublished, StoreError, StoreListener, StoreSource

    waiting = False
    if isinstance(source, StoreSource):
        try:
            waiting = source.newest() is None
        except NothingPublished:
            waiting = True
        except PolicyRejected as exc:  # several jurisdictions and none chosen
            raise StoreError(exc.message) from None
    holder = PolicyHolder(source, freeze_gc=True)
    first = holder.reload("startup")
    if waiting:
        log.warning("nothing published to %s yet; not ready until a publish", source.description)
    elif first.status == REJECTED:
        assert first.rejection is not None
        if isinstance(source, FolderSource) and first.rejection.problems:
            raise PolicyInvalid(str(source.folder), first.rejection.problems)
        raise GridrulesError(first.rejection.message)
    if isinstance(source, StoreSource):
        background.append(StoreListener(holder, source, poll_seconds=options.poll_seconds).task())
    return holder


def _after_admin(supervised: bool) -> Any:
    """After an admin reload or emergency switch on one worker: SIGHUP the supervisor."""
    parent = int(os.environ.get(SUPERVISOR_ENV, "0") or 0) if supervised else 0
    if not parent:
        return None

    def after_admin() -> None:
        os.kill(parent, signal.SIGHUP)

    return after_admin


def _uvicorn_config(app: Any, options: ServeOptions) -> Any:
    import uvicorn

    from gridrules.service.protocol import guarded_protocol

    return uvicorn.Config(
        app,
        host=options.host,
        port=options.port,
        loop="uvloop",
        http=guarded_protocol(options.guards),
        lifespan="on",
        access_log=options.access_log,
        log_config=None,
        log_level=options.log_level,
        server_header=False,
        timeout_keep_alive=options.guards.idle_timeout,
        timeout_graceful_shutdown=10,
        backlog=4096,
    )


def _server(config: Any) -> Any:
    """uvicorn.Server that stops on SIGTERM/SIGINT and returns, instead of re-raising the
    signal once stopped (which made `serve` die by SIGTERM, exit -15, before cleaning up)."""
    import signal as signals

    import uvicorn

    class Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            handled = (signals.SIGINT, signals.SIGTERM)
            original = {sig: signals.signal(sig, self.handle_exit) for sig in handled}
            try:
                yield
            finally:
                for sig, handler in original.items():
                    signals.signal(sig, handler)

    return Server(config)


def serve(options: ServeOptions) -> int:
    """Run until SIGINT/SIGTERM. Returns the exit code."""
    setup_logging(options.log_level)
    if not is_loopback(options.host):
        log.warning(
            "binding to %s: the service is reachable from other machines; "
            "put TLS in front of it and keep tokens secret",
            options.host,
        )
    if options.workers <= 1:
        return _serve_one(options)
    return Supervisor(options).run()


def _serve_one(options: ServeOptions, sock: socket.socket | None = None) -> int:
    built = build(options, supervised=sock is not None)
    try:
        server = _server(_uvicorn_config(built.app, options))
        server.run(sockets=[sock] if sock is not None else None)
        return 0 if server.started or sock is not None else 1
    finally:
        built.close()


def _worker_main(options: ServeOptions, sock: socket.socket) -> None:  # pragma: no cover - child
    setup_logging(options.log_level)
    from gridrules.errors import GridrulesError

    try:
        sys.exit(_serve_one(options, sock))
    except GridrulesError as exc:
        log.error("worker %d: %s", os.getpid(), exc.format_message())
        sys.exit(exc.exit_code)


class Supervisor:
    """N worker processes on one listening socket; SIGHUP fans out to all of them."""

    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        self.workers: list[multiprocessing.process.BaseProcess] = []
        self.stopping = False
        self.hup = False

    def run(self) -> int:
        # Validate once here so a bad policy or token file fails with one line, not N tracebacks.
        built = build(self.options, handle_sighup=False)
        built.close()

        metrics_dir = Path(tempfile.mkdtemp(prefix="gridrules-metrics-"))
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
        os.environ[SUPERVISOR_ENV] = str(os.getpid())
        # the emergency plan activated through the admin API, shared by every worker
        from gridrules.service.activation import ACTIVATION_ENV

        os.environ.setdefault(ACTIVATION_ENV, str(metrics_dir / "activation.json"))
        sock = _bind(self.options.host, self.options.port)
        ctx = multiprocessing.get_context("spawn")
        old = {
            sig: signal.signal(sig, self._on_signal)
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
        }
        log.info(
            "serving on http://%s:%d with %d workers",
            self.options.host,
            self.options.port,
            self.options.workers,
        )
        restarts: list[float] = []
        try:
            for _ in range(self.options.workers):
                self.workers.append(self._start(ctx, sock))
            while not self.stopping:
                time.sleep(0.2)
                if self.hup:
                    self.hup = False
                    for worker in self.workers:
                        if worker.pid is not None and worker.is_alive():
                            os.kill(worker.pid, signal.SIGHUP)
                for i, worker in enumerate(self.workers):
                    if worker.is_alive() or self.stopping:
                        continue
                    _mark_dead(worker.pid)
                    now = time.monotonic()
                    restarts = [t for t in restarts if now - t < 60] + [now]
                    if len(restarts) > 5 * self.options.workers:
                        log.error("workers keep dying; stopping")
                        self.stopping = True
                        break
                    log.warning("worker %s exited (%s); restarting", worker.pid, worker.exitcode)
                    self.workers[i] = self._start(ctx, sock)
        finally:
            for worker in self.workers:
                if worker.is_alive():
                    worker.terminate()
            for worker in self.workers:
                worker.join(10)
                if worker.is_alive():
                    worker.kill()
                    worker.join(5)
            for sig, handler in old.items():
                signal.signal(sig, handler)
            sock.close()
            shutil.rmtree(metrics_dir, ignore_errors=True)
        return 0

    def _start(self, ctx: Any, sock: socket.socket) -> multiprocessing.process.BaseProcess:
        worker: multiprocessing.process.BaseProcess = ctx.Process(
            target=_worker_main, args=(self.options, sock), daemon=False
        )
        worker.start()
        return worker

    def _on_signal(self, signum: int, frame: Any) -> None:
        if signum == signal.SIGHUP:
            self.hup = True
        else:
            self.stopping = True


def _mark_dead(pid: int | None) -> None:
    if pid is None or not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]  # unannotated in prometheus_client


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(4096)
    sock.set_inheritable(True)
    return sock
