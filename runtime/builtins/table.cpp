#include <iterator>

#include "runtime/builtins/families.hpp"

namespace sluice::rt {
namespace {

// In BuiltinId order: the X-macro of compiler/builtins.hpp names each function.
constexpr BuiltinFn kImpl[] = {
#define SLUICE_X(id, name, lo, hi, sig, doc) &builtins::id,
    SLUICE_BUILTINS(SLUICE_X)
#undef SLUICE_X
};
static_assert(std::size(kImpl) == kBuiltinCount, "one implementation per built-in");

}  // namespace

Value call_builtin(BuiltinId id, const Value* args, int argc, BuiltinContext& ctx, FaultCode& fault) {
  const auto index = static_cast<std::size_t>(id);
  if (index >= kBuiltinCount || argc < kBuiltins[index].min_args || argc > kBuiltins[index].max_args)
    return builtins::fail(fault, FaultCode::bad_value);
  return kImpl[index](args, argc, ctx, fault);
}

}  // namespace sluice::rt
