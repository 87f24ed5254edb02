#include "runners/infer_schema.h"

namespace mlgate {

ProfileRequest InferSchemaRequest(const InferOptions& options) {
  ProfileRequest request;
  request.all_columns.moments = true;
  request.all_columns.frequencies = true;
  request.all_columns.unique = true;
  request.max_distinct = options.max_categories + 1;
  return request;
}

SchemaSpec InferSchema(const Profile& profile, const InferOptions& options) {
  SchemaSpec schema;
  schema.extra_columns = ExtraColumns::kForbid;
  for (const auto& column : profile.columns) {
    ColumnSchema c;
    c.name = column.name;
    ColumnType type = column.Type();
    c.type = type;
    c.nullable = column.nulls > 0;
    if (IsNumeric(type) && column.moments.count() > 0) {
      c.min = column.moments.min();
      c.max = column.moments.max();
    }
    bool categorical = type == ColumnType::kString || type == ColumnType::kBool;
    if (categorical && column.present > 0 && !column.frequencies.overflowed() &&
        column.frequencies.distinct() <= options.max_categories) {
      for (const auto& [value, count] : column.frequencies.Sorted()) c.allowed.push_back(value);
    }
    // A float column rarely repeats by chance on small data; uniqueness is a promise worth
    // enforcing only for identifiers and dates.
    c.unique = type != ColumnType::kFloat && type != ColumnType::kBool && column.present > 1 &&
               column.duplicates.violations == 0 && c.allowed.empty();
    schema.columns.push_back(std::move(c));
  }
  return schema;
}

}  // namespace mlgate
