// Reads a whole (small) CSV into memory as a Table.
#pragma once

#include <string>
#include <vector>

#include "checks/table.h"
#include "runners/sources/csv.h"

namespace mlgate {

// Reads every record of `source` into a Table: columns from the header (or column_1.. without
// one), cells as unquoted text, and for each row the physical line where it starts. Errors are
// those of CsvBlockReader and ParseCsvBlock, with the same messages. `null_values` is stored in
// the table for its consumers; cells are not altered.
StatusOr<Table> ReadCsvTable(std::unique_ptr<ByteSource> source, const CsvOptions& options,
                             const std::vector<std::string>& null_values);

}  // namespace mlgate
