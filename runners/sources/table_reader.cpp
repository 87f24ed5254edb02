// Reads a whole CSV into a Table on the calling thread, with the block reader and parser's
// checks and messages.
#include "runners/sources/table_reader.h"

#include <utility>

namespace mlgate {
namespace {

class TableSink final : public CsvRecordSink {
 public:
  explicit TableSink(Table* table) : table_(table) {}
  Status OnRecord(std::span<const std::string_view> fields, int64_t line) override {
    table_->rows.emplace_back(fields.begin(), fields.end());
    table_->lines.push_back(line);
    return Status::Ok();
  }

 private:
  Table* table_;
};

}  // namespace

StatusOr<Table> ReadCsvTable(std::unique_ptr<ByteSource> source, const CsvOptions& options,
                             const std::vector<std::string>& null_values) {
  if (source == nullptr) return InvalidArgument("CSV reader needs a source");
  Table table;
  table.source = source->name();
  table.null_values = null_values;
  auto reader = CsvBlockReader::Open(std::move(source), options);
  if (!reader.ok()) return reader.status();
  table.columns = (*reader)->header();
  TableSink sink(&table);
  CsvBlock block;
  while (true) {
    auto more = (*reader)->Next(&block);
    if (!more.ok()) return more.status();
    if (!*more) break;
    MLGATE_RETURN_IF_ERROR(
        ParseCsvBlock(block, options, table.columns.size(), table.source, sink, table.columns));
  }
  return table;
}

}  // namespace mlgate
