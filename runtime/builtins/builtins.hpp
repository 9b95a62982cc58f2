// The built-in functions of compiler/builtins.hpp, implemented by family
// (strings.cpp, numbers.cpp, lists.cpp, dates.cpp, calendars.cpp) and dispatched
// through one table indexed by BuiltinId (table.cpp).
#pragma once
#include <cstdint>

#include "compiler/builtins.hpp"
#include "runtime/arena.hpp"
#include "runtime/program.hpp"
#include "runtime/value.hpp"
#include "runtime/vm.hpp"

namespace sluice::rt {

struct BuiltinContext {
  const LoadedProgram& program;  // calendars
  Arena& arena;                  // computed texts and lists (reset per record)
  std::int64_t as_of_ms;         // `now`
};

// `args` holds `argc` values, argc within the table's min/max. On a fault: returns
// unset and sets `fault`. An unset argument gives an unset result (except coalesce).
using BuiltinFn = Value (*)(const Value* args, int argc, BuiltinContext& ctx, FaultCode& fault);

// bad_value when `id` or `argc` is outside the table.
Value call_builtin(BuiltinId id, const Value* args, int argc, BuiltinContext& ctx, FaultCode& fault);

}  // namespace sluice::rt
