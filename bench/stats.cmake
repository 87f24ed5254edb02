# Micro-benchmarks of the distribution and correlation hot kernels (checks/stats).
add_executable(stats_bench stats_bench.cpp)
target_link_libraries(stats_bench PRIVATE mlgate_stats benchmark::benchmark_main)
