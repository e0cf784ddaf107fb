"""The memory planner places each pool by who reads it: what the NPU reads only
where the board's npu.reaches settings say it gets to."""

import json

import pytest

from ember.firmware import boards, plan

KB, MB = 1024, 1024 * 1024


def needs(temp: int, planned=(4 * KB,), model_in_sram=False, model=100 * KB) -> plan.Needs:
    return plan.Needs(model_bytes=model, method_allocator=8 * KB, temp=temp, planned=list(planned),
                      model_in_sram=model_in_sram)


def placed(p: plan.Plan) -> dict:
    return {pool.name: pool.region for pool in p.pools}


@pytest.mark.parametrize("board_name", ["alif-e8-he", "alif-e8-hp"])
def test_npu_pools_never_go_to_sram0_on_the_e8(board_name):
    board = boards.load(board_name)
    assert board["npu"]["reaches"]["sram0"] is False
    dtcm = plan.capacities(board)["dtcm"]
    # Small: everything in DTCM. The model copy never goes to DTCM, nor to SRAM0.
    small = plan.make(needs(16 * KB, model_in_sram=True), board)
    assert placed(small)["temp"] == "dtcm" and placed(small)["model copy"] == "sram1"
    # A scratch larger than DTCM goes to SRAM1, while a CPU-only buffer that
    # does not fit DTCM still takes SRAM0 first.
    big = plan.make(needs(dtcm + 16, planned=(dtcm + 16,)), board)
    assert placed(big)["temp"] == "sram1" and placed(big)["planned 0"] == "sram0"
    for p in (small, big):
        assert plan.reach_violations(p) == []
        assert all(pool.region != "sram0" for pool in p.pools if pool.npu_reads)


def test_a_board_setting_lets_the_npu_use_sram0():
    board = boards.load("alif-e8-he")
    board["npu"]["reaches"]["sram0"] = True
    dtcm = plan.capacities(board)["dtcm"]
    assert placed(plan.make(needs(dtcm + 16, model_in_sram=True), board)) == {
        "method": "dtcm", "planned 0": "dtcm", "temp": "sram0", "model copy": "sram0"}


def test_a_scratch_too_big_for_every_reachable_region_is_named():
    board = boards.load("alif-e8-he")
    with pytest.raises(plan.PlanError, match=r"temp \(5242880 bytes\) read by CPU, NPU, which may go to dtcm, sram1"):
        plan.make(needs(5 * MB), board)


def test_reach_violations_name_a_misplaced_pool():
    board = boards.load("alif-e8-hp")
    p = plan.make(needs(16 * KB), board)
    next(pool for pool in p.pools if pool.name == "temp").region = "sram0"
    (found,) = plan.reach_violations(p)
    assert found.startswith("temp (16384 bytes, read by the NPU) is in SRAM0") and "npu.reaches.sram0" in found


def test_readers_table_says_who_reads_each_pool():
    table = plan.make(needs(16 * KB, model_in_sram=True), boards.load("alif-e8-he")).readers_table()
    rows = {line.split()[0]: line for line in table.splitlines()[1:]}
    assert rows["method"].endswith(" CPU") and rows["temp"].endswith("CPU, NPU")
    assert "sram1  CPU, NPU" in table  # the model copy


def test_e7_silicon_is_known_to_the_planner():
    e8, e7 = boards.load("alif-e8-he"), boards.load("alif-e8-he", "e7")
    assert e7["silicon"] == "E7" and e7["jlink_device"].startswith("AE722F80F55D5")
    assert e7["regions"]["sram1"] == {"origin": 0x08000000, "length": 2560 * KB}
    assert plan.capacities(e7)["sram1"] == 2560 * KB < plan.capacities(e8)["sram1"]
    # 3 MB of weights fit the E8's SRAM1 but not the E7's.
    plan.make(needs(16 * KB, model_in_sram=True, model=3 * MB), e8)
    with pytest.raises(plan.PlanError, match="model copy"):
        plan.make(needs(16 * KB, model_in_sram=True, model=3 * MB), e7)
    with pytest.raises(boards.UnknownBoard, match="no e9 silicon variant"):
        boards.load("alif-e8-he", "e9")


def _leaves(value, prefix=""):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _leaves(inner, f"{prefix}.{key}" if prefix else key)
    else:
        yield prefix


@pytest.mark.parametrize("board_name", ["alif-e8-he", "alif-e8-hp"])
def test_every_board_fact_names_its_source(board_name):
    raw = json.loads((boards.PLATFORM_DIR / board_name / "board.json").read_text())
    sources = raw.pop("sources")
    raw.pop("name")
    for fact in _leaves(raw):
        # A fact is covered by a source for it or for one of its parents.
        parts = fact.split(".")
        assert any(".".join(parts[:n]) in sources for n in range(1, len(parts) + 1)), fact
    assert all(s.strip() for s in sources.values())


def test_pool_addresses_follow_the_plan_order_after_the_reservations():
    board = boards.load("alif-e8-he")
    p = plan.make(needs(16 * KB + 1, planned=(100, 4 * KB), model_in_sram=True), board)
    dtcm = board["regions"]["dtcm"]["origin"] + 32 * KB + 16 * KB  # after .data/.bss room and the heap
    assert plan.pool_addresses(p) == {"method": dtcm, "planned 0": dtcm + 8 * KB, "planned 1": dtcm + 8 * KB + 112,
                                      "temp": dtcm + 12 * KB + 112, "model copy": board["regions"]["sram1"]["origin"]}
    assert 'section(".ember_pool_dtcm.03"))) uint8_t g_pool_temp[16385]' in plan.header(p, "m.pte")


def test_a_simulated_npu_gets_weight_and_chain_pools_the_size_of_the_host_runs_largest():
    u85_needs = plan.Needs(model_bytes=100 * KB, method_allocator=8 * KB, temp=16 * KB, planned=[4 * KB],
                           npu_weights=6 * KB, npu_chain=3 * KB)
    qemu = plan.make(u85_needs, boards.with_npu(boards.load("qemu-an547"), "npu_u85"))
    (chain,) = [p for p in qemu.pools if p.name == "npu chain"]
    assert chain.bytes == 3 * KB and chain.readers == "CPU"  # the simulator's, on the CPU
    assert [p.bytes for p in qemu.pools if p.name == "npu weights"] == [6 * KB]  # its decoded weights, as measured
    header = plan.header(qemu, "m.pte")
    assert "#define EMBER_PLAN_NPU_U85 1" in header and "constexpr size_t kNpuChainBytes = 3072;" in header
    assert "inline uint8_t* const kNpuChain = g_pool_npu_chain;" in header
    # No chained result, no pool; a board's NPU keeps its chains inside, and the image says which NPU it drives.
    u55 = plan.make(needs(16 * KB), boards.load("qemu-an547"))
    assert "npu chain" not in placed(u55) and "kNpuChain = nullptr;" in plan.header(u55, "m.pte")
    hp = plan.make(u85_needs, boards.with_npu(boards.load("alif-e8-hp"), "npu_u85"))
    assert "npu chain" not in placed(hp) and "#define EMBER_PLAN_NPU_U85 1" in plan.header(hp, "m.pte")
    assert "#define EMBER_PLAN_NPU_U85 0" in plan.header(plan.make(needs(16 * KB), boards.load("alif-e8-hp")), "m.pte")


def test_with_npu_takes_the_u85_facts_and_the_cores_reach():
    hp = boards.load("alif-e8-hp")
    npu = boards.with_npu(hp, "npu_u85")["npu"]
    assert (npu["base"], npu["irq"], npu["product"]) == (hp["npu_u85"]["base"], hp["npu_u85"]["irq"], "Ethos-U85")
    assert npu["reaches"] == hp["npu"]["reaches"]  # board.json names no reach of its own for the U85
    assert boards.with_npu(hp, "npu")["npu"] == {**hp["npu"], "product": "Ethos-U55"}
