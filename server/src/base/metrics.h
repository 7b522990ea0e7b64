// The process's metrics, written in Prometheus' text exposition format (version 0.0.4) for
// GET /metrics: counters, gauges and histograms, each a family with a name, a help text and fixed
// label names, and series by label values. Gauges may also be read at the scrape (a callback).
// Every part of the server adds to the one registry, Metrics::process(); thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace appnotify::server {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Metrics {
 public:
  static Metrics& process();

  // Adds `value` to the counter `name` (declared by describe, or described on first use).
  void count(const std::string& name, const Labels& labels = {}, double value = 1);
  // One observation of the histogram `name` (seconds), in kLatencyBuckets.
  void observe(const std::string& name, const Labels& labels, double seconds);
  // A gauge read at each scrape from `read`.
  void gauge_from(const std::string& name, const std::string& help, std::function<double()> read);

  // The type ("counter", "gauge", "histogram") and help text of `name`, for its # HELP and # TYPE.
  void describe(const std::string& name, const std::string& type, const std::string& help);

  // Everything, as Prometheus reads it.
  std::string text() const;

  static const std::vector<double> kLatencyBuckets;  // seconds: 1 ms to 10 s

 private:
  struct Histogram {
    std::vector<std::uint64_t> buckets;  // counts per upper bound (not cumulative)
    std::uint64_t count = 0;
    double sum = 0;
  };
  struct Family {
    std::string type = "counter";
    std::string help;
    std::map<Labels, double> values;         // counters
    std::map<Labels, Histogram> histograms;  // histograms
    std::function<double()> read;            // gauges read at the scrape
  };
  Family& family(const std::string& name, const char* type);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
};

}  // namespace appnotify::server
