#include "base/metrics.h"

#include <cmath>
#include <cstdio>

namespace appnotify::server {
namespace {

// A label value as the text format wants it: backslash, double quote and newline escaped.
std::string escaped(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string number(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", value);
  return text;
}

std::string series(const std::string& name, const Labels& labels, const std::string& extra_label = "") {
  std::string text = name;
  if (labels.empty() && extra_label.empty()) return text;
  text += '{';
  bool first = true;
  for (const auto& [label, value] : labels) {
    text += (first ? "" : ",") + label + "=\"" + escaped(value) + "\"";
    first = false;
  }
  if (!extra_label.empty()) text += (first ? "" : ",") + extra_label;
  return text + '}';
}

}  // namespace

const std::vector<double> Metrics::kLatencyBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                      0.25,  0.5,    1,     2.5,  5,     10};

Metrics& Metrics::process() {
  static Metrics* metrics = new Metrics();  // never destroyed: threads may count until the end
  return *metrics;
}

Metrics::Family& Metrics::family(const std::string& name, const char* type) {
  auto [found, fresh] = families_.try_emplace(name);
  if (fresh) found->second.type = type;
  return found->second;
}

void Metrics::describe(const std::string& name, const std::string& type, const std::string& help) {
  std::lock_guard<std::mutex> lock(mutex_);
  Family& described = families_[name];
  described.type = type;
  described.help = help;
}

void Metrics::count(const std::string& name, const Labels& labels, double value) {
  std::lock_guard<std::mutex> lock(mutex_);
  family(name, "counter").values[labels] += value;
}

void Metrics::observe(const std::string& name, const Labels& labels, double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  Histogram& histogram = family(name, "histogram").histograms[labels];
  if (histogram.buckets.empty()) histogram.buckets.assign(kLatencyBuckets.size(), 0);
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) {
      ++histogram.buckets[i];
      break;
    }
  }
  ++histogram.count;
  histogram.sum += seconds;
}

void Metrics::gauge_from(const std::string& name, const std::string& help, std::function<double()> read) {
  std::lock_guard<std::mutex> lock(mutex_);
  Family& gauge = families_[name];
  gauge.type = "gauge";
  gauge.help = help;
  gauge.read = std::move(read);
}

std::string Metrics::text() const {
  // The callbacks run outside the lock: they may take locks of their own.
  std::map<std::string, std::function<double()>> reads;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [name, family] : families_) {
      if (family.read) reads[name] = family.read;
    }
  }
  std::map<std::string, double> read_values;
  for (const auto& [name, read] : reads) read_values[name] = read();

  std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  for (const auto& [name, family] : families_) {
    if (!family.help.empty()) out += "# HELP " + name + " " + family.help + "\n";
    out += "# TYPE " + name + " " + family.type + "\n";
    if (family.read) out += name + " " + number(read_values[name]) + "\n";
    for (const auto& [labels, value] : family.values) out += series(name, labels) + " " + number(value) + "\n";
    for (const auto& [labels, histogram] : family.histograms) {
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
        cumulative += histogram.buckets[i];
        out += series(name + "_bucket", labels, "le=\"" + number(kLatencyBuckets[i]) + "\"") + " " +
               std::to_string(cumulative) + "\n";
      }
      out += series(name + "_bucket", labels, "le=\"+Inf\"") + " " + std::to_string(histogram.count) + "\n";
      out += series(name + "_sum", labels) + " " + number(histogram.sum) + "\n";
      out += series(name + "_count", labels) + " " + std::to_string(histogram.count) + "\n";
    }
  }
  return out;
}

}  // namespace appnotify::server
