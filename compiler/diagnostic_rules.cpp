// The catalog of diagnostic codes for SARIF rules (a short name and a one-line
// summary per code, from docs/diagnostics.md) and the anchor of each code in that
// document, so GitHub code scanning can show what a rule means and link to it.
#include "compiler/diagnostic_rules.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace sluice {

namespace {

// Sorted by code. The last field is the docs/diagnostics.md heading that explains
// the code: its own ("E0002 — file too large") or its section's table.
constexpr DiagnosticRule kRules[] = {
    {"E0001", "FileUnreadable", "The file cannot be read.", "Files and internal errors"},
    {"E0002", "FileTooLarge", "The policy file is larger than the limit.", "E0002 \xE2\x80\x94 "
     "file too large"},
    {"E0003", "LineTooLong", "A line is longer than the limit.", "E0003 \xE2\x80\x94 "
     "line too long"},
    {"E0004", "NestingTooDeep", "Expressions or types are nested more deeply than the limit.", "E0004 \xE2\x80\x94 "
     "nesting too deep"},
    {"E0005", "NotUtf8", "The file is not UTF-8 text.", "E0005 \xE2\x80\x94 "
     "not UTF-8 text"},
    {"E0006", "ModuleNotPolicy", "A module (a file without a `policy` header) was given where a policy is needed.", "Files and internal errors"},
    {"E0010", "UnexpectedToken", "The parser met a token it did not expect.", "E0010 \xE2\x80\x94 "
     "unexpected token"},
    {"E0011", "Unclosed", "A block or bracket is not closed.", "E0011 \xE2\x80\x94 "
     "unclosed block or bracket"},
    {"E0012", "ChainedComparison", "Comparisons are chained (`a < b < c`).", "E0012 \xE2\x80\x94 "
     "chained comparison"},
    {"E0013", "InvalidLiteral", "A literal is malformed.", "E0013 \xE2\x80\x94 "
     "invalid literal"},
    {"E0014", "ReservedWord", "A reserved word is used as a name.", "E0014 \xE2\x80\x94 "
     "reserved word used as a name"},
    {"E0015", "DuplicateItem", "An item is given twice.", "E0015 \xE2\x80\x94 "
     "duplicate item"},
    {"E0016", "PolicyHeaderNotFirst", "The `policy` header is not the first declaration.", "E0016 \xE2\x80\x94 "
     "`policy` header not first"},
    {"E0017", "TooManyErrors", "The file has more errors than are reported.", "E0017 \xE2\x80\x94 "
     "too many errors"},
    {"E0101", "DuplicateName", "A top-level name is declared twice.", "Names (E01xx)"},
    {"E0102", "UnknownRecord", "Unknown record in `funnel ... for RECORD`.", "Names (E01xx)"},
    {"E0103", "UnknownStage", "Unknown stage.", "Names (E01xx)"},
    {"E0104", "UnknownQualification", "Unknown qualification.", "Names (E01xx)"},
    {"E0105", "UnknownCalendar", "Unknown calendar.", "Names (E01xx)"},
    {"E0106", "UnknownFunnel", "Unknown funnel in a test.", "Names (E01xx)"},
    {"E0107", "UnknownField", "Unknown field of a record (or unknown `let`).", "Names (E01xx)"},
    {"E0108", "UnknownFunction", "Unknown function.", "Names (E01xx)"},
    {"E0109", "DuplicateField", "A field is declared twice in a record.", "Names (E01xx)"},
    {"E0110", "DuplicateStage", "A stage is declared twice in a funnel.", "Names (E01xx)"},
    {"E0111", "DuplicateCriterion", "A criterion is declared twice in a qualification.", "Names (E01xx)"},
    {"E0112", "DuplicateLocalName", "A name is given twice (a funnel `let`, an `emit` key, an object key, a test name).", "Names (E01xx)"},
    {"E0113", "GenericNeedsField", "A generic `let` or qualification reads a field the funnel's record lacks.", "Names (E01xx)"},
    {"E0114", "UnknownCriterion", "A qualification has no such criterion.", "Names (E01xx)"},
    {"E0115", "SelfDependency", "A `let`, `const` or qualification depends on itself.", "Names (E01xx)"},
    {"E0116", "UnknownName", "Unknown name where no record is in scope.", "Names (E01xx)"},
    {"E0117", "NotAValue", "A qualification, calendar, record or funnel name is used as a value.", "Names (E01xx)"},
    {"E0118", "KeyMisuse", "A `key` field is misused.", "Names (E01xx)"},
    {"E0119", "BadStampField", "A declared `<stage>_entered_at` field is not a top-level `date?`.", "Names (E01xx)"},
    {"E0120", "UnknownType", "Unknown type name.", "Names (E01xx)"},
    {"E0121", "DeclarationsTooDeep", "Declarations are nested too deeply.", "Names (E01xx)"},
    {"E0201", "ConditionNotBool", "A condition is not `bool`.", "Types (E02xx)"},
    {"E0202", "ValueDoesNotFit", "A value does not fit where it goes.", "Types (E02xx)"},
    {"E0203", "NotAnEnumValue", "A text literal is not a value of the enum it is compared with.", "Types (E02xx)"},
    {"E0204", "IncompatibleOperands", "Incompatible comparison, membership or `??` operands.", "Types (E02xx)"},
    {"E0205", "WrongOperandType", "An operator is applied to the wrong types.", "Types (E02xx)"},
    {"E0206", "PatternNotLiteral", "A `matches` pattern is not a text literal or a text `const`.", "Types (E02xx)"},
    {"E0207", "BadPattern", "A `matches` pattern is rejected by RE2.", "Types (E02xx)"},
    {"E0208", "NotConstant", "A `const`, default or test `given` value is not constant.", "Types (E02xx)"},
    {"E0209", "ConstantFaults", "A constant expression faults.", "Types (E02xx)"},
    {"E0210", "WrongArgumentCount", "A built-in is called with the wrong number of arguments.", "Types (E02xx)"},
    {"E0211", "WrongArgumentType", "A built-in argument has the wrong type.", "Types (E02xx)"},
    {"E0212", "NotACalendar", "A calendar argument is not a calendar name.", "Types (E02xx)"},
    {"E0213", "NotAnObject", "Field access on a value that is not an object.", "Types (E02xx)"},
    {"E0214", "BadStageField", "A `stage field` is not `text` or an enum.", "Types (E02xx)"},
    {"E0215", "StageNotInEnum", "An enum stage field cannot hold a stage's name.", "Types (E02xx)"},
    {"E0216", "StampNotDate", "`stamp` of a field that is not a `date`.", "Types (E02xx)"},
    {"E0217", "QuantifierNotList", "A quantifier over something that is not a list.", "Types (E02xx)"},
    {"E0218", "ObjectAsValue", "A whole object is used where a value is needed.", "Types (E02xx)"},
    {"E0219", "MixedList", "List elements of different types.", "Types (E02xx)"},
    {"E0220", "DuplicateEnumValue", "An enum value is listed twice.", "Types (E02xx)"},
    {"E0301", "UnknownStdModule", "Unknown standard module.", "Modules (E03xx)"},
    {"E0302", "ImportUnreadable", "An imported file cannot be read.", "Modules (E03xx)"},
    {"E0303", "ImportCycle", "Import cycle.", "Modules (E03xx)"},
    {"E0304", "BadImportPath", "An import path that is neither `std/NAME` nor relative.", "Modules (E03xx)"},
    {"E0305", "TooManyImports", "More modules than the import limit.", "Modules (E03xx)"},
    {"E0401", "TransitionFromTerminal", "A transition out of a terminal stage.", "Funnel structure (E04xx)"},
    {"E0402", "NoPassRule", "A qualification without a `pass when` rule.", "Funnel structure (E04xx)"},
    {"E0403", "BadThreshold", "A bad pass threshold or weight.", "Funnel structure (E04xx)"},
    {"E0404", "SlaNotPositive", "An SLA of zero or less.", "Funnel structure (E04xx)"},
    {"E0405", "TestWithoutFunnel", "A test in a policy that declares no funnel.", "Funnel structure (E04xx)"},
    {"E0406", "BadCalendar", "A calendar with no working days, or hours that end before they start.", "Funnel structure (E04xx)"},
    {"E0999", "InternalError", "Internal compiler error (a bug in Sluice).", "Files and internal errors"},
    {"W0501", "UnreachableSideStage", "A side stage that no transition enters.", "Lints (W05xx, warnings; `--werror` makes them errors)"},
    {"W0502", "TransitionNeverFires", "A transition that can never fire.", "Lints (W05xx, warnings; `--werror` makes them errors)"},
    {"W0503", "EntryAlwaysFalse", "An entry condition that is always false.", "Lints (W05xx, warnings; `--werror` makes them errors)"},
    {"W0504", "EntryRepeated", "A main-path stage's entry is repeated by a later stage, so it is never the most advanced match.", "Lints (W05xx, warnings; `--werror` makes them errors)"},
    {"W0505", "UnusedLet", "Unused `let`.", "Lints (W05xx, warnings; `--werror` makes them errors)"},
    {"W0506", "UnusedConst", "Unused `const`.", "Lints (W05xx, warnings; `--werror` makes them errors)"},
    {"W0507", "UnusedQualification", "Unused `qualification`.", "Lints (W05xx, warnings; `--werror` makes them errors)"},
    {"W0508", "UnusedImport", "Unused `import`.", "Lints (W05xx, warnings; `--werror` makes them errors)"},
    {"W0509", "SlaOnTerminal", "An `sla` on a terminal stage.", "Lints (W05xx, warnings; `--werror` makes them errors)"},
    {"W0510", "DuplicateDisplayName", "Two stages with the same display name.", "Lints (W05xx, warnings; `--werror` makes them errors)"},
    {"W0511", "AtLeastTooHigh", "`pass when at least N` with N greater than the number of criteria.", "Lints (W05xx, warnings; `--werror` makes them errors)"},
};

// GitHub's heading anchors: lower case; letters, digits, `-` and `_` kept; spaces
// become `-`; punctuation is dropped. The headings above are ASCII but for dashes
// (punctuation), so every non-ASCII byte is dropped.
std::string github_slug(std::string_view heading) {
  std::string out;
  for (char c : heading) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && (std::isalnum(u) != 0 || c == '-' || c == '_')) {
      out += static_cast<char>(std::tolower(u));
    } else if (c == ' ') {
      out += '-';
    }
  }
  return out;
}

}  // namespace

const DiagnosticRule* find_diagnostic_rule(std::string_view code) {
  const auto it = std::lower_bound(std::begin(kRules), std::end(kRules), code,
                                   [](const DiagnosticRule& r, std::string_view c) { return r.code < c; });
  return it != std::end(kRules) && it->code == code ? &*it : nullptr;
}

std::string diagnostic_anchor(std::string_view code) {
  const DiagnosticRule* rule = find_diagnostic_rule(code);
  return rule == nullptr ? std::string() : github_slug(rule->heading);
}

}  // namespace sluice
