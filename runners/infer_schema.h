// Infers a schema (types, nullability, ranges, domains, uniqueness) from a reference dataset.
#pragma once

#include "checks/data/schema_file.h"
#include "checks/profile.h"
#include "runners/profiler.h"

namespace mlgate {

struct InferOptions {
  size_t max_categories = 20;  // string columns with at most this many values get `allowed`
};

// What the profiler must collect for InferSchema.
ProfileRequest InferSchemaRequest(const InferOptions& options);

// The schema every row of `profile` satisfies: the inferred type; nullable only when nulls were
// seen; min/max for numeric columns; `allowed` for low-cardinality string and bool columns;
// `unique` for non-float columns whose values never repeat; row bounds are left open.
SchemaSpec InferSchema(const Profile& profile, const InferOptions& options);

}  // namespace mlgate
