// Google's ML Test Score rubric (Breck et al., 2017): the 28 tests and their sections.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mlgate {

struct RubricTest {
  std::string_view id;       // "data-1"
  std::string_view section;  // "Data", "Model", "Infrastructure", "Monitoring"
  std::string_view title;
};

const std::vector<RubricTest>& RubricTests();
const RubricTest* FindRubricTest(std::string_view id);
std::vector<std::string> RubricIds();

}  // namespace mlgate
