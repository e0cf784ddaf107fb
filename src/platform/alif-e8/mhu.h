// Arm MHUv2 frames between an M55 and the Secure Enclave, channel 0 only, polled.
#pragma once
#include <cstddef>
#include <cstdint>

namespace ember::board {

struct MhuSenderRegisters {
  volatile uint32_t ch_st;           // 0x000 channel 0 status
  uint32_t reserved0[2];             // 0x004
  volatile uint32_t ch_set;          // 0x00C
  uint32_t reserved1[990];           // 0x010
  volatile uint32_t access_request;  // 0xF88
  volatile uint32_t access_ready;    // 0xF8C
};
static_assert(offsetof(MhuSenderRegisters, ch_set) == 0x00C);
static_assert(offsetof(MhuSenderRegisters, access_request) == 0xF88);
static_assert(offsetof(MhuSenderRegisters, access_ready) == 0xF8C);

struct MhuReceiverRegisters {
  volatile uint32_t ch_st;      // 0x000 channel 0 status
  volatile uint32_t ch_st_msk;  // 0x004
  volatile uint32_t ch_clr;     // 0x008
};
static_assert(offsetof(MhuReceiverRegisters, ch_clr) == 0x008);

// Polls give up after poll_limit reads and return false.
class MhuSender {
 public:
  explicit MhuSender(uintptr_t base) : regs_(reinterpret_cast<MhuSenderRegisters*>(base)) {}
  explicit MhuSender(MhuSenderRegisters* regs) : regs_(regs) {}
  bool request_access(uint32_t poll_limit) {
    regs_->access_request = 1;
    for (uint32_t i = 0; i < poll_limit; ++i) {
      if (regs_->access_ready & 1u) return true;
    }
    return false;
  }
  void release_access() { regs_->access_request = 0; }
  void send(uint32_t word) { regs_->ch_set = word; }
  bool wait_taken(uint32_t poll_limit) {
    for (uint32_t i = 0; i < poll_limit; ++i) {
      if (regs_->ch_st == 0) return true;
    }
    return false;
  }

 private:
  MhuSenderRegisters* regs_;
};

class MhuReceiver {
 public:
  explicit MhuReceiver(uintptr_t base) : regs_(reinterpret_cast<MhuReceiverRegisters*>(base)) {}
  explicit MhuReceiver(MhuReceiverRegisters* regs) : regs_(regs) {}
  // The received word, or 0 when nothing arrived within poll_limit polls.
  uint32_t receive(uint32_t poll_limit) {
    for (uint32_t i = 0; i < poll_limit; ++i) {
      uint32_t word = regs_->ch_st;
      if (word != 0) {
        regs_->ch_clr = 0xFFFFFFFF;
        return word;
      }
    }
    return 0;
  }

 private:
  MhuReceiverRegisters* regs_;
};

}  // namespace ember::board
