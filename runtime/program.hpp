// A loaded, validated program ready to evaluate: the IR plus what is prepared once
// per run (compiled regexes, resolved time zones, constant Values). Read-only and
// shared by threads.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "compiler/ir.hpp"
#include "compiler/parse.hpp"
#include "runtime/value.hpp"

namespace re2 { class RE2; }
namespace date { class time_zone; }

namespace sluice::rt {

class BusinessCalendar;  // runtime/calendar.hpp

struct LoadedProgram {
  ir::Program ir;
  std::vector<Value> constants;                 // parallel to ir.constants (texts point into ir)
  std::vector<std::vector<Value>> constant_lists;  // storage for list constants' elements
  std::vector<std::unique_ptr<re2::RE2>> regexes;  // parallel to ir.regexes
  std::vector<const date::time_zone*> zones;    // parallel to ir.calendars
  std::vector<BusinessCalendar> calendars;      // parallel to ir.calendars (runtime/calendar.hpp)
  ~LoadedProgram();
  LoadedProgram();
  LoadedProgram(const LoadedProgram&) = delete;
  LoadedProgram& operator=(const LoadedProgram&) = delete;
};

// Validates every index, jump target, slot and kind of `program` (runtime/load.cpp),
// then prepares it. Returns nullptr and sets `error` on any problem; never throws
// on bad input.
std::unique_ptr<LoadedProgram> prepare_program(ir::Program program, std::string& error);
// Reads an IR JSON file (`sluice compile` output) or compiles a `.funnel` source.
std::unique_ptr<LoadedProgram> load_program(const std::string& path, std::string& error);
// The same, compiling a `.funnel` source under `limits` (`--limit`).
std::unique_ptr<LoadedProgram> load_program(const std::string& path, std::string& error, const Limits& limits);

}  // namespace sluice::rt
