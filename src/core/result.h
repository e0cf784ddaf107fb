// Result<T>: a value or an Error, move-only-friendly, no exceptions, no heap.
#pragma once
#include <new>
#include <type_traits>
#include <utility>

#include "core/check.h"
#include "core/error.h"

namespace ember {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(const T& value) : error_(Error::Ok) { new (&storage_) T(value); }
  Result(T&& value) : error_(Error::Ok) { new (&storage_) T(std::move(value)); }
  Result(Error error) : error_(error) { EMBER_CHECK(error != Error::Ok); }
  Result(Result&& other) : error_(other.error_) {
    if (ok()) new (&storage_) T(std::move(other.value()));
  }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  Result& operator=(Result&&) = delete;
  ~Result() {
    if (ok()) value().~T();
  }

  bool ok() const { return error_ == Error::Ok; }
  Error error() const { return error_; }
  T& value() {
    EMBER_CHECK(ok());
    return *std::launder(reinterpret_cast<T*>(&storage_));
  }
  const T& value() const {
    EMBER_CHECK(ok());
    return *std::launder(reinterpret_cast<const T*>(&storage_));
  }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }

 private:
  Error error_;
  alignas(T) unsigned char storage_[sizeof(T)];
};

}  // namespace ember

// EMBER_TRY_ASSIGN(lhs, expr): evaluates a Result expression, returns its error
// early, else assigns (or declares, e.g. `auto x`) lhs from the value.
#define EMBER_CONCAT_INNER_(a, b) a##b
#define EMBER_CONCAT_(a, b) EMBER_CONCAT_INNER_(a, b)
#define EMBER_TRY_ASSIGN(lhs, expr) \
  EMBER_TRY_ASSIGN_IMPL_(EMBER_CONCAT_(ember_result_, __LINE__), lhs, expr)
#define EMBER_TRY_ASSIGN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                           \
  if (!tmp.ok()) return tmp.error();           \
  lhs = std::move(tmp.value())
