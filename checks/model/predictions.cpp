// Reading a model's predictions table into metric inputs.
#include "checks/model/predictions.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <unordered_set>

#include "checks/cell.h"
#include "checks/options.h"
#include "checks/stats/classification_metrics.h"

namespace mlgate {
namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

int64_t LineOf(const Table& table, size_t row) {
  return row < table.lines.size() ? table.lines[row] : static_cast<int64_t>(row) + 2;
}

Status MissingColumn(const ModelTable& m, const std::string& column, const char* role) {
  std::string hint = ClosestMatch(column, m.table->columns);
  return DataError(fmt::format("model '{}': its {} column '{}' is not in {}{}", m.name(), role,
                               column, m.table->source,
                               hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
}

// The cell as a number, or nullopt when missing or not a number (non-finite values pass).
std::optional<double> Number(const Table& table, std::string_view cell) {
  if (table.IsNull(cell)) return std::nullopt;
  return ParseFloat(cell);
}

}  // namespace

std::vector<size_t> ModelTable::LabelledRows() const {
  std::vector<size_t> rows;
  rows.reserve(table->rows.size());
  for (size_t i = 0; i < table->rows.size(); ++i) {
    if (!table->IsNull(table->rows[i][static_cast<size_t>(label)])) rows.push_back(i);
  }
  return rows;
}

StatusOr<ModelTable> OpenModelTable(const Inputs& inputs, const std::string& model) {
  auto spec = inputs.Model(model);
  if (!spec.ok()) return spec.status();
  auto table = inputs.DatasetTable((*spec)->dataset);
  if (!table.ok()) {
    return table.status().WithPrefix(fmt::format("model '{}' predictions", model));
  }
  ModelTable m;
  m.spec = *spec;
  m.table = *table;
  const ModelSpec& s = *m.spec;
  m.label = m.table->ColumnIndex(s.label);
  if (m.label < 0) return MissingColumn(m, s.label, "label");
  m.prediction = m.table->ColumnIndex(s.prediction);
  if (m.prediction < 0) return MissingColumn(m, s.prediction, "prediction");
  if (!s.score.empty()) {
    m.score = m.table->ColumnIndex(s.score);
    if (m.score < 0) return MissingColumn(m, s.score, "score");
  }
  if (!s.id.empty()) {
    m.id = m.table->ColumnIndex(s.id);
    if (m.id < 0) return MissingColumn(m, s.id, "id");
  }
  if (!s.score_prefix.empty()) {
    for (size_t c = 0; c < m.table->columns.size(); ++c) {
      const std::string& name = m.table->columns[c];
      if (name.size() > s.score_prefix.size() && name.rfind(s.score_prefix, 0) == 0) {
        m.score_classes.push_back(name.substr(s.score_prefix.size()));
        m.score_columns.push_back(static_cast<int>(c));
      }
    }
    if (m.score_columns.empty()) {
      return DataError(fmt::format("model '{}': no column of {} starts with its score_prefix '{}'",
                                   m.name(), m.table->source, s.score_prefix));
    }
  }
  if (!s.positive.empty()) {
    m.positive = s.positive;
  } else {
    // "1", else any spelling of "true", among labels and predictions.
    std::string found_true;
    for (const auto& row : m.table->rows) {
      for (int column : {m.label, m.prediction}) {
        const std::string& cell = row[static_cast<size_t>(column)];
        if (cell == "1") {
          m.positive = "1";
          break;
        }
        if (found_true.empty() && EqualsIgnoringCase(cell, "true")) found_true = cell;
      }
      if (!m.positive.empty()) break;
    }
    if (m.positive.empty()) m.positive = found_true;
  }
  return m;
}

std::string PredictionsDataset(const CheckContext& context, const std::string& model) {
  auto it = context.model_datasets.find(model);
  return it == context.model_datasets.end() ? "" : it->second;
}

NonFinite ScanOutputs(const ModelTable& m, stats::MetricTask task) {
  NonFinite bad;
  const Table& table = *m.table;
  auto note = [&](size_t row, int column, const char* reason) {
    if (bad.count++ == 0) {
      bad.first_line = LineOf(table, row);
      bad.first_column = table.columns[static_cast<size_t>(column)];
      bad.first_value = table.rows[row][static_cast<size_t>(column)];
      bad.first_reason = reason;
    }
  };
  std::vector<int> score_columns = m.score_columns;
  if (m.score >= 0) score_columns.push_back(m.score);
  for (size_t row = 0; row < table.rows.size(); ++row) {
    const auto& cells = table.rows[row];
    const std::string& predicted = cells[static_cast<size_t>(m.prediction)];
    if (table.IsNull(predicted)) {
      note(row, m.prediction, "missing");
    } else if (task == stats::MetricTask::kRegression) {
      auto value = ParseFloat(predicted);
      if (!value) {
        note(row, m.prediction, "not a number");
      } else if (!std::isfinite(*value)) {
        note(row, m.prediction, "not a finite number");
      }
    }
    for (int column : score_columns) {
      const std::string& cell = cells[static_cast<size_t>(column)];
      if (table.IsNull(cell)) {
        note(row, column, "missing");
        continue;
      }
      auto value = ParseFloat(cell);
      if (!value) {
        note(row, column, "not a number");
      } else if (!std::isfinite(*value)) {
        note(row, column, "not a finite number");
      } else if (*value < 0 || *value > 1) {
        note(row, column, "outside [0, 1]");
      }
    }
  }
  return bad;
}

Result NonFiniteResult(const ModelTable& m, const NonFinite& bad) {
  Result r;
  r.subject = m.name();
  r.statistic = "non_finite";
  r.outcome = Outcome::kFail;
  r.observed = static_cast<double>(bad.count);
  r.threshold = 0;
  r.comparison = "non_finite == 0";
  r.rubric = {"monitor-5"};
  r.message = fmt::format(
      "model '{}' produced {} unusable {} in {} (first at line {}, column '{}': '{}' is {}); "
      "its metrics are not computed",
      m.name(), bad.count, bad.count == 1 ? "output" : "outputs", m.table->source, bad.first_line,
      bad.first_column, bad.first_value, bad.first_reason);
  r.details = {{"non_finite", bad.count},        {"rows", m.table->rows.size()},
               {"first_line", bad.first_line},   {"first_column", bad.first_column},
               {"first_value", bad.first_value}, {"first_reason", bad.first_reason}};
  return r;
}

std::vector<std::string> ClassNames(const ModelTable& m, std::span<const size_t> rows) {
  std::unordered_set<std::string_view> seen;
  for (size_t row : rows) {
    const auto& cells = m.table->rows[row];
    seen.insert(cells[static_cast<size_t>(m.label)]);
    seen.insert(cells[static_cast<size_t>(m.prediction)]);
  }
  std::vector<std::string> names(seen.begin(), seen.end());
  names.insert(names.end(), m.score_classes.begin(), m.score_classes.end());
  return names;
}

StatusOr<stats::MetricData> BuildMetricData(const ModelTable& m, std::span<const size_t> rows,
                                            stats::MetricTask task,
                                            const stats::LabelSet& classes) {
  const Table& table = *m.table;
  auto number = [&](size_t row, int column, const char* what) -> StatusOr<double> {
    const std::string& cell = table.rows[row][static_cast<size_t>(column)];
    auto value = Number(table, cell);
    if (!value || !std::isfinite(*value)) {
      return DataError(fmt::format("model '{}': {} '{}' at line {} of {} is not a finite number",
                                   m.name(), what, cell, LineOf(table, row), table.source));
    }
    return *value;
  };
  if (task == stats::MetricTask::kRegression) {
    std::vector<double> target, estimate;
    target.reserve(rows.size());
    estimate.reserve(rows.size());
    for (size_t row : rows) {
      auto y = number(row, m.label, "label");
      if (!y.ok()) return y.status();
      auto p = number(row, m.prediction, "prediction");
      if (!p.ok()) return p.status();
      target.push_back(*y);
      estimate.push_back(*p);
    }
    return stats::MakeRegressorData(std::move(target), std::move(estimate));
  }
  stats::ClassifierColumns columns;
  columns.truth.reserve(rows.size());
  columns.predicted.reserve(rows.size());
  for (size_t row : rows) {
    columns.truth.push_back(table.rows[row][static_cast<size_t>(m.label)]);
    columns.predicted.push_back(table.rows[row][static_cast<size_t>(m.prediction)]);
  }
  columns.positive_label = m.positive;
  if (m.score >= 0) {
    columns.score.reserve(rows.size());
    for (size_t row : rows) {
      auto s = number(row, m.score, "score");
      if (!s.ok()) return s.status();
      columns.score.push_back(*s);
    }
  }
  columns.score_classes = m.score_classes;
  for (int column : m.score_columns) {
    std::vector<double> values;
    values.reserve(rows.size());
    for (size_t row : rows) {
      auto s = number(row, column, "score");
      if (!s.ok()) return s.status();
      values.push_back(*s);
    }
    columns.score_columns.push_back(std::move(values));
  }
  auto data = stats::MakeClassifierData(columns, &classes);
  if (!data.ok()) return data.status().WithPrefix(fmt::format("model '{}'", m.name()));
  return data;
}

nlohmann::json ConfusionDetails(const stats::MetricData& data) {
  if (data.task != stats::MetricTask::kClassification || data.predicted.empty()) return nullptr;
  stats::ConfusionMatrix cm =
      stats::CountConfusion(data.truth, data.predicted, data.classes.size());
  std::vector<int32_t> present = cm.PresentCodes();
  nlohmann::json labels = nlohmann::json::array(), matrix = nlohmann::json::array();
  for (int32_t t : present) {
    labels.push_back(data.classes.Label(t));
    nlohmann::json row = nlohmann::json::array();
    for (int32_t p : present) row.push_back(cm.at(t, p));
    matrix.push_back(std::move(row));
  }
  return {{"labels", std::move(labels)}, {"matrix", std::move(matrix)}};
}

std::string QuotedExamples(const std::vector<std::string>& values) {
  std::string out;
  for (size_t i = 0; i < values.size() && i < 3; ++i) out += (i ? ", '" : "'") + values[i] + "'";
  if (values.size() > 3) out += ", ...";
  return out;
}

std::string ShowNumber(double value) {
  // The sign of a NaN means nothing, and "-nan" reads like a negative number.
  if (std::isnan(value)) return "nan";
  std::string shortest = fmt::format("{}", value);
  if (shortest.size() <= 8) return shortest;
  return fmt::format("{:.6g}", value);
}

}  // namespace mlgate
