// The RGB LED colour of each run stage.
#pragma once
#include <cstdint>

#include "platform/board.h"

namespace ember::alif {

constexpr uint32_t kRed = 1, kGreen = 2, kBlue = 4;

constexpr uint32_t stage_colour(platform::Stage stage) {
  switch (stage) {
    case platform::Stage::Boot: return kBlue;
    case platform::Stage::MemoryPowered: return kGreen | kBlue;  // cyan
    case platform::Stage::NpuReady: return kRed | kBlue;         // magenta
    case platform::Stage::Running: return kRed | kGreen;         // yellow
    case platform::Stage::Passed: return kGreen;
    case platform::Stage::Failed: return kRed;
  }
  return kRed | kGreen | kBlue;
}

}  // namespace ember::alif
