# End-to-end throughput: a deterministic data generator for bench/throughput.sh.
add_executable(mlgate-gen-synthetic gen_synthetic.cpp)
