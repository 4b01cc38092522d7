"""gridrules: rules and roles for community grid governance (网格化服务管理).

The library API that the CLI and the HTTP service call::

    from gridrules import load_policy, validate_paths

    result = load_policy("policies/chengdu-wuhou")
    if result.ok:
        policy = result.policy          # typed, frozen domain model
    for problem in result.problems:
        print(problem.location, problem.code, problem.text("en"))
"""

from gridrules.loader import LoadResult, load_policy
from gridrules.problems import Level, Problem
from gridrules.validate import ValidationReport, validate_paths

__version__ = "0.1.0"

__all__ = [
    "Level",
    "LoadResult",
    "Problem",
    "ValidationReport",
    "__version__",
    "load_policy",
    "validate_paths",
]
