// Escaping for the output formats. JSON strings are always valid UTF-8 JSON,
// whatever the bytes: control characters are escaped and a byte that is not part
// of a well-formed UTF-8 sequence becomes U+FFFD. CSV fields are quoted per RFC
// 4180 when they need it.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "runtime/writers/line_buffer.hpp"

namespace sluice::rt {

// Output bytes per input byte at most ("\u001f", "\ufffd").
inline constexpr std::size_t kJsonEscapeGrowth = 6;

// The text as a JSON string, quotes included.
void append_json_text(std::string& out, std::string_view text);
void append_json_text(writers::LineBuffer& out, std::string_view text);
void append_csv_field(std::string& out, std::string_view text);
// Columns a text takes in a terminal: code points (no East Asian width tables).
std::size_t display_width(std::string_view text);

}  // namespace sluice::rt
