// Module loading: the entry file, `import "std/NAME"` (embedded) and
// `import "./x.funnel"` (relative to the importer's folder). Each module is parsed
// once; modules come out in dependency order (post-order), the entry file last.
#include "compiler/modules.hpp"

#include <filesystem>
#include <fstream>
#include <limits>
#include <map>

namespace sluice {

const std::map<std::string, std::string>& stdlib_table();  // generated at build time

const std::string* stdlib_source(const std::string& name) {
  const auto& table = stdlib_table();
  auto it = table.find(name);
  return it == table.end() ? nullptr : &it->second;
}

std::vector<std::string> stdlib_names() {
  std::vector<std::string> names;
  for (const auto& [name, text] : stdlib_table()) names.push_back(name);
  return names;
}

namespace {

namespace fs = std::filesystem;
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

// Reads at most `limit + 1` bytes, so the parser can report an oversized file
// without this loader reading an endless one.
bool read_file(const std::string& path, std::size_t limit, std::string& out, std::string& why) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    why = "it is a folder";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = fs::exists(path, ec) ? "permission denied" : "file not found";
    return false;
  }
  out.clear();
  char buf[65536];
  while (out.size() <= limit && in.read(buf, sizeof buf).gcount() > 0)
    out.append(buf, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) {
    why = "read error";
    return false;
  }
  if (out.size() > limit + 1) out.resize(limit + 1);
  return true;
}

std::string canonical_key(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  return ec ? p.lexically_normal().string() : c.string();
}

struct Source {
  std::string key;      // identity: "std/bant" or a canonical file path
  std::string display;  // the path shown in diagnostics
  std::string text;
  bool is_stdlib = false;
};

class Loader {
 public:
  Loader(SourceManager& sm, Diagnostics& diags, const Limits& limits) : sm_(sm), diags_(diags), limits_(limits) {}

  ModuleSet run(Source entry) {
    stack_.push_back({entry.key, entry.display, Span{}});
    set_.root = load(std::move(entry));
    return std::move(set_);
  }

  ModuleSet empty_entry(const std::string& path, const std::string& why) {
    FileId id = sm_.add(path, "");
    diags_.error("E0001", Span{id, 0, 0}, "cannot read `" + path + "`: " + why);
    Module m;
    m.file = id;
    m.ast = std::make_unique<ast::File>();
    m.ast->file = id;
    set_.modules.push_back(std::move(m));
    set_.root = 0;
    return std::move(set_);
  }

 private:
  struct Frame {
    std::string key, display;
    Span via;  // the import that loaded this module (in its importer)
  };

  std::size_t load(Source src) {
    FileId id = sm_.add(src.display, std::move(src.text), src.is_stdlib);
    ++loaded_;
    std::unique_ptr<ast::File> file = parse(sm_, id, diags_, limits_);
    std::vector<std::size_t> imports;
    for (const auto& imp : file->imports) imports.push_back(follow(imp, src));
    Module m;
    m.file = id;
    m.ast = std::move(file);
    m.imports = std::move(imports);
    m.import_used.assign(m.ast->imports.size(), false);
    set_.modules.push_back(std::move(m));
    std::size_t index = set_.modules.size() - 1;
    done_[src.key] = index;
    return index;
  }

  // Resolves one import of `from`; returns the module index or kNone after a diagnostic.
  std::size_t follow(const ast::Import& imp, const Source& from) {
    Source target;
    if (!resolve(imp, from, target)) return kNone;
    for (std::size_t i = 0; i < stack_.size(); ++i)
      if (stack_[i].key == target.key) {
        report_cycle(imp, i);
        return kNone;
      }
    if (auto it = done_.find(target.key); it != done_.end()) return it->second;
    if (loaded_ >= limits_.max_imports) {
      if (!limit_reported_)
        diags_.error("E0305", imp.path_span,
                     "too many modules: a policy may load at most " + std::to_string(limits_.max_imports));
      limit_reported_ = true;
      return kNone;
    }
    if (!target.is_stdlib && !read_target(imp, target)) return kNone;
    stack_.push_back({target.key, target.display, imp.path_span});
    std::size_t index = load(std::move(target));
    stack_.pop_back();
    return index;
  }

  bool resolve(const ast::Import& imp, const Source& from, Source& out) {
    const std::string& p = imp.path;
    if (p.rfind("std/", 0) == 0) {
      const std::string* text = stdlib_source(p);
      if (!text) {
        std::string near = closest_name(p, stdlib_names());
        std::string names;
        for (const auto& n : stdlib_names()) names += (names.empty() ? "`" : ", `") + n + "`";
        diags_.error("E0301", imp.path_span, "unknown standard module `" + p + "`",
                     near.empty() ? std::string{} : "did you mean `" + near + "`?",
                     "the standard library has " + names);
        return false;
      }
      out = {p, p, *text, true};
      return true;
    }
    if (p.rfind("./", 0) != 0 && p.rfind("../", 0) != 0) {
      diags_.error("E0304", imp.path_span, "import path `" + p + "` must start with `std/`, `./` or `../`",
                   {}, "write `./" + p + "` for a file next to this one");
      return false;
    }
    if (from.is_stdlib) {
      diags_.error("E0304", imp.path_span, "a standard module can only import other standard modules");
      return false;
    }
    // Only policy files: an import never reads (and quotes in a diagnostic) any other file.
    if (p.size() < 7 || p.compare(p.size() - 7, 7, ".funnel") != 0) {
      diags_.error("E0304", imp.path_span, "import path `" + p + "` must name a `.funnel` file", {},
                   "policies import other policy files only, e.g. `./shared.funnel`");
      return false;
    }
    fs::path joined = (fs::path(from.display).parent_path() / p).lexically_normal();
    out.display = joined.string();
    out.key = canonical_key(joined);
    out.is_stdlib = false;
    return true;
  }

  bool read_target(const ast::Import& imp, Source& target) {
    std::string why;
    if (read_file(target.display, limits_.max_file_bytes, target.text, why)) return true;
    diags_.error("E0302", imp.path_span, "cannot read imported file `" + target.display + "`: " + why);
    return false;
  }

  void report_cycle(const ast::Import& closing, std::size_t start) {
    std::string chain;
    for (std::size_t i = start; i < stack_.size(); ++i) chain += "`" + stack_[i].display + "` -> ";
    chain += "`" + stack_[start].display + "`";
    Diagnostic d;
    d.code = "E0303";
    d.message = "import cycle: " + chain;
    d.primary = {closing.path_span, "this import closes the cycle"};
    for (std::size_t i = start + 1; i < stack_.size(); ++i)
      d.secondary.push_back({stack_[i].via, "`" + stack_[i - 1].display + "` imports `" + stack_[i].display + "` here"});
    d.help = "move the shared declarations into a module that both files import";
    diags_.add(std::move(d));
  }

  SourceManager& sm_;
  Diagnostics& diags_;
  const Limits& limits_;
  ModuleSet set_;
  std::map<std::string, std::size_t> done_;
  std::vector<Frame> stack_;
  std::size_t loaded_ = 0;
  bool limit_reported_ = false;
};

}  // namespace

ModuleSet load_modules(SourceManager& sm, const std::string& path, Diagnostics& diags, const Limits& limits) {
  Loader loader(sm, diags, limits);
  Source entry;
  std::string why;
  if (!read_file(path, limits.max_file_bytes, entry.text, why)) return loader.empty_entry(path, why);
  entry.display = path;
  entry.key = canonical_key(path);
  return loader.run(std::move(entry));
}

ModuleSet load_modules_from_text(SourceManager& sm, const std::string& path, std::string text, Diagnostics& diags,
                                 const Limits& limits) {
  Loader loader(sm, diags, limits);
  Source entry;
  entry.display = path;
  entry.key = canonical_key(path);
  entry.text = std::move(text);
  return loader.run(std::move(entry));
}

}  // namespace sluice
