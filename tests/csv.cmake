# Data sources: byte sources (plain, gzip, zstd), CSV block reading and parsing, the table
# reader, and cell parsing.
mlgate_test(csv_test ${CMAKE_CURRENT_LIST_DIR}/runners/csv_test.cpp)
mlgate_test(byte_source_test ${CMAKE_CURRENT_LIST_DIR}/runners/byte_source_test.cpp)
mlgate_test(cell_test ${CMAKE_CURRENT_LIST_DIR}/checks/cell_test.cpp)
if(MLGATE_SANITIZE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # With the sanitizers, GCC 12 warns that std::regex's internal std::function objects may be
  # used uninitialized (a false positive inside <regex>), and -Werror stopped the ASan build.
  set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/runners/csv_test.cpp
                              PROPERTIES COMPILE_OPTIONS -Wno-maybe-uninitialized)
endif()
