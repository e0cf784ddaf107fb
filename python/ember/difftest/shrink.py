"""Shrinking a failing network: greedy steps (drop a node, halve the input, halve
a convolution's channels, shrink a kernel, halve a gather's indices), each kept only if the program still
fails the same way on the same NPU, memory mode and weight set."""

import copy

from .generator import value_shapes


def candidates(spec: dict):
    """Smaller specs, most promising first (each one valid)."""
    nodes = spec["nodes"]
    for j in reversed(range(len(nodes))):
        if len(nodes) > 1:
            yield _without_node(spec, j)
    c, h, w = spec["input"]
    for smaller in ([c, max(1, h // 2), w], [c, h, max(1, w // 2)], [max(1, c // 2), h, w]):
        if smaller != spec["input"]:
            yield {**copy.deepcopy(spec), "input": smaller}
    for j, node in enumerate(nodes):
        if node["op"] == "conv" and node["cout"] > node["groups"]:
            half = max(node["groups"], node["cout"] // 2 // node["groups"] * node["groups"])
            yield _with_node(spec, j, cout=half)
        if node["op"] == "conv" and max(node["kernel"]) > 1:
            yield _with_node(spec, j, kernel=[max(1, k - 2) for k in node["kernel"]], padding=[0, 0])
        if node["op"] == "fc" and node["out"] > 1:
            yield _with_node(spec, j, out=max(1, node["out"] // 2))
        if node["op"] == "tconv" and node["cout"] > 1:
            yield _with_node(spec, j, cout=node["cout"] // 2)
        if node["op"] == "tconv" and node["kernel"] > 1:
            yield _with_node(spec, j, kernel=node["kernel"] - 1, padding=0)
        if node["op"] == "gather" and len(node["index"]) > 1:
            yield _with_node(spec, j, index=node["index"][: len(node["index"]) // 2])


def _without_node(spec: dict, j: int) -> dict:
    """Node j removed; its readers read its first input instead."""
    out = copy.deepcopy(spec)
    removed = out["nodes"].pop(j)
    value = j + 1  # value index of node j's output
    for node in out["nodes"]:
        node["in"] = [removed["in"][0] if k == value else (k - 1 if k > value else k) for k in node["in"]]
    return out


def _with_node(spec: dict, j: int, **changes) -> dict:
    out = copy.deepcopy(spec)
    out["nodes"][j].update(changes)
    return out


def shrink(spec: dict, still_fails, budget: int = 40, log=print) -> dict:
    """The smallest spec found for which still_fails(spec) holds, within budget tries."""
    tries = 0
    improved = True
    while improved and tries < budget:
        improved = False
        for candidate in candidates(spec):
            if value_shapes(candidate) is None:
                continue
            tries += 1
            if still_fails(candidate):
                spec = candidate
                improved = True
                log(f"  shrunk to {len(spec['nodes'])} nodes, input {spec['input']}")
                break
            if tries >= budget:
                break
    return spec
