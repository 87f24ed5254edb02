# Metric hot paths: paired bootstrap of f1_macro, ROC AUC on a million rows.
add_executable(metrics_bench ${CMAKE_CURRENT_LIST_DIR}/metrics_bench.cpp)
target_link_libraries(metrics_bench PRIVATE mlgate_stats benchmark::benchmark
  benchmark::benchmark_main)
