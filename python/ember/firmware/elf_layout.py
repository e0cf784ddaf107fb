"""The layout rules of an Alif E8 firmware image (src/platform/alif-e8/linker.ld),
checked on the ELF against the board's board.json: what the runner and the
deploy files rely on. Reads ELF32 section headers, program headers and symbols
with the standard library.

    python -m ember.firmware.elf_layout firmware.elf src/platform/alif-e8-he/board.json
"""

import json
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

SHT_SYMTAB, SHT_NOBITS = 2, 8
SHF_WRITE, SHF_ALLOC = 0x1, 0x2
PT_LOAD = 1

VECTOR_ENTRIES = 496
VECTOR_ALIGNMENT = 2048
MODEL_ALIGNMENT = 16
POOL_REGIONS = ("dtcm", "sram0", "sram1")
UNPOWERED_AT_RESET = ("sram0", "sram1")


@dataclass(frozen=True)
class Section:
    name: str
    type: int
    flags: int
    address: int
    offset: int
    size: int
    alignment: int

    @property
    def allocated(self) -> bool:
        return bool(self.flags & SHF_ALLOC)

    @property
    def writable(self) -> bool:
        return bool(self.flags & SHF_WRITE)

    @property
    def nobits(self) -> bool:
        return self.type == SHT_NOBITS


@dataclass(frozen=True)
class Segment:
    type: int
    offset: int
    virtual: int
    physical: int
    file_size: int
    memory_size: int


@dataclass
class Elf:
    sections: dict
    segments: list
    symbols: dict

    def load_address(self, section: Section) -> int:
        """Where a section's bytes are stored (LMA): from the loadable segment holding them."""
        for s in self.segments:
            if s.type == PT_LOAD and s.file_size and s.offset <= section.offset < s.offset + s.file_size:
                return s.physical + section.offset - s.offset
        return section.address


def read_elf(path) -> Elf:
    data = Path(path).read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 1 or data[5] != 1:
        raise ValueError(f"{path}: not a little-endian ELF32 file")
    (phoff, shoff) = struct.unpack_from("<II", data, 28)
    (phentsize, phnum, shentsize, shnum, shstrndx) = struct.unpack_from("<HHHHH", data, 42)

    raw = [struct.unpack_from("<IIIIIIIIII", data, shoff + i * shentsize) for i in range(shnum)]
    names_offset = raw[shstrndx][4]

    def string(table_offset: int, index: int) -> str:
        end = data.index(b"\0", table_offset + index)
        return data[table_offset + index:end].decode()

    sections, symbols = {}, {}
    for name, type_, flags, addr, offset, size, link, _info, align, entsize in raw:
        section = Section(string(names_offset, name), type_, flags, addr, offset, size, align)
        if section.name:
            sections[section.name] = section
        if type_ == SHT_SYMTAB:
            strings = raw[link][4]
            for i in range(size // entsize):
                st_name, st_value = struct.unpack_from("<II", data, offset + i * entsize)
                if st_name:
                    symbols[string(strings, st_name)] = st_value
    # p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz (then p_flags, p_align)
    segments = [Segment(*struct.unpack_from("<IIIIIIII", data, phoff + i * phentsize)[:6]) for i in range(phnum)]
    return Elf(sections, segments, symbols)


def bytes_at(path, elf: Elf, address: int, size: int) -> bytes:
    """The `size` bytes an image holds at `address` (in a section with contents)."""
    section = next(s for s in elf.sections.values()
                   if s.allocated and not s.nobits and s.address <= address < s.address + s.size)
    offset = section.offset + address - section.address
    return Path(path).read_bytes()[offset:offset + size]


def _region_of(board: dict, address: int, size: int = 0):
    """The board region holding [address, address + size), or None."""
    for name, r in board["regions"].items():
        if r["origin"] <= address and address + size <= r["origin"] + r["length"]:
            return name
    return None


def _end(board: dict, region: str) -> int:
    r = board["regions"][region]
    return r["origin"] + r["length"]


def violations(elf_path, board: dict) -> list:
    """Every broken layout rule of the ELF for this board, as sentences; [] when it is right."""
    elf = read_elf(elf_path)
    out = []
    sections = elf.sections
    mram = board["regions"]["mram"]

    def in_region(name: str, region: str, *, load: bool = False):
        s = sections[name]
        address = elf.load_address(s) if load else s.address
        if _region_of(board, address, s.size) != region:
            kind = "stored" if load else "placed"
            out.append(f"{name} is {kind} at 0x{address:08x}+{s.size}, not in {region.upper()}")

    # Vector table: first at the image start in MRAM, 2048-aligned, 496 entries.
    vectors = sections.get(".vectors")
    if vectors is None:
        out.append("no .vectors section")
    else:
        if vectors.address != mram["origin"]:
            out.append(f".vectors at 0x{vectors.address:08x}, not at the MRAM image start 0x{mram['origin']:08x}")
        if vectors.address % VECTOR_ALIGNMENT:
            out.append(f".vectors at 0x{vectors.address:08x} is not {VECTOR_ALIGNMENT}-byte aligned")
        if vectors.size != 4 * VECTOR_ENTRIES:
            out.append(f".vectors holds {vectors.size // 4} entries, not {VECTOR_ENTRIES}")
        stored = [elf.load_address(s) for s in sections.values() if s.allocated and not s.nobits and s.size]
        if stored and min(stored) < vectors.address:
            out.append(f"image data at 0x{min(stored):08x} comes before the vector table")

    # Code in place in MRAM; the model and the cases read-only in MRAM.
    if ".text" in sections:
        in_region(".text", "mram")
    for name in (".ember_model", ".ember_cases"):
        s = sections.get(name)
        if s is None:
            continue
        in_region(name, "mram")
        if s.writable:
            out.append(f"{name} is writable (it must be read-only data)")
        if s.nobits:
            out.append(f"{name} has no contents in the image (NOBITS)")
    model = sections.get(".ember_model")
    if model is not None and model.address % MODEL_ALIGNMENT:
        out.append(f".ember_model at 0x{model.address:08x} is not {MODEL_ALIGNMENT}-byte aligned")

    # .data, .bss and the stack in DTCM; .data's image in MRAM.
    for name in (".data", ".bss"):
        if name in sections:
            in_region(name, "dtcm")
    if ".data" in sections and sections[".data"].size:
        in_region(".data", "mram", load=True)
    top, limit = elf.symbols.get("__stack_top__"), elf.symbols.get("__stack_limit__")
    if top is None or limit is None:
        out.append("no __stack_top__/__stack_limit__ symbols")
    else:
        if top != _end(board, "dtcm"):
            out.append(f"stack top 0x{top:08x} is not the top of DTCM 0x{_end(board, 'dtcm'):08x}")
        if _region_of(board, limit) != "dtcm":
            out.append(f"stack limit 0x{limit:08x} is not in DTCM")

    # Pools: NOLOAD, in their region, with start/end symbols.
    for region in POOL_REGIONS:
        name = f".ember_pool_{region}"
        s = sections.get(name)
        if s is not None:
            in_region(name, region)
            if not s.nobits:
                out.append(f"{name} has contents (it must be NOLOAD)")
        start = elf.symbols.get(f"__ember_pool_{region}_start")
        end = elf.symbols.get(f"__ember_pool_{region}_end")
        if start is None or end is None:
            out.append(f"no __ember_pool_{region}_start/_end symbols")
        elif not (board["regions"][region]["origin"] <= start <= end <= _end(board, region)):
            out.append(f"__ember_pool_{region}_start/_end 0x{start:08x}..0x{end:08x} not inside {region.upper()}")

    # SRAM0/SRAM1 are dark until board_init(): only the NOLOAD pools live there,
    # and no loadable segment reaches them.
    for s in sections.values():
        if not s.allocated or not s.size:
            continue
        region = _region_of(board, s.address, s.size)
        if region is None:
            out.append(f"{s.name} at 0x{s.address:08x}+{s.size} is outside every region of the board")
        elif region in UNPOWERED_AT_RESET and (s.name != f".ember_pool_{region}" or not s.nobits):
            out.append(f"{s.name} is initialised or zeroed in {region.upper()}, which is unpowered at reset")
    for seg in elf.segments:
        if seg.type != PT_LOAD or not seg.memory_size:
            continue
        for region in UNPOWERED_AT_RESET:
            r = board["regions"][region]
            if seg.virtual < r["origin"] + r["length"] and r["origin"] < seg.virtual + seg.memory_size:
                out.append(f"a loadable segment at 0x{seg.virtual:08x}+{seg.memory_size} reaches {region.upper()}")
        if seg.file_size and _region_of(board, seg.physical, seg.file_size) != "mram":
            out.append(f"a loadable segment is stored at 0x{seg.physical:08x}, outside MRAM")

    # No two sections share an address.
    placed = sorted((s for s in sections.values() if s.allocated and s.size), key=lambda s: s.address)
    for a, b in zip(placed, placed[1:]):
        if b.address < a.address + a.size:
            out.append(f"{a.name} and {b.name} overlap at 0x{b.address:08x}")
    return out


def find_symbol(elf: Elf, name: str):
    """A symbol's address by its plain name or as a C++ name in any namespace, or None."""
    if name in elf.symbols:
        return elf.symbols[name]
    tail = f"{len(name)}{name}E"
    found = [a for s, a in elf.symbols.items() if s.startswith("_ZN") and s.endswith(tail)]
    return found[0] if len(found) == 1 else None


def npu_reach_violations(elf_path, board: dict, npu_symbols) -> list:
    """Every NPU-read pool (by its symbol) that the image places in a region the
    board's npu.reaches setting says the NPU cannot reach."""
    elf = read_elf(elf_path)
    reaches = board.get("npu", {}).get("reaches", {})
    out = []
    for symbol in npu_symbols:
        address = find_symbol(elf, symbol)
        if address is None:
            out.append(f"no symbol {symbol} for a pool the NPU reads")
            continue
        region = _region_of(board, address, 1)  # the pool's first byte (a region's end is the next one's start)
        if not reaches.get(region, False):
            out.append(f"{symbol} (read by the NPU) at 0x{address:08x} is in {str(region).upper()}, "
                       f"which the NPU does not reach (board.json npu.reaches)")
    return out


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m ember.firmware.elf_layout FIRMWARE.elf BOARD.json", file=sys.stderr)
        return 2
    found = violations(args[0], json.loads(Path(args[1]).read_text()))
    for v in found:
        print(v)
    print(f"{len(found)} layout violations")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
