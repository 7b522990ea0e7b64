#include "vectors.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace appnotify::testing {

std::vector<VectorCase> load_vectors(const std::string& suite) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(fs::path(APPNOTIFY_VECTORS_DIR) / suite)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<VectorCase> cases;
  for (const fs::path& file : files) {
    std::ifstream in(file);
    std::stringstream buffer;
    buffer << in.rdbuf();
    auto parsed = nlohmann::ordered_json::parse(buffer.str(), nullptr, false);
    if (parsed.is_discarded() || !parsed.is_array()) {
      // A broken vector file must fail loudly, not silently shrink the suite.
      cases.push_back({file.filename().string(), "unreadable_vector_file", nlohmann::ordered_json()});
      continue;
    }
    for (auto& spec : parsed) cases.push_back({file.filename().string(), spec.value("name", "unnamed"), spec});
  }
  return cases;
}

std::string input_text(const nlohmann::ordered_json& spec) {
  if (spec.contains("inputText")) return spec["inputText"].get<std::string>();
  return spec["input"].dump();
}

std::string test_name(const std::vector<VectorCase>& cases, std::size_t index) {
  std::string stem = cases[index].file.substr(0, cases[index].file.rfind('.')) + "_" + cases[index].name;
  std::string name;
  for (char c : stem) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name + "_" + std::to_string(index);
}

}  // namespace appnotify::testing
