// What board_init() runs besides the Secure Enclave requests.
#pragma once

namespace ember::board {

void leds_init();     // led.cpp
void print_facts();   // facts.cpp: every assumed board fact

}  // namespace ember::board
