# Git access, CI environment detection and the freshness check.
mlgate_test(git_repo_test ${CMAKE_CURRENT_LIST_DIR}/runners/git_test.cpp)
mlgate_test(ci_env_test ${CMAKE_CURRENT_LIST_DIR}/runners/ci_env_test.cpp)
mlgate_test(freshness_test ${CMAKE_CURRENT_LIST_DIR}/checks/model/freshness_test.cpp)
