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
        raise ExportError(f"cannot list ember's kernels with ember-tool ({e})",
                          "build it with `cmake --build build/host --target ember-tool`") from None
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


def unbound_delegates(method: dict) -> list[dict]:
    """The Ethos-U delegate calls whose arguments the delegate's stream cannot bind:
    Vela lists fewer inputs + outputs than the call passes (Vela 5.1 leaves out a
    partition output the partition also reads itself, e.g. a U-Net's skip tensor)."""
    unbound = []
    for index, arguments in method.get("delegate_call_arguments", []):
        delegate = method["delegates"][index]
        if delegate["backend"] != "EthosUBackend" or delegate.get("stream_outputs") is None:
            continue
        if arguments != delegate["stream_inputs"] + delegate["stream_outputs"]:
            unbound.append({"delegate": index, "arguments": arguments, "stream_inputs": delegate["stream_inputs"],
                            "stream_outputs": delegate["stream_outputs"]})
    return unbound


def unbound_error(report: dict) -> ExportError:
    """The error `ember export` ends with when an NPU partition's stream cannot
    return what the program expects of it."""
    first = report["operators"]["unbound_delegates"][0]
    return ExportError(f"Vela's command stream for NPU partition {first['delegate']} of "
                       f"{report['output'] or 'the program'} has {first['stream_inputs']} input(s) and "
                       f"{first['stream_outputs']} output(s) for a call with {first['arguments']} arguments (Vela 5.1 "
                       "drops a partition output the partition also reads itself), so it would not run here or on "
                       "the E8",
                       "export for e8-hp-u85 or e8-he-cpu, change the model so that tensor is not also needed "
                       "off the NPU, or give --allow-missing to keep the program as written")


def missing_error(report: dict, others: list[str]) -> ExportError:
    """The error `ember export` ends with when ember cannot run the program it
    wrote: one line naming the operators (the first three) and the ways on, the
    whole list above it."""
    missing = report["operators"]["missing"]
    named = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
    return ExportError(f"ember has no kernel for {len(missing)} CPU operator(s) of {report['output'] or 'the program'} "
                       f"(target {report['target']['name']}), so it would not load: {named}",
                       f"export for another target (--target {' or '.join(others)}), change the model, or give "
                       "--allow-missing to keep the program as written",
                       detail="CPU operators without a kernel in ember:\n" + "\n".join(f"  {name}" for name in missing))
