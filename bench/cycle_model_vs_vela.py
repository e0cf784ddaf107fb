"""ember's Ethos-U cycle estimates (src/ethosu/sim/cycle_model.cpp for the U55,
src/ethosu/u85/cycle_model.cpp for the U85) against Vela's own per-layer
estimate of the very same compilation, layer by layer and per network: the
MNIST example (untrained), the KWS-sized DS-CNN of bench/ethosu_sim.py and the
models of tests/ethosu/models.py on U55-128 (e8-he) and U55-256 (e8-hp); the
Ethos-U85 suite (int8 and a16w8 suites, networks, the issue's encoder block and
segmentation CNN) on the U85-256 (e8-hp-u85). Prints each network's ratio and
the 5th/50th/95th percentile of the per-layer ratios.

How the layers are matched: Vela's debug database (--enable-debug-db) lists, for
each layer, the command-stream offset of its last command ("queue" table); each
operation ember ran is at the offset its own disassembly gives (the i-th
NPU_OP_* / DMA command is the i-th operation), so a layer owns the operations
after the previous layer's offset up to its own.

    EMBER_TOOL=build/h2-host/apps/host/ember-tool .venv/bin/python bench/cycle_model_vs_vela.py \\
        [--models mnist,kws,conv_stride2,...] [--targets e8-he,e8-hp | e8-hp-u85] [--memory-mode M] [--layers]
"""

import argparse
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "examples" / "mnist"))

OPERATION = re.compile(r"^0x([0-9a-f]{6}):.* - NPU_OP_(CONV|DEPTHWISE|POOL|ELEMENTWISE|RESIZE|DMA_START)\b", re.M)
PROFILE_ROW = re.compile(r"^\s*(\d+)\s+([A-Z]+(?: [a-z_]+)?)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)$", re.M)
TABLE = re.compile(r'<table name="([^"]+)">\s*<!\[CDATA\[\n(.*?)\]\]>', re.S)


@dataclass
class Layer:
    operator: str
    name: str
    vela_cycles: int
    ember_cycles: int = 0
    scheduled_id: str = ""
    operations: list = field(default_factory=list)  # ember's operation names

    @property
    def ratio(self) -> float:
        return self.ember_cycles / self.vela_cycles if self.vela_cycles else float("inf")


@dataclass
class Network:
    name: str
    target: str
    memory_mode: str
    layers: list
    ember_total: int  # every operation ember ran
    vela_total: int

    @property
    def ratio(self) -> float:
        return self.ember_total / self.vela_total


def _tables(debug_xml: Path) -> dict:
    import csv
    tables = {}
    for name, body in TABLE.findall(debug_xml.read_text()):
        rows = list(csv.reader(body.strip().splitlines()))
        tables[name] = [dict(zip(rows[0], r)) for r in rows[1:]]
    return tables


def vela_layers(tosa: Path, placement: dict, accelerator: str, out_dir: Path):
    """Vela's per-layer estimate of the graph ember's export compiled, with the
    command-stream offset of each layer's last command."""
    vela = Path(sys.executable).with_name("vela")
    subprocess.run([str(vela), str(tosa), f"--accelerator-config={accelerator}",
                    f"--config={placement['vela_config']}", f"--system-config={placement['system_config']}",
                    f"--memory-mode={placement['memory_mode']}", "--output-format=raw", f"--output-dir={out_dir}",
                    "--enable-debug-db", "--verbose-performance"], check=True, capture_output=True, text=True)
    (debug,) = out_dir.glob("*_debug.xml")
    tables = _tables(debug)
    perf = {row["id"]: row for row in tables["perf"]}
    layers, by_id = [], {}
    for entry in tables["queue"]:
        row = perf[entry["scheduled_id"]]
        # A layer run in stripes (or cascaded) ends at several offsets: one layer.
        if row["id"] not in by_id:
            by_id[row["id"]] = Layer(row["operator"], row["name"], int(row["op_cycles"]), scheduled_id=row["id"])
        layers.append((int(entry["offset"]), by_id[row["id"]]))
    return layers


def fold_groups(layers, debug_xml_dir: Path):
    """Layers with operations chained into a group (the U85's op chaining): Vela
    charges the group to its first; ember's operations of the others join it."""
    (debug,) = debug_xml_dir.glob("*_debug.xml")
    leader = {row["id"]: row["group_id"] for row in _tables(debug).get("group", []) if row["id"] != row["group_id"]}
    by_id = {layer.scheduled_id: layer for layer in layers}
    kept = []
    for layer in layers:
        head = by_id.get(leader.get(layer.scheduled_id))
        if head is None or head is layer:
            kept.append(layer)
            continue
        head.ember_cycles += layer.ember_cycles
        head.vela_cycles += layer.vela_cycles
        head.operations += layer.operations
    return kept


def ember_operations(tool: str, pte: Path):
    """Per delegate, (stream offset, operation name, cycles) of every operation
    ember ran; and the total."""
    listing = subprocess.run([tool, "inspect", str(pte), "--commands"], check=True, capture_output=True,
                             text=True).stdout
    streams = [[int(m.group(1), 16) for m in OPERATION.finditer(part)]
               for part in listing.split("  delegate EthosUBackend")[1:]]
    profile = subprocess.run([tool, "run", str(pte), "--profile"], check=True, capture_output=True, text=True).stdout
    rows = PROFILE_ROW.findall(profile)
    total = int(re.search(r"operations, \d+ MACs, (\d+) cycles estimated", profile).group(1))
    if len(rows) != sum(len(offsets) for offsets in streams):
        raise RuntimeError(f"{len(rows)} operations ran but the streams list {sum(map(len, streams))}")
    operations = []
    for offsets in streams:
        operations.append([(o, r[1], int(r[4])) for o, r in zip(offsets, rows)])
        rows = rows[len(offsets):]
    return operations, total


def compare(name: str, module, inputs, target: str, work: Path, tool: str, calibration=None,
            memory_mode: str = "auto", activations: str = "int8") -> Network:
    from ember.export import export_model

    keep = work / "keep"
    result = export_model(module, inputs, target, calibration=calibration, io=activations, activations=activations,
                          memory_mode=memory_mode, keep_dir=str(keep))
    pte = work / "model.pte"
    pte.write_bytes(result.pte)
    # One TOSA graph per delegate, in the program's order.
    tosas = sorted((keep / "lowering").glob("output_tag*.tosa"), key=lambda p: int(re.search(r"tag(\d+)", p.name)[1]))
    placement = result.report["placement"]
    streams, ember_total = ember_operations(tool, pte)
    if len(streams) != len(tosas):
        raise RuntimeError(f"{len(streams)} delegates but {len(tosas)} TOSA graphs")
    matched = []
    for i, (tosa, operations) in enumerate(zip(tosas, streams)):
        layers = vela_layers(tosa, placement, result.report["target"]["accelerator"], work / f"vela{i}")
        index = 0
        for offset, operation, cycles in operations:
            while index < len(layers) - 1 and offset > layers[index][0]:
                index += 1
            layer = layers[index][1]
            layer.ember_cycles += cycles
            layer.operations.append(operation)
        unique = list({id(layer): layer for _, layer in layers}.values())
        matched += fold_groups(unique, work / f"vela{i}")
    return Network(name, target, placement["memory_mode"], matched, ember_total,
                   sum(layer.vela_cycles for layer in matched))


def models(selected):
    """name -> (module factory, example shape or inputs, activations): the U55 comparison's models."""
    import model as mnist
    from ethosu_sim import KwsCnn
    from tests.ethosu.models import SUITE

    torch.manual_seed(0)
    found = {"mnist": (mnist.model, mnist.example_inputs(), "int8"),
             "kws_ds_cnn": (KwsCnn, (torch.rand(1, 1, 49, 10),), "int8")}
    found.update({name: (factory, shape, "int8") for name, (factory, shape) in SUITE.items()})
    return {n: found[n] for n in (selected or found)}


def u85_models(selected):
    """The Ethos-U85 suite (tests/ethosu/test_u85_vs_tosa_reference.py with
    EMBER_U85_FULL_SUITE=1): the int8 and a16w8 suites, the networks, the issue's two."""
    from tests.ethosu.models import SUITE, SUITE_A16W8
    from tests.ethosu.networks import NETWORKS
    from tests.ethosu.test_u85_vs_tosa_reference import ISSUE_NETWORKS

    found = {name: (factory, shape, "int8") for name, (factory, shape) in {**ISSUE_NETWORKS, **SUITE, **NETWORKS}.items()}
    found.update({name: (factory, shape, "int16") for name, (factory, shape) in SUITE_A16W8.items()})
    return {n: found[n] for n in (selected or found)}


def prepared(factory, shape):
    """The module and its calibration (seeded), or given example inputs without calibration."""
    torch.manual_seed(0)
    module = factory().eval()
    if isinstance(shape, tuple) and shape and isinstance(shape[0], torch.Tensor):
        return module, shape, None
    rng = np.random.default_rng(0)
    calibration = [(torch.from_numpy(rng.standard_normal(shape).astype(np.float32)),) for _ in range(4)]
    return module, calibration[0], calibration


def print_layers(network: Network):
    print(f"\n{network.name} {network.target} ({network.memory_mode})")
    print(f"  {'Vela layer':22s} {'name':28s} {'ember ops':24s} {'ember':>8s} {'Vela':>8s} {'ratio':>6s}")
    for layer in network.layers:
        ops = ", ".join(sorted({f"{layer.operations.count(o)}x {o}" for o in layer.operations}))
        print(f"  {layer.operator:22s} {layer.name[:28]:28s} {ops[:24]:24s} {layer.ember_cycles:8d} "
              f"{layer.vela_cycles:8d} {layer.ratio:6.2f}")


def layer_ratio_percentiles(networks) -> tuple:
    """p5, p50, p95 of ember / Vela over every layer Vela gives cycles."""
    ratios = [layer.ratio for n in networks for layer in n.layers if layer.vela_cycles > 0]
    return tuple(np.percentile(ratios, [5, 50, 95])) if ratios else (float("nan"),) * 3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", help="comma-separated (default: all of the targets' suite)")
    parser.add_argument("--targets", default="e8-he,e8-hp", help="e8-he,e8-hp or e8-hp-u85 (the U85 suite)")
    parser.add_argument("--memory-mode", default="auto")
    parser.add_argument("--layers", action="store_true", help="print every layer")
    args = parser.parse_args()
    from ember.host_tool import tool_path

    tool = str(tool_path())
    networks, failed = [], []
    selected = args.models and args.models.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        for target in args.targets.split(","):
            suite = u85_models(selected) if target == "e8-hp-u85" else models(selected)
            for name, (factory, shape, activations) in suite.items():
                module, inputs, calibration = prepared(factory, shape)
                try:
                    network = compare(name, module, inputs, target, Path(tmp) / f"{name}_{target}", tool,
                                      calibration, args.memory_mode, activations)
                except (RuntimeError, subprocess.CalledProcessError) as e:
                    failed.append(f"{name} {target}: {e}")
                    print(failed[-1], flush=True)
                    continue
                networks.append(network)
                if args.layers:
                    print_layers(network)
                print(f"{network.name} {network.target}: ember {network.ember_total}, Vela {network.vela_total}, "
                      f"ratio {network.ratio:.3f}", flush=True)
    print(f"\n{'network':32s} {'target':9s} {'memory mode':12s} {'ember':>9s} {'Vela':>9s} {'ratio':>6s}  "
          f"worst layer (ratio)")
    for n in networks:
        worst = max((layer for layer in n.layers if layer.vela_cycles > 0),
                    key=lambda layer: abs(np.log(max(layer.ratio, 1e-9))))
        print(f"{n.name:32s} {n.target:9s} {n.memory_mode:12s} {n.ember_total:9d} {n.vela_total:9d} "
              f"{n.ratio:6.3f}  {worst.operator} {worst.name[:24]} ({worst.ratio:.2f})")
    p5, p50, p95 = layer_ratio_percentiles(networks)
    print(f"per-layer ratio ember/Vela: p5 {p5:.3f}, p50 {p50:.3f}, p95 {p95:.3f}")
    for line in failed:
        print(f"not compared: {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
