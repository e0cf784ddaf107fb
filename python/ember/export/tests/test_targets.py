"""The E8 targets take their NPU size, clock and memory budgets from the board
files; Vela's ini, which cannot read them, must say the same clock."""

import configparser

import pytest

from ember.export import targets
from ember.firmware import boards


@pytest.mark.parametrize("target_name,board_name,npu_key,product", [("e8-he", "alif-e8-he", "npu", "ethos-u55"),
                                                                    ("e8-hp", "alif-e8-hp", "npu", "ethos-u55"),
                                                                    ("e8-hp-u85", "alif-e8-hp", "npu_u85", "ethos-u85")])
def test_e8_targets_come_from_the_board_files(target_name, board_name, npu_key, product):
    target, board = targets.get_target(target_name), boards.load(board_name)
    npu = board[npu_key]
    assert target.macs_per_cycle == npu["macs"]
    assert target.accelerator == f"{product}-{npu['macs']}"
    assert target.npu_clock_hz == npu["clock_hz"]
    assert target.sram_budget_bytes == board["regions"]["sram1"]["length"] and board["npu"]["reaches"]["sram1"]
    assert target.mram_budget_bytes < board["regions"]["mram"]["length"]
    ini = configparser.ConfigParser()
    ini.read(targets.e8_vela_config())
    assert float(ini[f"System_Config.{target.system_config}"]["core_clock"]) == npu["clock_hz"]
