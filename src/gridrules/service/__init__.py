"""gridrules decision service: the engine over HTTP, with safe hot reload and a PostgreSQL store.

Layers, each usable on its own:

- `holder`  — the atomic current-engine holder and reload logic (no HTTP);
- `app`     — the Starlette app factory over a `PolicyHolder`;
- `auth`, `limits`, `metrics`, `log` — bearer tokens, request limits,
  Prometheus metrics and the JSON-lines decision log;
- `store`   — publishing immutable policy versions to PostgreSQL, loading the
  newest one and following LISTEN/NOTIFY;
- `openapi` — the OpenAPI document (committed as docs/openapi.json);
- `runner`  — uvicorn, worker processes and signals for `gridrules serve`.

The service holds no decision logic: every answer comes from `gridrules.engine`.
"""
