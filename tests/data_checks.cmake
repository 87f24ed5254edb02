# The drift, distribution and correlation check kinds, end to end against the oracle fixtures
# of tests/oracles/gen_checks.py.
mlgate_test(drift_test
  checks/data/drift_test.cpp
)
mlgate_test(distribution_test
  checks/data/distribution_test.cpp
)
mlgate_test(correlation_test
  checks/data/correlation_test.cpp
)
