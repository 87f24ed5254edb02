// Reads a whole (small) CSV into memory as a Table.
#pragma once

#include <string>
#include <vector>

#include "checks/table.h"
#include "runners/sources/csv.h"

namespace mlgate {

StatusOr<Table> ReadCsvTable(std::unique_ptr<ByteSource> source, const CsvOptions& options,
                             const std::vector<std::string>& null_values);

}  // namespace mlgate
