# The seattle-weather example's trainer: its model against scikit-learn, its optimiser, that the
# committed predictions are what the trainer writes, and the example gates' promote and block.
mlgate_test(example_train_test ${CMAKE_CURRENT_LIST_DIR}/examples/train_test.cpp)
target_link_libraries(example_train_test PRIVATE mlgate_example_train_core)
target_compile_definitions(example_train_test PRIVATE
  MLGATE_EXAMPLE_TRAIN="$<TARGET_FILE:mlgate-example-train>")
add_dependencies(example_train_test mlgate-example-train)
