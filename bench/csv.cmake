# Data sources: CSV block cutting and parsing MB/s, UTF-8 validation, cell parsing per second.
add_executable(csv_bench csv_bench.cpp)
target_link_libraries(csv_bench PRIVATE mlgate_runners benchmark::benchmark_main)
