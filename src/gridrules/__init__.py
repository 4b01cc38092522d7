"""gridrules: rules and roles for community grid governance (网格化服务管理).

The library API that the CLI and the HTTP service call::

    from gridrules import load_policy, validate_paths

    result = load_policy("policies/chengdu-wuhou")
    if result.ok:
        policy = result.policy          # typed, frozen domain model
    for problem in result.problems:
        print(problem.location, problem.code, problem.text("en"))

    from gridrules import Engine, Request

    engine = Engine.load("policies/chengdu-wuhou")   # refuses a policy with errors
    engine.check(Request("W0020", "handle", "neighbour_dispute", "510107001001001"))

`__all__` below is the public API (the package ships `py.typed`); other modules'
names are the package's own and may change between versions.
"""

from typing import TYPE_CHECKING, Any

from gridrules.loader import LoadResult
from gridrules.model import Mode, Policy
from gridrules.policy import load_policy
from gridrules.problems import Level, Location, Problem, Text
from gridrules.validate import ValidationReport, validate_paths

__version__ = "0.1.0"

# The decision API imports casbin; load it on first use so validation and --help stay light.
_LAZY = {
    "Engine": "gridrules.engine",
    "PolicyInvalid": "gridrules.decision",
    "Principal": "gridrules.decision",
    "Request": "gridrules.decision",
    "RequestError": "gridrules.decision",
    "QueryError": "gridrules.decision",
    "Decision": "gridrules.decision",
    "Reason": "gridrules.decision",
    "WhoCan": "gridrules.decision",
    "Permission": "gridrules.decision",
    "Route": "gridrules.route",
    "route": "gridrules.route",
}

if TYPE_CHECKING:
    from gridrules.decision import (
        Decision,
        Permission,
        PolicyInvalid,
        Principal,
        QueryError,
        Reason,
        Request,
        RequestError,
        WhoCan,
    )
    from gridrules.engine import Engine
    from gridrules.route import Route, route


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'gridrules' has no attribute {name!r}")


# The public API. Loading: load_policy(path) -> LoadResult (.policy: Policy, .problems:
# Problem with Level, Location, Text); validate_paths -> ValidationReport. Deciding:
# Engine.load(path).check(Request(..., mode=Mode...)) -> Decision (Reason); .route -> Route,
# .who_can -> WhoCan, .what_can -> [Permission]; PolicyInvalid, RequestError, QueryError.
__all__ = [
    "Decision",
    "Engine",
    "Level",
    "LoadResult",
    "Location",
    "Mode",
    "Permission",
    "Policy",
    "PolicyInvalid",
    "Principal",
    "Problem",
    "QueryError",
    "Reason",
    "Request",
    "RequestError",
    "Route",
    "Text",
    "ValidationReport",
    "WhoCan",
    "__version__",
    "load_policy",
    "route",
    "validate_paths",
]
