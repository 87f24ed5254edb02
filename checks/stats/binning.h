// Bins shared by PSI and Jensen-Shannon: for numeric columns, edges at the reference's
// quantiles 1/B .. (B-1)/B (numpy linear interpolation), duplicates dropped, outer edges
// -inf/+inf, bins right-closed (a value v is in bin i when e(i-1) < v <= e(i), as pandas.cut);
// for categorical columns, the categories seen in either sample.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "checks/stats/kll.h"

namespace mlgate::stats {

// The interior edges for `bins` bins: quantiles of `sorted_reference` at i / bins (computed as
// the double i / bins) for i = 1 .. bins - 1, ascending, exact duplicates removed. A value
// above every edge lands in the last bin. nullopt when the reference is empty or bins < 1.
std::optional<std::vector<double>> QuantileBinEdges(std::span<const double> sorted_reference,
                                                    int bins);

// The same edges from a sketch of the reference (approximate: each edge's rank is within the
// sketch's RankErrorBound() of i / bins). nullopt when the sketch is empty or bins < 1.
std::optional<std::vector<double>> SketchBinEdges(const KllSketch& reference, int bins);

// Counts per bin (edges.size() + 1 of them) of ascending `sorted` values.
std::vector<int64_t> CountInBins(std::span<const double> sorted, std::span<const double> edges);

// Counts per bin of values in any order. NaN values are skipped.
std::vector<int64_t> CountInBinsUnsorted(std::span<const double> values,
                                         std::span<const double> edges);

// Estimated proportion per bin from a sketch's ranks; each is within the sketch's
// PmfErrorBound() of the true proportion. nullopt when the sketch is empty.
std::optional<std::vector<double>> SketchBinProportions(const KllSketch& sketch,
                                                        std::span<const double> edges);

// count / total per entry; nullopt when the counts sum to zero.
std::optional<std::vector<double>> Proportions(std::span<const int64_t> counts);

// Two frequency tables over the categories seen in either (count > 0 on at least one side),
// in ascending category order; a category absent from one side counts 0 there.
struct AlignedCounts {
  std::vector<std::string> categories;
  std::vector<int64_t> reference;
  std::vector<int64_t> current;
};
AlignedCounts AlignCategories(const std::map<std::string, int64_t>& reference,
                              const std::map<std::string, int64_t>& current);

}  // namespace mlgate::stats
