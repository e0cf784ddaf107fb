"""ember's Ethos-U55 cycle estimate (src/ethosu/sim/cycle_model.cpp) against
Vela's own per-layer estimate of the very same compilation, layer by layer and
per network: the MNIST example (untrained), the KWS-sized DS-CNN of
bench/ethosu_sim.py and the models of tests/ethosu/models.py, on U55-128 (e8-he)
and U55-256 (e8-hp).

How the layers are matched: Vela's debug database (--enable-debug-db) lists, for
each layer, the command-stream offset of its last command ("queue" table); each
operation ember ran is at the offset its own disassembly gives (the i-th
NPU_OP_* / DMA command is the i-th operation), so a layer owns the operations
after the previous layer's offset up to its own.

    EMBER_TOOL=build/h2-host/apps/host/ember-tool .venv/bin/python bench/cycle_model_vs_vela.py \\
        [--models mnist,kws,conv_stride2,...] [--targets e8-he,e8-hp] [--layers]
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

OPERATION = re.compile(r"^0x([0-9a-f]{6}):.* - NPU_OP_(CONV|DEPTHWISE|POOL|ELEMENTWISE|DMA_START)\b", re.M)
PROFILE_ROW = re.compile(r"^\s*(\d+)\s+([A-Z]+(?: [a-z_]+)?)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)$", re.M)
TABLE = re.compile(r'<table name="([^"]+)">\s*<!\[CDATA\[\n(.*?)\]\]>', re.S)


@dataclass
class Layer:
    operator: str
    name: str
    vela_cycles: int
    ember_cycles: int = 0
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
    layers = []
    for entry in tables["queue"]:
        row = perf[entry["scheduled_id"]]
        layers.append((int(entry["offset"]), Layer(row["operator"], row["name"], int(row["op_cycles"]))))
    return layers


def ember_operations(tool: str, pte: Path):
    """(stream offset, operation name, cycles) of every operation ember ran."""
    listing = subprocess.run([tool, "inspect", str(pte), "--commands"], check=True, capture_output=True,
                             text=True).stdout
    offsets = [int(m.group(1), 16) for m in OPERATION.finditer(listing)]
    profile = subprocess.run([tool, "run", str(pte), "--profile"], check=True, capture_output=True, text=True).stdout
    rows = PROFILE_ROW.findall(profile)
    total = int(re.search(r"operations, \d+ MACs, (\d+) cycles estimated", profile).group(1))
    if len(rows) != len(offsets):
        raise RuntimeError(f"{len(rows)} operations ran but the stream lists {len(offsets)} (several delegates?)")
    return [(o, r[1], int(r[4])) for o, r in zip(offsets, rows)], total


def compare(name: str, module, inputs, target: str, work: Path, tool: str, calibration=None,
            memory_mode: str = "auto") -> Network:
    from ember.export import export_model

    keep = work / "keep"
    result = export_model(module, inputs, target, calibration=calibration, io="int8", memory_mode=memory_mode,
                          keep_dir=str(keep))
    pte = work / "model.pte"
    pte.write_bytes(result.pte)
    (tosa,) = sorted((keep / "lowering").glob("output_tag*.tosa"))
    placement = result.report["placement"]
    layers = vela_layers(tosa, placement, result.report["target"]["accelerator"], work / "vela")
    operations, ember_total = ember_operations(tool, pte)
    index = 0
    for offset, operation, cycles in operations:
        while index < len(layers) - 1 and offset > layers[index][0]:
            index += 1
        layer = layers[index][1]
        layer.ember_cycles += cycles
        layer.operations.append(operation)
    matched = [layer for _, layer in layers]
    return Network(name, target, placement["memory_mode"], matched, ember_total,
                   sum(layer.vela_cycles for layer in matched))


def models(selected):
    """name -> (module, example inputs, calibration)."""
    import model as mnist
    from ethosu_sim import KwsCnn
    from tests.ethosu.models import SUITE

    torch.manual_seed(0)
    found = {"mnist": (mnist.model().eval(), mnist.example_inputs(), None),
             "kws_ds_cnn": (KwsCnn().eval(), (torch.rand(1, 1, 49, 10),), None)}
    for name, (factory, shape) in SUITE.items():
        torch.manual_seed(0)
        rng = np.random.default_rng(0)
        calibration = [(torch.from_numpy(rng.standard_normal(shape).astype(np.float32)),) for _ in range(4)]
        found[name] = (factory().eval(), calibration[0], calibration)
    return {n: found[n] for n in (selected or found)}


def print_layers(network: Network):
    print(f"\n{network.name} {network.target} ({network.memory_mode})")
    print(f"  {'Vela layer':22s} {'name':28s} {'ember ops':24s} {'ember':>8s} {'Vela':>8s} {'ratio':>6s}")
    for layer in network.layers:
        ops = ", ".join(sorted({f"{layer.operations.count(o)}x {o}" for o in layer.operations}))
        print(f"  {layer.operator:22s} {layer.name[:28]:28s} {ops[:24]:24s} {layer.ember_cycles:8d} "
              f"{layer.vela_cycles:8d} {layer.ratio:6.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", help="comma-separated (default: all)")
    parser.add_argument("--targets", default="e8-he,e8-hp")
    parser.add_argument("--layers", action="store_true", help="print every layer")
    args = parser.parse_args()
    from ember.host_tool import tool_path

    tool = str(tool_path())
    networks = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (module, inputs, calibration) in models(args.models and args.models.split(",")).items():
            for target in args.targets.split(","):
                work = Path(tmp) / f"{name}_{target}"
                network = compare(name, module, inputs, target, work, tool, calibration)
                networks.append(network)
                if args.layers:
                    print_layers(network)
    print(f"\n{'network':32s} {'target':6s} {'memory mode':12s} {'ember':>9s} {'Vela':>9s} {'ratio':>6s}  "
          f"worst layer (ratio)")
    for n in networks:
        worst = max(n.layers, key=lambda layer: abs(np.log(max(layer.ratio, 1e-9))))
        print(f"{n.name:32s} {n.target:6s} {n.memory_mode:12s} {n.ember_total:9d} {n.vela_total:9d} "
              f"{n.ratio:6.3f}  {worst.operator} {worst.name[:24]} ({worst.ratio:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
