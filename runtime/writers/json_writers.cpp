// NDJSON (one object per line) and a JSON array (the same objects in `[...]`).
#include "runtime/writers/make_writers.hpp"

#include "runtime/writers/result_json.hpp"

namespace sluice::rt::writers {

namespace {

// Objects are handed to the sink once this many bytes are pending.
constexpr std::size_t kHandOverBytes = std::size_t{1} << 16;

// What the two JSON writers share: the pending objects and when they go to the sink.
// A fragment writer keeps a whole chunk's objects pending (the chunk bounds them), so
// finish_block can hand them over by swapping buffers instead of copying them.
class JsonWriterBase : public ResultWriter {
 public:
  JsonWriterBase(const ir::Program& program, std::int32_t record, OutputSink& sink, bool fragment)
      : json_(program, record), sink_(sink), fragment_(fragment) {}
  std::optional<std::size_t> finish_block(std::string& block) override {
    if (!fragment_) return ResultWriter::finish_block(block);
    return json_.pending().swap_storage(block);
  }
  std::size_t buffered() const override { return json_.pending().size(); }

 protected:
  void hand_over_if_full() {
    if (!fragment_ && json_.pending().size() >= kHandOverBytes) hand_over();
  }
  void hand_over() {
    sink_.write_through(json_.pending().view());
    json_.pending().clear();
  }

  ResultJson json_;
  OutputSink& sink_;
  bool fragment_ = false;  // a chunk's elements only; the caller frames them
};

class NdjsonWriter final : public JsonWriterBase {
 public:
  using JsonWriterBase::JsonWriterBase;
  void write(const RecordIn& in, const EvalResult& result, const Explanation* explain) override {
    json_.append(in, result, explain, "\n");
    hand_over_if_full();
  }
  void finish() override {
    hand_over();
    sink_.flush();
  }
};

class JsonArrayWriter final : public JsonWriterBase {
 public:
  using JsonWriterBase::JsonWriterBase;
  void write(const RecordIn& in, const EvalResult& result, const Explanation* explain) override {
    if (first_ && !fragment_) {
      json_.pending().lit("[\n");
    } else {
      json_.pending().lit(",\n");
    }
    first_ = false;
    json_.append(in, result, explain, "");
    hand_over_if_full();
  }
  void finish() override {
    hand_over();
    if (!fragment_) sink_.buffer() += first_ ? "[]\n" : "\n]\n";
    first_ = false;
    sink_.flush();
  }

 private:
  bool first_ = true;
};

}  // namespace

std::unique_ptr<ResultWriter> make_ndjson_writer(const ir::Program& program, std::int32_t record, OutputSink& sink,
                                                bool fragment) {
  return std::make_unique<NdjsonWriter>(program, record, sink, fragment);
}

std::unique_ptr<ResultWriter> make_json_array_writer(const ir::Program& program, std::int32_t record,
                                                     OutputSink& sink, bool fragment) {
  return std::make_unique<JsonArrayWriter>(program, record, sink, fragment);
}

}  // namespace sluice::rt::writers
