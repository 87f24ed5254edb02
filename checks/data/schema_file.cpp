#include "checks/data/schema_file.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <sstream>

namespace mlgate {
namespace {

ColumnSchema ReadColumn(const std::string& name, const YAML::Node& node,
                        std::vector<Diagnostic>* diagnostics) {
  ColumnSchema c;
  c.name = name;
  c.line = node.Mark().line + 1;
  if (node.IsScalar()) {
    // Shorthand: `temp_max: float`.
    auto type = ParseColumnType(node.Scalar());
    if (!type) {
      diagnostics->push_back(At(node, fmt::format("column '{}': unknown type '{}' (bool, int, "
                                                  "float, date, timestamp, string)",
                                                  name, node.Scalar())));
    }
    c.type = type;
    return c;
  }
  OptionReader r(node, fmt::format("column '{}'", name), diagnostics);
  if (auto type_name = r.OptionalString("type")) {
    c.type = ParseColumnType(*type_name);
    if (!c.type) {
      r.Error("type", fmt::format("column '{}': unknown type '{}' (bool, int, float, date, "
                                  "timestamp, string)",
                                  name, *type_name));
    }
  }
  c.required = r.Bool("required", true);
  c.nullable = r.Bool("nullable", true);
  c.max_null_fraction = r.OptionalDouble("max_null_fraction", 0, 1);
  c.min = r.OptionalDouble("min");
  c.max = r.OptionalDouble("max");
  if (c.min && c.max && *c.min > *c.max) {
    r.Error("max", fmt::format("column '{}': max {} is below min {}", name, *c.max, *c.min));
  }
  c.allowed = r.StringList("allowed");
  c.regex = r.OptionalString("regex");
  if (c.regex) {
    RE2 re(*c.regex, RE2::Quiet);
    if (!re.ok()) {
      r.Error("regex", fmt::format("column '{}': invalid regex: {}", name, re.error()));
    }
  }
  c.unique = r.Bool("unique", false);
  r.String("description", "");
  r.Finish();
  return c;
}

// YAML-safe scalar: quoted when plain style would change its meaning.
std::string Scalar(const std::string& text) {
  YAML::Emitter out;
  out << text;
  return out.c_str();
}

// Shortest text that reads back as the same double.
std::string Number(double value) { return fmt::format("{}", value); }

}  // namespace

SchemaSpec ReadSchema(OptionReader& reader) {
  SchemaSpec spec;
  YAML::Node columns = reader.Node("columns");
  if (!columns.IsDefined() || columns.IsNull()) {
    reader.Error(reader.node(), fmt::format("{}: missing 'columns' (a mapping of column name to "
                                            "its rules)",
                                            reader.what()));
  } else if (!columns.IsMap()) {
    reader.Error(columns,
                 fmt::format("{}: 'columns' maps column names to their rules", reader.what()));
  } else {
    for (const auto& entry : columns) {
      spec.columns.push_back(ReadColumn(entry.first.Scalar(), entry.second, reader.diagnostics()));
    }
  }
  YAML::Node rows = reader.Node("rows");
  if (rows.IsDefined() && !rows.IsNull()) {
    OptionReader r(rows, reader.what() + " rows", reader.diagnostics());
    spec.min_rows = r.OptionalInt("min", 0);
    spec.max_rows = r.OptionalInt("max", 0);
    r.Finish();
  }
  std::string extra = reader.Enum("extra_columns", "forbid", {"forbid", "allow", "warn"});
  spec.extra_columns = extra == "allow"  ? ExtraColumns::kAllow
                       : extra == "warn" ? ExtraColumns::kWarn
                                         : ExtraColumns::kForbid;
  return spec;
}

std::string WriteSchemaYaml(const SchemaSpec& schema, const std::string& comment) {
  std::ostringstream out;
  if (!comment.empty()) out << "# " << comment << "\n";
  out << "mlgate_schema: 1\n";
  if (schema.min_rows || schema.max_rows) {
    out << "rows: {";
    if (schema.min_rows) out << " min: " << *schema.min_rows << (schema.max_rows ? "," : "");
    if (schema.max_rows) out << " max: " << *schema.max_rows;
    out << " }\n";
  }
  const char* extra = schema.extra_columns == ExtraColumns::kAllow  ? "allow"
                      : schema.extra_columns == ExtraColumns::kWarn ? "warn"
                                                                    : "forbid";
  out << "extra_columns: " << extra << "\n";
  out << "columns:\n";
  for (const auto& c : schema.columns) {
    out << "  " << Scalar(c.name) << ":\n";
    if (c.type) out << "    type: " << ColumnTypeName(*c.type) << "\n";
    if (!c.required) out << "    required: false\n";
    out << "    nullable: " << (c.nullable ? "true" : "false") << "\n";
    if (c.max_null_fraction)
      out << "    max_null_fraction: " << Number(*c.max_null_fraction) << "\n";
    if (c.min) out << "    min: " << Number(*c.min) << "\n";
    if (c.max) out << "    max: " << Number(*c.max) << "\n";
    if (!c.allowed.empty()) {
      out << "    allowed: [";
      for (size_t i = 0; i < c.allowed.size(); ++i) {
        out << (i ? ", " : "") << Scalar(c.allowed[i]);
      }
      out << "]\n";
    }
    if (c.regex) out << "    regex: " << Scalar(*c.regex) << "\n";
    if (c.unique) out << "    unique: true\n";
  }
  return out.str();
}

}  // namespace mlgate
