# Gate loading, policy, the schema check, the profiler and the command line end to end.
mlgate_test(gates_test
  gates/loader_test.cpp
  gates/policy_test.cpp
)
mlgate_test(schema_test
  checks/data/schema_test.cpp
  runners/infer_schema_test.cpp
)
mlgate_test(profiler_test
  runners/profiler_test.cpp
)
mlgate_test(cli_test
  runners/cli_test.cpp
)
# The example gate probes the example's model server; the tests start it on a free port.
target_compile_definitions(cli_test PRIVATE
  MLGATE_EXAMPLE_SERVE="$<TARGET_FILE:mlgate-example-serve>")
add_dependencies(cli_test mlgate-example-serve)
mlgate_test(profile_io_test
  runners/profile_io_test.cpp
)
mlgate_test(git_dataset_test
  runners/git_dataset_test.cpp
)
