# The probe: latency summary statistics, and the engine end to end against an in-process
# loopback server. bench/probe_vs_wrk.sh compares `mlgate probe` with wrk.
if(NOT TARGET PkgConfig::HTTPLIB)
  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
endif()
add_executable(probe_bench probe_bench.cpp)
target_link_libraries(probe_bench PRIVATE mlgate_runners PkgConfig::HTTPLIB
  benchmark::benchmark_main)
