// Native throughput of the markdown renderer on a corpus file (texts separated by NUL), printed as
// one JSON line for scripts/bench. Benchmarks may read the clock; the core never does.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "appnotify/markdown.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS [SECONDS]\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string all = buffer.str();
  std::vector<std::string> docs;
  std::size_t bytes = 0;
  for (std::size_t begin = 0; begin <= all.size();) {
    std::size_t end = all.find('\0', begin);
    if (end == std::string::npos) end = all.size();
    docs.push_back(all.substr(begin, end - begin));
    bytes += end - begin;
    begin = end + 1;
  }
  const double seconds = argc > 2 ? std::stod(argv[2]) : 1.0;
  using Clock = std::chrono::steady_clock;
  std::vector<double> rounds;
  std::size_t sink = 0;
  appnotify::RenderedContent scratch;  // reused, as the wasm build reuses its buffers
  for (int round = 0; round < 5; ++round) {
    std::size_t passes = 0;
    const auto start = Clock::now();
    double elapsed = 0;
    do {
      for (const std::string& doc : docs) sink += (appnotify::render_markdown_to(doc, scratch), scratch.html.size());
      ++passes;
      elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    } while (elapsed < seconds / 5);
    rounds.push_back(passes * docs.size() / elapsed);
  }
  std::sort(rounds.begin(), rounds.end());
  const double docs_per_s = rounds[rounds.size() / 2];
  std::printf("{\"docsPerSecond\": %.0f, \"megabytesPerSecond\": %.2f, \"docs\": %zu, \"sink\": %zu}\n", docs_per_s,
              docs_per_s * (static_cast<double>(bytes) / docs.size()) / 1e6, docs.size(), sink % 10);
  return 0;
}
