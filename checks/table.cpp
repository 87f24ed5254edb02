#include "checks/table.h"

#include <algorithm>

namespace mlgate {

int Table::ColumnIndex(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return static_cast<int>(i);
  }
  return -1;
}

bool Table::IsNull(std::string_view cell) const {
  return std::find(null_values.begin(), null_values.end(), cell) != null_values.end();
}

}  // namespace mlgate
