// Quantile bin edges, bin counts and category alignment for PSI and Jensen-Shannon.
#include "checks/stats/binning.h"

#include <algorithm>
#include <cmath>

#include "checks/stats/quantile.h"

namespace mlgate::stats {
namespace {

std::vector<double> Deduplicate(std::vector<double> edges) {
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  return edges;
}

}  // namespace

std::optional<std::vector<double>> QuantileBinEdges(std::span<const double> sorted_reference,
                                                    int bins) {
  if (sorted_reference.empty() || bins < 1) return std::nullopt;
  std::vector<double> edges;
  edges.reserve(bins - 1);
  for (int i = 1; i < bins; ++i) {
    edges.push_back(QuantileSorted(sorted_reference, static_cast<double>(i) / bins).value);
  }
  return Deduplicate(std::move(edges));
}

std::optional<std::vector<double>> SketchBinEdges(const KllSketch& reference, int bins) {
  if (reference.empty() || bins < 1) return std::nullopt;
  std::vector<double> edges;
  edges.reserve(bins - 1);
  for (int i = 1; i < bins; ++i) {
    edges.push_back(reference.Quantile(static_cast<double>(i) / bins).value);
  }
  return Deduplicate(std::move(edges));
}

std::vector<int64_t> CountInBins(std::span<const double> sorted, std::span<const double> edges) {
  std::vector<int64_t> counts(edges.size() + 1);
  // Values <= e(i) are in bins 0..i, so successive upper bounds delimit each bin.
  auto previous = sorted.begin();
  for (size_t i = 0; i < edges.size(); ++i) {
    auto upper = std::upper_bound(previous, sorted.end(), edges[i]);
    counts[i] = upper - previous;
    previous = upper;
  }
  counts[edges.size()] = sorted.end() - previous;
  return counts;
}

std::vector<int64_t> CountInBinsUnsorted(std::span<const double> values,
                                         std::span<const double> edges) {
  std::vector<int64_t> counts(edges.size() + 1);
  for (double v : values) {
    if (std::isnan(v)) continue;
    // The first edge >= v closes v's bin.
    counts[std::lower_bound(edges.begin(), edges.end(), v) - edges.begin()] += 1;
  }
  return counts;
}

std::optional<std::vector<double>> SketchBinProportions(const KllSketch& sketch,
                                                        std::span<const double> edges) {
  if (sketch.empty()) return std::nullopt;
  std::vector<double> proportions(edges.size() + 1);
  double previous = 0.0;
  for (size_t i = 0; i < edges.size(); ++i) {
    const double rank = sketch.Rank(edges[i]).value;
    proportions[i] = rank - previous;
    previous = rank;
  }
  proportions[edges.size()] = 1.0 - previous;
  return proportions;
}

std::optional<std::vector<double>> Proportions(std::span<const int64_t> counts) {
  int64_t total = 0;
  for (int64_t c : counts) total += c;
  if (total == 0) return std::nullopt;
  std::vector<double> out;
  out.reserve(counts.size());
  for (int64_t c : counts) out.push_back(static_cast<double>(c) / static_cast<double>(total));
  return out;
}

AlignedCounts AlignCategories(const std::map<std::string, int64_t>& reference,
                              const std::map<std::string, int64_t>& current) {
  AlignedCounts out;
  auto r = reference.begin();
  auto c = current.begin();
  while (r != reference.end() || c != current.end()) {
    std::string name;
    int64_t rc = 0, cc = 0;
    if (c == current.end() || (r != reference.end() && r->first < c->first)) {
      name = r->first;
      rc = (r++)->second;
    } else if (r == reference.end() || c->first < r->first) {
      name = c->first;
      cc = (c++)->second;
    } else {
      name = r->first;
      rc = (r++)->second;
      cc = (c++)->second;
    }
    if (rc == 0 && cc == 0) continue;
    out.categories.push_back(std::move(name));
    out.reference.push_back(rc);
    out.current.push_back(cc);
  }
  return out;
}

}  // namespace mlgate::stats
