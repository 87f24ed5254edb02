// The schema a `schema` check enforces: read from a schema file or from the check's own options,
// and written by `mlgate infer-schema`.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "checks/cell.h"
#include "checks/options.h"

namespace mlgate {

enum class ExtraColumns { kForbid, kAllow, kWarn };

struct ColumnSchema {
  std::string name;
  std::optional<ColumnType> type;
  bool required = true;
  bool nullable = true;
  std::optional<double> max_null_fraction;
  std::optional<double> min, max;
  std::vector<std::string> allowed;  // empty: any value
  std::optional<std::string> regex;  // RE2 syntax, matched against the whole value
  bool unique = false;
  int line = 0;  // where it is declared
};

struct SchemaSpec {
  std::vector<ColumnSchema> columns;
  ExtraColumns extra_columns = ExtraColumns::kForbid;
  std::optional<int64_t> min_rows, max_rows;
};

// Reads `columns`, `rows` and `extra_columns` from a mapping (a schema file's root or a check's
// options). Problems become diagnostics on `reader`.
SchemaSpec ReadSchema(OptionReader& reader);

// Renders a schema as a schema file (the format ReadSchema reads back).
std::string WriteSchemaYaml(const SchemaSpec& schema, const std::string& comment);

}  // namespace mlgate
