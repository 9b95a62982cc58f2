// NDJSON (one object per line) and a JSON array (the same objects in `[...]`).
#include "runtime/writers/make_writers.hpp"

#include "runtime/writers/result_json.hpp"

namespace sluice::rt::writers {

namespace {

class NdjsonWriter final : public ResultWriter {
 public:
  NdjsonWriter(const ir::Program& program, std::int32_t record, OutputSink& sink) : json_(program, record), sink_(sink) {}
  void write(const RecordIn& in, const EvalResult& result, const Explanation* explain) override {
    json_.append(sink_.buffer(), in, result, explain, "\n");
    sink_.written();
  }
  void finish() override { sink_.flush(); }

 private:
  ResultJson json_;
  OutputSink& sink_;
};

class JsonArrayWriter final : public ResultWriter {
 public:
  JsonArrayWriter(const ir::Program& program, std::int32_t record, OutputSink& sink, bool fragment)
      : json_(program, record), sink_(sink), fragment_(fragment) {}
  void write(const RecordIn& in, const EvalResult& result, const Explanation* explain) override {
    sink_.buffer() += first_ && !fragment_ ? "[\n" : ",\n";
    first_ = false;
    json_.append(sink_.buffer(), in, result, explain, "");
    sink_.written();
  }
  void finish() override {
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
