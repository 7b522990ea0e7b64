// Loads the shared test vectors (tests/vectors/<suite>/*.json): one file holds an array of cases,
// each {"name", "input" | "inputText", "expect", ...}. The wasm ring reads the same files.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace appnotify::testing {

struct VectorCase {
  std::string file;  // file name within the suite folder
  std::string name;
  nlohmann::ordered_json spec;
};

std::vector<VectorCase> load_vectors(const std::string& suite);

// The input text of a case: "inputText" as it is, or "input" serialized.
std::string input_text(const nlohmann::ordered_json& spec);

// A name GoogleTest accepts ([A-Za-z0-9_]), unique within `cases`.
std::string test_name(const std::vector<VectorCase>& cases, std::size_t index);

}  // namespace appnotify::testing
