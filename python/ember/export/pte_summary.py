"""What a .pte really contains, read back from its bytes with upstream's
deserializer (the C++ `ember inspect` is the runtime's own reader)."""

import struct

VELA_BLOCK_HEADER = 32  # char name[16], u32 size, 12 bytes reserved


def vela_blocks(payload: bytes) -> dict[str, bytes]:
    """Splits a vela_bin_stream payload into its named blocks."""
    blocks, pos = {}, 0
    while pos + VELA_BLOCK_HEADER <= len(payload):
        name = payload[pos:pos + 16].rstrip(b"\0").decode("ascii", "replace")
        (size,) = struct.unpack_from("<I", payload, pos + 16)
        start = pos + VELA_BLOCK_HEADER
        blocks[name] = payload[start:start + size]
        pos = start + (size + 15) // 16 * 16
        if name == "vela_end_stream":
            break
    return blocks


def _io_count(block: bytes) -> int | None:
    """The tensor count an inputs/outputs block starts with (upstream's vela_bin_pack_io)."""
    return struct.unpack_from("<i", block)[0] if len(block) >= 4 else None


def _evalue_scalar(value):
    val = value.val
    for attr in ("double_val", "int_val", "bool_val"):
        if hasattr(val, attr):
            return getattr(val, attr)
    return None


def summarize(pte: bytes) -> dict:
    from executorch.exir._serialize._program import deserialize_pte_binary

    program = deserialize_pte_binary(pte).program
    methods, constants = [], {}
    for plan in program.execution_plan:
        if not plan.chains or not plan.chains[0].instructions:
            # upstream's constant methods (input0_scale, ...): one output value
            if len(plan.outputs) == 1:
                constants[plan.name] = _evalue_scalar(plan.values[plan.outputs[0]])
            continue
        instructions = plan.chains[0].instructions
        cpu_ops = []
        call_arguments = []  # per delegate call: (delegate index, number of arguments)
        for ins in instructions:
            args = ins.instr_args
            if hasattr(args, "op_index"):
                op = plan.operators[args.op_index]
                cpu_ops.append(f"{op.name}.{op.overload}" if op.overload else op.name)
            elif hasattr(args, "delegate_index"):
                call_arguments.append((args.delegate_index, len(args.args)))
        delegates = []
        for d in plan.delegates:
            data = b""
            if d.processed.location.name == "INLINE" or int(d.processed.location) == 0:
                data = bytes(program.backend_delegate_data[d.processed.index].data)
            blocks = vela_blocks(data) if d.id == "EthosUBackend" else {}
            delegates.append({
                "backend": d.id,
                "payload_bytes": len(data),
                "payload_kind": "vela_bin_stream" if "vela_bin_stream" in blocks else "other",
                "command_stream_bytes": len(blocks.get("cmd_data", b"")),
                "weight_bytes": len(blocks.get("weight_data", b"")),
                "scratch_bytes": struct.unpack("<I", blocks["scratch_size"][:4])[0]
                if len(blocks.get("scratch_size", b"")) >= 4 else 0,
                "stream_inputs": _io_count(blocks.get("inputs", b"")),
                "stream_outputs": _io_count(blocks.get("outputs", b"")),
            })
        methods.append({
            "name": plan.name,
            "cpu_operators": cpu_ops,
            "delegate_calls": len(call_arguments),
            "delegate_call_arguments": call_arguments,
            "delegates": delegates,
            "planned_buffer_bytes": [int(s) for s in plan.non_const_buffer_sizes[1:]],
        })
    return {"methods": methods, "constant_methods": constants, "pte_bytes": len(pte)}
