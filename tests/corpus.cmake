# Bad input never crashes: the corpus of broken CSV and gate files in tests/corpus/, each run
# through the real binary, and truncation tests over a valid gate and CSV file.
mlgate_test(corpus_test runners/corpus_test.cpp)
# The cases are found when the test runs. Naming them here too makes adding or removing a case
# folder rebuild the test, and so re-register its cases with CTest.
file(GLOB MLGATE_CORPUS_EXPECTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/corpus/*/expect.yaml)
set(MLGATE_CORPUS_CASES "")
foreach(expect ${MLGATE_CORPUS_EXPECTS})
  get_filename_component(case_dir ${expect} DIRECTORY)
  get_filename_component(case_name ${case_dir} NAME)
  list(APPEND MLGATE_CORPUS_CASES ${case_name})
endforeach()
list(SORT MLGATE_CORPUS_CASES)
string(REPLACE ";" "," MLGATE_CORPUS_CASES "${MLGATE_CORPUS_CASES}")
target_compile_definitions(corpus_test PRIVATE MLGATE_CORPUS_CASES="${MLGATE_CORPUS_CASES}")
