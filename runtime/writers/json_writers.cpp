// NDJSON (one object per line) and a JSON array (the same objects in `[...]`).
#include "runtime/writers/make_writers.hpp"

#include "runtime/writers/result_json.hpp"

namespace sluice::rt::writers {

namespace {

// Objects are handed to the sink once this many bytes are pending.
constexpr std::size_t kHandOverBytes = std::size_t{1} << 16;

void hand_over(LineBuffer& pending, OutputSink& sink) {
  sink.write_through(pending.view());
  pending.clear();
}

class NdjsonWriter final : public ResultWriter {
 public:
  NdjsonWriter(const ir::Program& program, std::int32_t record, OutputSink& sink) : json_(program, record), sink_(sink) {}
  void write(const RecordIn& in, const EvalResult& result, const Explanation* explain) override {
    json_.append(in, result, explain, "\n");
    if (json_.pending().size() >= kHandOverBytes) hand_over(json_.pending(), sink_);
  }
  void finish() override {
    hand_over(json_.pending(), sink_);
    sink_.flush();
  }

 private:
  ResultJson json_;
  OutputSink& sink_;
};

class JsonArrayWriter final : public ResultWriter {
 public:
  JsonArrayWriter(const ir::Program& program, std::int32_t record, OutputSink& sink, bool fragment)
      : json_(program, record), sink_(sink), fragment_(fragment) {}
  void write(const RecordIn& in, const EvalResult& result, const Explanation* explain) override {
    if (first_ && !fragment_) {
      json_.pending().lit("[\n");
    } else {
      json_.pending().lit(",\n");
    }
    first_ = false;
    json_.append(in, result, explain, "");
    if (json_.pending().size() >= kHandOverBytes) hand_over(json_.pending(), sink_);
  }
  void finish() override {
    hand_over(json_.pending(), sink_);
    if (!fragment_) sink_.buffer() += first_ ? "[]\n" : "\n]\n";
    first_ = false;
    sink_.flush();
  }

 private:
  ResultJson json_;
  OutputSink& sink_;
  bool fragment_ = false;  // elements only; the caller writes "[" and "]"
  bool first_ = true;
};

}  // namespace

std::unique_ptr<ResultWriter> make_ndjson_writer(const ir::Program& program, std::int32_t record, OutputSink& sink) {
  return std::make_unique<NdjsonWriter>(program, record, sink);
}

std::unique_ptr<ResultWriter> make_json_array_writer(const ir::Program& program, std::int32_t record,
                                                     OutputSink& sink, bool fragment) {
  return std::make_unique<JsonArrayWriter>(program, record, sink, fragment);
}

}  // namespace sluice::rt::writers
