#include "runtime/kernel_registry.h"

#include <cstring>

#include "core/log.h"
#include "runtime/program.h"

namespace ember {

Error KernelRegistry::add(Span<const KernelEntry> entries) {
  for (const KernelEntry& entry : entries) {
    Span<const char> name(entry.name, std::strlen(entry.name));
    Span<const char> overload(entry.overload, std::strlen(entry.overload));
    if (find(name, overload)) {
      EMBER_LOG_ERROR("kernel %s.%s registered twice", entry.name, entry.overload);
      return Error::AlreadyRegistered;
    }
    if (count_ == kCapacity) {
      EMBER_LOG_ERROR("kernel registry full (%u entries)", static_cast<unsigned>(kCapacity));
      return Error::RegistryFull;
    }
    entries_[count_++] = entry;
  }
  return Error::Ok;
}

const KernelEntry* KernelRegistry::find(Span<const char> name, Span<const char> overload) const {
  for (size_t i = 0; i < count_; ++i) {
    if (equals(name, entries_[i].name) && equals(overload, entries_[i].overload)) return &entries_[i];
  }
  return nullptr;
}

}  // namespace ember
