"""Whether ember can run a written program: its CPU operators against the kernels
ember's runtime registers and its delegates against ember's backends. The lists
come from `ember-tool kernels --json`, the runtime's own registry, so they are
never written down twice."""

import json
import subprocess
from functools import lru_cache

from .errors import ExportError


@lru_cache(maxsize=1)
def available() -> dict:
    """{"kernels": set of "namespace::name.overload", "delegates": set of backend ids}."""
    from ember.host_tool import tool_path

    try:
        done = subprocess.run([str(tool_path()), "kernels", "--json"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        raise ExportError(f"cannot list ember's kernels with ember-tool ({e}); build it with "
                          "`cmake --build build/host --target ember-tool`") from None
    listed = json.loads(done.stdout)
    return {"kernels": set(listed["kernels"]), "delegates": set(listed["delegates"])}


def annotate(report: dict) -> None:
    """Adds report["operators"]["cpu_kernels"]: each distinct CPU operator of the
    written program with has_kernel, and ["missing"]: what ember cannot run."""
    ops = report["operators"]
    have = available()
    distinct = list(dict.fromkeys(ops["pte_cpu_kernels"]))
    ops["cpu_kernels"] = [{"name": name, "has_kernel": name in have["kernels"]} for name in distinct]
    ops["missing"] = ([k["name"] for k in ops["cpu_kernels"] if not k["has_kernel"]]
                      + [f"delegate {d}" for d in dict.fromkeys(ops["pte_delegates"]) if d not in have["delegates"]])


def missing_message(report: dict, others: list[str]) -> str:
    """The error `ember export` ends with when ember cannot run the program it wrote."""
    missing = report["operators"]["missing"]
    lines = [f"ember has no kernel for {len(missing)} CPU operator(s) of {report['output'] or 'the program'} "
             f"(target {report['target']['name']}); it would fail to load with OperatorMissing:"]
    lines += [f"  {name}" for name in missing]
    lines.append(f"ways on: another target (--target {' or '.join(others)}), a model without these operators, "
                 "or --allow-missing to keep the program as written")
    return "\n".join(lines)
