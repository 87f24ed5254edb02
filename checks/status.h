// Errors as values: Status carries a code and a message naming file, line and field;
// StatusOr<T> carries either a value or the Status that explains why there is none.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace mlgate {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the user's input (gate file, command line, option) is wrong
  kDataError,        // a data file is malformed or cannot be judged (ragged row, NaN label)
  kNotFound,         // a file, column, ref or name does not exist
  kUnavailable,      // an endpoint or service could not be reached
  kInternal,         // a bug: an invariant did not hold
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns a copy whose message is "prefix: message" (adds context as an error travels up).
  Status WithPrefix(const std::string& prefix) const {
    return Status(code_, prefix.empty() ? message_ : prefix + ": " + message_);
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m)};
}
inline Status DataError(std::string m) { return {StatusCode::kDataError, std::move(m)}; }
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

// Holds a T or a non-OK Status. Accessing the value of an error is a bug (asserted).
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : data_(std::move(value)) {}        // NOLINT: implicit by design
  StatusOr(Status status) : data_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(data_).ok() && "StatusOr needs a non-OK status");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace mlgate

// Returns early from the enclosing function when `expr` yields a non-OK Status.
#define MLGATE_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::mlgate::Status mlgate_status_ = (expr);        \
    if (!mlgate_status_.ok()) return mlgate_status_; \
  } while (0)
