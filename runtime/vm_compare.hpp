// Comparing run-time values, shared by the machine (EQ, LT, IN, ...) and the built-ins
// (min, max). Text compares bytewise, which for UTF-8 is code point order.
#pragma once
#include "runtime/value.hpp"

namespace sluice::rt {

// Order of two set scalar values of the same kind (an int and a number compare as
// numbers): -1, 0 or 1. `ok` is false when they cannot be ordered (kinds differ, lists).
int compare_scalars(const Value& a, const Value& b, bool& ok);

// Three-valued equality: unset when either side is unset; lists compare elementwise
// (false on a definite difference, else unset when an element is unset). `ok` is false
// when the kinds cannot be compared.
Value values_equal(const Value& a, const Value& b, bool& ok);

}  // namespace sluice::rt
