// Module loading: the embedded standard library, relative imports, cycles, missing
// files, unknown std modules, the module limit, and each module parsed once.
#include <catch2/catch.hpp>

#include <filesystem>

#include "compiler/check.hpp"
#include "compiler/modules.hpp"
#include "temp_dir.hpp"

using namespace sluice;
namespace fs = std::filesystem;

namespace {

std::string codes(const Diagnostics& d) {
  std::string s;
  for (const auto& x : d.items()) s += x.code + " " + x.message + "\n";
  return s;
}

std::vector<std::string> paths(const ModuleSet& ms, const SourceManager& sm) {
  std::vector<std::string> out;
  for (const auto& m : ms.modules) out.push_back(fs::path(sm.file(m.file).path).filename().string());
  return out;
}

const char* kHeader = "policy \"p\" version \"1\"\n";

}  // namespace

TEST_CASE("the standard library is embedded") {
  auto names = stdlib_names();
  CHECK(std::find(names.begin(), names.end(), "std/bant") != names.end());
  CHECK(std::find(names.begin(), names.end(), "std/meddic") != names.end());
  REQUIRE(stdlib_source("std/bant") != nullptr);
  CHECK(stdlib_source("std/bant")->find("qualification BANT") != std::string::npos);
  CHECK(stdlib_source("std/nope") == nullptr);
}

TEST_CASE("std imports load the embedded module once, before the entry file") {
  SourceManager sm;
  Diagnostics diags;
  ModuleSet ms = load_modules_from_text(sm, "entry.funnel",
                                        std::string(kHeader) + "import \"std/bant\"\nimport \"std/meddic\"\nimport \"std/bant\"\n",
                                        diags);
  INFO(codes(diags));
  CHECK(diags.items().empty());
  REQUIRE(ms.modules.size() == 3);
  CHECK(ms.root == 2);
  CHECK(sm.file(ms.modules[0].file).path == "std/bant");
  CHECK(sm.file(ms.modules[0].file).is_stdlib);
  CHECK(sm.file(ms.modules[1].file).path == "std/meddic");
  CHECK(ms.modules[2].imports == std::vector<std::size_t>{0, 1, 0});
  CHECK(ms.modules[2].import_used.size() == 3);
}

TEST_CASE("relative imports resolve against the importer's folder; a diamond is loaded once") {
  TempDir dir;
  dir.write("shared/base.funnel", "const base = 1\n");
  dir.write("shared/left.funnel", "import \"./base.funnel\"\nconst left = base\n");
  dir.write("right.funnel", "import \"./shared/base.funnel\"\nconst right = base\n");
  std::string entry = dir.write("entry.funnel", std::string(kHeader) +
                                                    "import \"./shared/left.funnel\"\nimport \"./right.funnel\"\n"
                                                    "record r { id: text key  n: int? }\n"
                                                    "funnel f for r { stage A { entry n > left + right } }\n");
  SourceManager sm;
  Diagnostics diags;
  ModuleSet ms = load_modules(sm, entry, diags);
  INFO(codes(diags));
  CHECK(diags.items().empty());
  CHECK(paths(ms, sm) == std::vector<std::string>{"base.funnel", "left.funnel", "right.funnel", "entry.funnel"});
  CHECK(ms.root == 3);
  CHECK(ms.modules[2].imports == std::vector<std::size_t>{0});
  // The checker sees one namespace across modules and marks imports as used.
  CheckedPolicy p = check(std::move(ms), sm, diags);
  INFO(codes(diags));
  CHECK(diags.items().empty());
  CHECK(p.modules.modules[3].import_used == std::vector<bool>{true, true});
}

TEST_CASE("an import cycle names the closing import and the chain") {
  TempDir dir;
  dir.write("a.funnel", "import \"./b.funnel\"\n");
  dir.write("b.funnel", "import \"./a.funnel\"\n");
  std::string entry = dir.write("entry.funnel", std::string(kHeader) + "import \"./a.funnel\"\n");
  SourceManager sm;
  Diagnostics diags;
  ModuleSet ms = load_modules(sm, entry, diags);
  REQUIRE(diags.items().size() == 1);
  const Diagnostic& d = diags.items()[0];
  CHECK(d.code == "E0303");
  CHECK(d.message.find("a.funnel` -> `") != std::string::npos);
  CHECK(d.message.find("b.funnel` -> `") != std::string::npos);
  // The primary span is the import in b.funnel that closes the cycle.
  CHECK(fs::path(sm.file(d.primary.span.file).path).filename() == "b.funnel");
  REQUIRE(d.secondary.size() == 1);
  CHECK(fs::path(sm.file(d.secondary[0].span.file).path).filename() == "a.funnel");
  CHECK(ms.modules.size() == 3);  // every file is still loaded once
}

TEST_CASE("module errors") {
  SourceManager sm;
  Diagnostics diags;
  SECTION("a missing file") {
    TempDir dir;
    std::string entry = dir.write("entry.funnel", std::string(kHeader) + "import \"./gone.funnel\"\n");
    load_modules(sm, entry, diags);
    REQUIRE(diags.items().size() == 1);
    CHECK(diags.items()[0].code == "E0302");
    CHECK(diags.items()[0].message.find("gone.funnel") != std::string::npos);
    CHECK(diags.items()[0].message.find("file not found") != std::string::npos);
  }
  SECTION("an unknown std module suggests the closest") {
    load_modules_from_text(sm, "e.funnel", std::string(kHeader) + "import \"std/medic\"\n", diags);
    REQUIRE(diags.items().size() == 1);
    CHECK(diags.items()[0].code == "E0301");
    CHECK(diags.items()[0].message == "unknown standard module `std/medic`");
    CHECK(diags.items()[0].primary.message == "did you mean `std/meddic`?");
  }
  SECTION("a path that is neither std/ nor relative") {
    load_modules_from_text(sm, "e.funnel", std::string(kHeader) + "import \"/etc/passwd\"\n", diags);
    REQUIRE(diags.items().size() == 1);
    CHECK(diags.items()[0].code == "E0304");
  }
  SECTION("the entry file cannot be read") {
    ModuleSet ms = load_modules(sm, "/nonexistent/dir/x.funnel", diags);
    REQUIRE(diags.items().size() == 1);
    CHECK(diags.items()[0].code == "E0001");
    REQUIRE(ms.modules.size() == 1);  // an empty entry module, so later phases have a root
  }
  SECTION("a folder is not a file") {
    TempDir dir;
    fs::create_directories(dir.path / "sub.funnel");
    std::string entry = dir.write("entry.funnel", std::string(kHeader) + "import \"./sub.funnel\"\n");
    load_modules(sm, entry, diags);
    REQUIRE(diags.items().size() == 1);
    CHECK(diags.items()[0].code == "E0302");
    CHECK(diags.items()[0].message.find("folder") != std::string::npos);
  }
  SECTION("the module limit") {
    TempDir dir;
    for (int i = 0; i < 5; ++i)
      dir.write("m" + std::to_string(i) + ".funnel", "import \"./m" + std::to_string(i + 1) + ".funnel\"\n");
    dir.write("m5.funnel", "const last = 1\n");
    std::string entry = dir.write("entry.funnel", std::string(kHeader) + "import \"./m0.funnel\"\n");
    Limits limits;
    limits.max_imports = 3;
    ModuleSet ms = load_modules(sm, entry, diags, limits);
    REQUIRE(diags.items().size() == 1);
    CHECK(diags.items()[0].code == "E0305");
    CHECK(ms.modules.size() == 3);
  }
}
