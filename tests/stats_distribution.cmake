# Tests of the distribution and correlation core (checks/stats). The numeric core has no I/O,
# so its tests link only mlgate_stats (not the runners or the CLI): they build and run even
# while other areas are mid-change. Same conventions as mlgate_test otherwise.
add_executable(stats_distribution_test
  checks/stats/binning_test.cpp
  checks/stats/comoments_test.cpp
  checks/stats/contingency_test.cpp
  checks/stats/divergence_test.cpp
  checks/stats/frequency_test.cpp
  checks/stats/kll_test.cpp
  checks/stats/kolmogorov_test.cpp
  checks/stats/moments_test.cpp
  checks/stats/ks_test.cpp
  checks/stats/quantile_test.cpp
  checks/stats/parallel_for_test.cpp
  checks/stats/rank_correlation_test.cpp
  checks/stats/sort_test.cpp
  checks/stats/usable_cores_test.cpp
)
target_link_libraries(stats_distribution_test PRIVATE mlgate_stats nlohmann_json::nlohmann_json
  GTest::gtest GTest::gtest_main)
target_compile_definitions(stats_distribution_test PRIVATE MLGATE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
gtest_discover_tests(stats_distribution_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
  PROPERTIES ENVIRONMENT "MLGATE_SOURCE_DIR=${PROJECT_SOURCE_DIR}" DISCOVERY_TIMEOUT 60)
