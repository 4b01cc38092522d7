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
"""

from typing import TYPE_CHECKING, Any

from gridrules.loader import LoadResult
from gridrules.policy import load_policy
from gridrules.problems import Level, Problem
from gridrules.validate import ValidationReport, validate_paths

__version__ = "0.1.0"

# The decision API imports casbin; load it on first use so validation and --help stay light.
_LAZY = {
    "Engine": "gridrules.engine",
    "PolicyInvalid": "gridrules.decision",
    "Principal": "gridrules.decision",
    "Request": "gridrules.decision",
    "Decision": "gridrules.decision",
    "Reason": "gridrules.decision",
    "route": "gridrules.route",
}

if TYPE_CHECKING:
    from gridrules.decision import Decision, PolicyInvalid, Principal, Reason, Request
    from gridrules.engine import Engine
    from gridrules.route import route


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'gridrules' has no attribute {name!r}")


__all__ = [
    "Decision",
    "Engine",
    "Level",
    "LoadResult",
    "PolicyInvalid",
    "Principal",
    "Problem",
    "Reason",
    "Request",
    "ValidationReport",
    "__version__",
    "load_policy",
    "route",
    "validate_paths",
]
