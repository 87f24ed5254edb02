// A whole small dataset held in memory, row by row (prediction files, slice joins).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mlgate {

struct Table {
  std::string source;                          // as the gate names it, for messages
  std::vector<std::string> columns;            // header
  std::vector<std::vector<std::string>> rows;  // each has columns.size() cells
  std::vector<int64_t> lines;                  // file line where each row starts
  std::vector<std::string> null_values{""};    // cells equal to one of these are missing

  // Index of `name` in columns, or -1.
  int ColumnIndex(std::string_view name) const;
  bool IsNull(std::string_view cell) const;
};

}  // namespace mlgate
