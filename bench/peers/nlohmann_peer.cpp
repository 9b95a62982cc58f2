// Peer "nlohmann": every NDJSON line parsed into a nlohmann::json DOM, then the
// lead-to-revenue policy (examples/lead-to-revenue/policy.funnel with std/bant and
// std/meddic) hand-written in C++ from the language spec. Same command line and the
// same TSV result lines as the node peers (bench/peers/lib/io.js), checked by
// bench/peers/compare.js:
//
//   peer_nlohmann --as-of YYYY-MM-DD --input FILE --output FILE [--records N]
//
// A line that does not parse, or holds a value of the wrong type, gets stage `error`.
#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace {

using nlohmann::json;

// Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
    out = 0;
    if (s.size() < at + n) return false;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

// Seconds since the epoch of "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM:SSZ".
std::optional<std::int64_t> epoch_seconds(std::string_view s) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
    if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
        !digits(s, 8, 2, d) || mo < 1 || mo > 12 || d < 1 || d > 31)
        return std::nullopt;
    if (s.size() > 10) {
        if (s.size() != 20 || s[10] != 'T' || !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) ||
            s[16] != ':' || !digits(s, 17, 2, se) || s[19] != 'Z')
            return std::nullopt;
    }
    return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + se;
}

// A field that is set (present and not null), or nullptr.
const json* field(const json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

bool flag(const json& r, const char* key) {  // a `bool = false` field
    const json* v = field(r, key);
    return v != nullptr && v->get<bool>();
}

bool number_holds(const json* v, bool (*op)(double)) {  // a comparison holds only when set
    return v != nullptr && op(v->get<double>());
}

bool text_is(const json& r, const char* key, std::string_view value) {
    const json* v = field(r, key);
    return v != nullptr && v->get_ref<const std::string&>() == value;
}

struct Scorecard {
    bool passed = false;
    int score = 0;
    std::string met;
};

Scorecard bant(const json& r) {
    const json* role = field(r, "contact_role");
    const std::array<bool, 4> met{
        flag(r, "budget_confirmed") || number_holds(field(r, "amount"), [](double a) { return a > 0; }),
        role != nullptr && (role->get_ref<const std::string&>() == "decision_maker" ||
                            role->get_ref<const std::string&>() == "economic_buyer"),
        flag(r, "need_identified"),
        number_holds(field(r, "timeline_days"), [](double t) { return t <= 90; }),
    };
    Scorecard s;
    for (const bool m : met) {
        s.score += m ? 1 : 0;
        s.met += m ? '1' : '0';
    }
    s.passed = s.score >= 3;
    return s;
}

Scorecard meddic(const json& r) {
    const std::array<bool, 6> met{
        flag(r, "metrics_defined"),         field(r, "economic_buyer") != nullptr,
        field(r, "decision_criteria") != nullptr, field(r, "decision_process") != nullptr,
        r.at("pain_points").size() >= 1,    field(r, "champion") != nullptr,
    };
    constexpr std::array<int, 6> weights{20, 20, 15, 15, 15, 15};
    Scorecard s;
    for (std::size_t i = 0; i < met.size(); ++i) {
        s.score += met[i] ? weights[i] : 0;
        s.met += met[i] ? '1' : '0';
    }
    s.passed = s.score >= 70;
    return s;
}

constexpr std::array<std::string_view, 10> kMain{"Anonymous", "Known", "Responded", "MQL",  "SAL",
                                                 "SQL",       "Opportunity", "Won", "Lost", "NoDecision"};
constexpr int kFirstTerminal = 7;  // Won, Lost, NoDecision

int rank_of(std::string_view stage) {
    for (std::size_t i = 0; i < kMain.size(); ++i)
        if (kMain[i] == stage) return static_cast<int>(i);
    return -1;
}

std::string_view stage_of(const json& r, bool bant_passed, std::int64_t as_of) {
    const json* current_field = field(r, "lifecycle_stage");
    const bool has_current = current_field != nullptr;
    const std::string_view current = has_current ? std::string_view(current_field->get_ref<const std::string&>()) : "";
    const int rank = has_current ? rank_of(current) : -1;
    const bool side = current == "Disqualified" || current == "Recycled";
    if (has_current && rank < 0 && !side) return "error";
    const bool terminal = rank >= kFirstTerminal;
    const std::int64_t lead_score = r.at("Lead_Score__c").get<std::int64_t>();

    // Transitions, in the order written.
    if (!terminal && flag(r, "is_competitor")) return "Disqualified";
    if (current == "SQL" || current == "Opportunity") {
        const json* last = field(r, "last_activity_at");
        if (last != nullptr) {
            const auto at = epoch_seconds(last->get_ref<const std::string&>());
            if (!at) return "error";
            const std::int64_t diff = as_of - *at;  // whole days, rounded down
            const std::int64_t days = diff >= 0 ? diff / 86400 : -((-diff + 86399) / 86400);
            if (days > 90) return "Recycled";
        }
    }
    if (current == "Recycled" && lead_score >= 100) return "MQL";
    if (side || terminal) return current;

    // The most advanced main-path stage whose entry holds.
    const json& company = r.at("company");
    const json* employees = field(company, "employees");
    const json* industry = field(company, "industry");
    bool icp_fit = employees != nullptr && employees->get<std::int64_t>() >= 50 && industry != nullptr;
    if (icp_fit) {
        const auto& name = industry->get_ref<const std::string&>();
        icp_fit = name == "Software" || name == "Fintech" || name == "Healthcare IT";
    }
    bool any_hot = false;
    for (const json& m : r.at("buying_group")) any_hot = any_hot || m.at("lead_score").get<std::int64_t>() > 100;
    const bool email = field(r, "email") != nullptr;
    const json* successes = field(r, "program_successes");
    const bool held = flag(r, "meeting_held");
    const std::array<bool, 10> entry{
        true,
        email,
        email && successes != nullptr && successes->get<std::int64_t>() >= 1,
        (lead_score >= 100 && icp_fit) || any_hot,
        flag(r, "meeting_scheduled"),
        held && flag(r, "sales_sees_potential"),
        held && bant_passed,
        text_is(r, "deal_status", "won"),
        text_is(r, "deal_status", "lost"),
        text_is(r, "deal_status", "no_decision"),
    };
    int most = static_cast<int>(entry.size()) - 1;
    while (!entry[static_cast<std::size_t>(most)]) --most;
    if (!has_current) return kMain[static_cast<std::size_t>(most)];
    const bool exit_holds = current == "MQL" ? flag(r, "meeting_scheduled") : true;
    return most > rank && exit_holds ? kMain[static_cast<std::size_t>(most)] : current;
}

void append_result(std::string& out, const json& r, std::int64_t as_of) {
    const Scorecard b = bant(r);
    const Scorecard m = meddic(r);
    const std::string_view stage = stage_of(r, b.passed, as_of);
    out += r.at("id").get_ref<const std::string&>();
    out += '\t';
    out += stage;
    for (const Scorecard* s : {&b, &m}) {
        out += s->passed ? "\t1\t" : "\t0\t";
        out += std::to_string(s->score);
        out += '\t';
        out += s->met;
    }
    out += '\n';
}

[[noreturn]] void usage(const std::string& message) {
    std::fprintf(stderr,
                 "peer_nlohmann: %s\nusage: peer_nlohmann --as-of YYYY-MM-DD --input FILE --output FILE "
                 "[--records N]\n",
                 message.c_str());
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
    std::string as_of_text, input, output;
    long long limit = std::numeric_limits<long long>::max();
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 >= argc) usage(std::string("option `") + argv[i] + "` needs a value");
        const std::string_view option = argv[i];
        const char* value = argv[i + 1];
        if (option == "--as-of") as_of_text = value;
        else if (option == "--input") input = value;
        else if (option == "--output") output = value;
        else if (option == "--records") {
            char* end = nullptr;
            limit = std::strtoll(value, &end, 10);
            if (end == value || *end != '\0' || limit <= 0) usage("--records takes a positive number");
        } else usage(std::string("unknown option `") + argv[i] + "`");
    }
    const auto as_of = epoch_seconds(as_of_text);
    if (!as_of || as_of_text.size() != 10 || input.empty() || output.empty())
        usage("--as-of YYYY-MM-DD, --input and --output are required");
    std::ifstream in(input, std::ios::binary);
    std::FILE* out = std::fopen(output.c_str(), "wb");
    if (!in || out == nullptr) usage("cannot open the input or the output file");

    const auto start = std::chrono::steady_clock::now();
    std::string line, buffer;
    long long records = 0;
    while (records < limit && std::getline(in, line)) {
        if (line.empty()) continue;
        json record;
        try {
            record = json::parse(line);
            append_result(buffer, record, *as_of);
        } catch (const json::exception&) {  // malformed, or a value of the wrong type
            const json* id = field(record, "id");
            buffer += id != nullptr && id->is_string() ? id->get_ref<const std::string&>() : std::string("?");
            buffer += "\terror\t0\t0\t0000\t0\t0\t000000\n";
        }
        ++records;
        if (buffer.size() >= (1U << 20)) {
            std::fwrite(buffer.data(), 1, buffer.size(), out);
            buffer.clear();
        }
    }
    std::fwrite(buffer.data(), 1, buffer.size(), out);
    const bool write_failed = std::fclose(out) != 0;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (write_failed) usage("cannot write the output file");
    std::printf("{\"engine\": \"nlohmann::json parse + hand-written C++\", \"records\": %lld, \"seconds\": %.6f}\n",
                records, seconds);
    return 0;
}
