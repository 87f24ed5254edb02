# Distribution comparison and correlation: quantiles, the KLL sketch, binning, KS, chi-square,
# z-test, PSI, Jensen-Shannon, Wasserstein, L-infinity, co-moments, Spearman.
list(APPEND MLGATE_STATS_SOURCES
  binning.cpp
  comoments.cpp
  contingency.cpp
  divergence.cpp
  kll.cpp
  kolmogorov.cpp
  ks.cpp
  quantile.cpp
  rank_correlation.cpp
)
