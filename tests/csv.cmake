# Data sources: byte sources (plain, gzip, zstd), CSV block reading and parsing, the table
# reader, and cell parsing.
mlgate_test(csv_test ${CMAKE_CURRENT_LIST_DIR}/runners/csv_test.cpp)
mlgate_test(byte_source_test ${CMAKE_CURRENT_LIST_DIR}/runners/byte_source_test.cpp)
mlgate_test(cell_test ${CMAKE_CURRENT_LIST_DIR}/checks/cell_test.cpp)
