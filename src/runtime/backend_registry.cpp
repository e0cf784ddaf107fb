#include "runtime/backend_registry.h"

#include <cstring>

#include "core/log.h"
#include "runtime/program.h"

namespace ember {

Error BackendRegistry::add(Backend* backend) {
  Span<const char> id(backend->id(), std::strlen(backend->id()));
  if (find(id)) {
    EMBER_LOG_ERROR("backend %s registered twice", backend->id());
    return Error::AlreadyRegistered;
  }
  if (count_ == kCapacity) return Error::RegistryFull;
  backends_[count_++] = backend;
  return Error::Ok;
}

Backend* BackendRegistry::find(Span<const char> id) const {
  for (size_t i = 0; i < count_; ++i) {
    if (equals(id, backends_[i]->id())) return backends_[i];
  }
  return nullptr;
}

}  // namespace ember
