#include "gates/loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace mlgate {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const char* kDataFree = R"(mlgate: 1
name: demo
datasets:
  reference: { path: data/ref.csv }
  current: { path: data/cur.csv, null_values: ["", "NA"], delimiter: "\t",
             types: { id: int } }
checks:
  - id: schema
    kind: schema
    dataset: current
    columns:
      id: { type: int, unique: true }
      name: { type: string, regex: "^[a-z]+$" }
)";

LoadOptions NoEnv() {
  LoadOptions options;
  options.env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  return options;
}

std::string ErrorOf(const std::string& text, const LoadOptions& options = NoEnv()) {
  auto gate = LoadGateFromString(text, "g/gate.yaml", options);
  EXPECT_FALSE(gate.ok()) << "expected the gate to be rejected";
  return gate.ok() ? "" : gate.status().message();
}

TEST(LoaderTest, LoadsAValidGateAndResolvesPathsAgainstTheGateFile) {
  auto gate = LoadGateFromString(kDataFree, "g/gate.yaml", NoEnv());
  ASSERT_TRUE(gate.ok()) << gate.status().message();
  EXPECT_EQ(gate->name, "demo");
  ASSERT_EQ(gate->datasets.size(), 2u);
  EXPECT_EQ(gate->datasets[0].path, "g/data/ref.csv");
  EXPECT_EQ(gate->datasets[1].delimiter, '\t');
  EXPECT_EQ(gate->datasets[1].null_values, (std::vector<std::string>{"", "NA"}));
  EXPECT_EQ(gate->datasets[1].types.at("id"), ColumnType::kInt);
  ASSERT_EQ(gate->checks.size(), 1u);
  EXPECT_EQ(gate->checks[0].id, "schema");
  EXPECT_EQ(gate->checks[0].line, 8);
  EXPECT_EQ(gate->checks[0].on_fail, Action::kBlock);
  EXPECT_EQ(gate->checks[0].rubric, (std::vector<std::string>{"data-1", "monitor-2"}));
  EXPECT_EQ(gate->policy.on_error, Action::kBlock);
}

TEST(LoaderTest, UnknownTopLevelKeyNamesLineColumnAndSuggests) {
  std::string text = std::string(kDataFree) + "polcy: { on_error: warn }\n";
  EXPECT_EQ(ErrorOf(text), "g/gate.yaml:14:1: gate: unknown key 'polcy' (did you mean 'policy'?)");
}

TEST(LoaderTest, UnknownCheckOptionSuggestsTheKnownOne) {
  std::string text = R"(mlgate: 1
name: demo
datasets: { current: { path: c.csv } }
checks:
  - { id: s, kind: schema, dataset: current, columns: { a: int }, extra_colums: warn }
)";
  EXPECT_EQ(ErrorOf(text),
            "g/gate.yaml:5:67: check 's': unknown key 'extra_colums' (did you mean "
            "'extra_columns'?)");
}

TEST(LoaderTest, WrongTypeIsReportedWithPosition) {
  std::string text = R"(mlgate: 1
name: demo
datasets: { current: { path: c.csv, header: maybe } }
checks:
  - { id: s, kind: schema, dataset: current, columns: { a: int } }
)";
  EXPECT_EQ(ErrorOf(text),
            "g/gate.yaml:3:45: dataset 'current': 'header' must be true or false; got 'maybe'");
}

TEST(LoaderTest, MissingRequiredKeys) {
  std::string text = R"(mlgate: 1
datasets: { current: { path: c.csv } }
checks:
  - { kind: schema, dataset: current, columns: { a: int } }
)";
  std::string error = ErrorOf(text);
  EXPECT_THAT(error, HasSubstr("g/gate.yaml:1:1: gate: missing required key 'name'"));
  EXPECT_THAT(error, HasSubstr("g/gate.yaml:4:5: check: missing required key 'id'"));
}

TEST(LoaderTest, UndeclaredDatasetIsAnErrorWithHint) {
  std::string text = R"(mlgate: 1
name: demo
datasets: { current: { path: c.csv } }
checks:
  - { id: s, kind: schema, dataset: curent, columns: { a: int } }
)";
  EXPECT_EQ(ErrorOf(text),
            "g/gate.yaml:5:37: check 's': 'dataset' names dataset 'curent', which the gate does "
            "not declare (did you mean 'current'?)");
}

TEST(LoaderTest, DuplicateCheckIds) {
  std::string text = R"(mlgate: 1
name: demo
datasets: { current: { path: c.csv } }
checks:
  - { id: s, kind: schema, dataset: current, columns: { a: int } }
  - { id: s, kind: schema, dataset: current, columns: { b: int } }
)";
  EXPECT_EQ(ErrorOf(text), "g/gate.yaml:6:11: check id 's' is used twice; ids must be unique");
}

TEST(LoaderTest, UnknownKindSuggestsAndListsNothingElse) {
  std::string text = R"(mlgate: 1
name: demo
datasets: { current: { path: c.csv } }
checks:
  - { id: s, kind: schemaa, dataset: current }
)";
  EXPECT_EQ(ErrorOf(text),
            "g/gate.yaml:5:20: check 's': unknown check kind 'schemaa' (did you mean 'schema'?) "
            "(see 'mlgate explain')");
}

TEST(LoaderTest, UnsupportedFormatVersion) {
  EXPECT_THAT(ErrorOf("mlgate: 2\nname: x\nchecks: []\n"),
              HasSubstr("g/gate.yaml:1:9: gate: format 2 is not supported"));
}

TEST(LoaderTest, InvalidYamlNamesPosition) {
  EXPECT_THAT(ErrorOf("mlgate: 1\nname: [unclosed\n"), HasSubstr("g/gate.yaml:3:1: invalid YAML"));
}

TEST(LoaderTest, EmptyFile) { EXPECT_EQ(ErrorOf(""), "g/gate.yaml: the gate file is empty"); }

TEST(LoaderTest, TabIndentationIsNamedWhereItIs) {
  EXPECT_EQ(ErrorOf("mlgate: 1\nname: x\ndatasets:\n  a: x.csv\n \tb: y.csv\n"),
            "g/gate.yaml:5:2: invalid YAML: line 5 is indented with a tab; YAML indents with "
            "spaces only (the parser stopped at line 5, column 2: illegal tab when looking for "
            "indentation)");
  // A tab after the indentation is not the problem, and is not blamed.
  EXPECT_THAT(ErrorOf("mlgate: 1\nname: [a,\tb\n"), Not(HasSubstr("tab")));
}

TEST(LoaderTest, NestingBeyondTheParserDepthIsNamed) {
  EXPECT_THAT(ErrorOf("mlgate: 1\nchecks: " + std::string(3000, '[')),
              HasSubstr("invalid YAML: lists and mappings are nested too deeply to be read"));
}

TEST(LoaderTest, AliasExpansionIsBounded) {
  std::string text = "mlgate: 1\nname: x\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 12; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) text += (j ? ", *a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  EXPECT_EQ(ErrorOf(text),
            "g/gate.yaml:3:31: the gate file expands to more than 100000 values through its "
            "aliases; it is not read further");
  // A few aliases are fine.
  auto gate = LoadGateFromString(
      "mlgate: 1\nname: x\ndatasets: { d: x.csv }\nchecks:\n"
      "  - { id: a, kind: schema, dataset: d, columns: &c { v: int } }\n"
      "  - { id: b, kind: schema, dataset: d, columns: *c }\n",
      "g/gate.yaml", NoEnv());
  EXPECT_TRUE(gate.ok()) << gate.status().message();
}

TEST(LoaderTest, RepeatedKeysAreErrors) {
  EXPECT_EQ(ErrorOf("mlgate: 1\nname: x\nname: y\nchecks: []\n"),
            "g/gate.yaml:3:1: gate: key 'name' is given twice (first on line 2); keys of a mapping "
            "must be unique");
}

TEST(LoaderTest, InvalidUtf8IsRejectedWithItsPosition) {
  EXPECT_EQ(ErrorOf("mlgate: 1\nname: caf\xc3\xa9 \xe9t\xc3\xa9\n"),
            "g/gate.yaml:2:12: invalid UTF-8 byte 0xe9 (a gate file is UTF-8 text)");
}

TEST(LoaderTest, NumbersTooLargeForTheirTypeAreOutOfRangeNotMalformed) {
  std::string text = std::string(kDataFree) + "      x: { min: -1e400 }\n    rows: { max: 1" +
                     std::string(30, '0') + " }\n";
  std::string error = ErrorOf(text);
  EXPECT_THAT(error, HasSubstr("column 'x': 'min' must be between -1e+308 and 1e+308; got "
                               "'-1e400'"));
  EXPECT_THAT(error, HasSubstr("rows: 'max' must be between 0 and 9223372036854775807; got '1" +
                               std::string(30, '0') + "'"));
}

TEST(LoaderTest, EnvironmentValuesAreSubstitutedAndKeptSecret) {
  std::string text = R"(mlgate: 1
name: demo
endpoints:
  model: { url: "http://127.0.0.1:1/predict", headers: { Authorization: "Bearer ${env:TOKEN}" } }
datasets: { current: { path: c.csv } }
checks:
  - { id: s, kind: schema, dataset: current, columns: { a: int } }
)";
  LoadOptions options;
  options.env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "TOKEN") return std::string("s3cr3t-value");
    return std::nullopt;
  };
  auto gate = LoadGateFromString(text, "gate.yaml", options);
  ASSERT_TRUE(gate.ok()) << gate.status().message();
  EXPECT_EQ(gate->endpoints[0].headers.at("Authorization"), "Bearer s3cr3t-value");
  EXPECT_EQ(gate->secrets, (std::vector<std::string>{"s3cr3t-value"}));
  EXPECT_EQ(Redact("token=s3cr3t-value!", gate->secrets), "token=***!");
}

TEST(LoaderTest, MissingEnvironmentVariableIsAnError) {
  std::string text = R"(mlgate: 1
name: "${env:GATE_NAME}"
datasets: { current: { path: c.csv } }
checks:
  - { id: s, kind: schema, dataset: current, columns: { a: int } }
)";
  EXPECT_EQ(ErrorOf(text), "g/gate.yaml:2:7: environment variable 'GATE_NAME' is not set");
  std::string other = R"(mlgate: 1
name: "${HOME}"
checks: []
)";
  EXPECT_THAT(ErrorOf(other), HasSubstr("unknown interpolation '${HOME}'"));
}

TEST(LoaderTest, SetOverridesAScalarOfACheckById) {
  LoadOptions options = NoEnv();
  options.overrides = {{"checks.schema.extra_columns", "warn"}, {"name", "renamed"}};
  auto gate = LoadGateFromString(kDataFree, "g/gate.yaml", options);
  ASSERT_TRUE(gate.ok()) << gate.status().message();
  EXPECT_EQ(gate->name, "renamed");
  // An override that names no check is an error, not a silent no-op.
  options.overrides = {{"checks.nope.extra_columns", "warn"}};
  EXPECT_EQ(ErrorOf(kDataFree, options),
            "g/gate.yaml: --set checks.nope.extra_columns: no item with id 'nope'");
  // Overridden values are validated like written ones.
  options.overrides = {{"checks.schema.extra_columns", "sometimes"}};
  EXPECT_THAT(ErrorOf(kDataFree, options),
              HasSubstr("'extra_columns' must be one of forbid, allow, warn; got 'sometimes'"));
}

TEST(LoaderTest, ParseOverride) {
  auto parsed = ParseOverride("checks.drift.threshold=0.3");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->first, "checks.drift.threshold");
  EXPECT_EQ(parsed->second, "0.3");
  EXPECT_FALSE(ParseOverride("no-equals"));
  EXPECT_FALSE(ParseOverride("=value"));
}

TEST(LoaderTest, ModelsAndPolicy) {
  std::string text = R"(mlgate: 1
name: demo
datasets:
  eval: { path: eval.csv }
models:
  challenger: { predictions: { path: out/p.csv }, id: date, label: weather, prediction: predicted, score_prefix: p_ }
  champion: { predictions: eval, label: y, prediction: yhat }
policy: { on_error: warn, warn_as: fail }
rubric: { manual: [data-5, infra-1] }
checks:
  - { id: s, kind: schema, dataset: eval, columns: { a: int }, on_fail: retrain, rubric: [data-4] }
)";
  auto gate = LoadGateFromString(text, "gate.yaml", NoEnv());
  ASSERT_TRUE(gate.ok()) << gate.status().message();
  ASSERT_EQ(gate->models.size(), 2u);
  EXPECT_EQ(gate->models[0].dataset, "challenger.predictions");
  EXPECT_EQ(gate->FindDataset("challenger.predictions")->path, "out/p.csv");
  EXPECT_EQ(gate->models[1].dataset, "eval");
  EXPECT_EQ(gate->policy.on_error, Action::kWarn);
  EXPECT_TRUE(gate->policy.warn_as_fail);
  EXPECT_EQ(gate->manual_rubric, (std::vector<std::string>{"data-5", "infra-1"}));
  EXPECT_EQ(gate->checks[0].on_fail, Action::kRetrain);
  EXPECT_EQ(gate->checks[0].rubric, (std::vector<std::string>{"data-1", "monitor-2", "data-4"}));
}

TEST(LoaderTest, UnknownRubricIdAndBadPolicyValue) {
  std::string text = R"(mlgate: 1
name: demo
datasets: { eval: { path: eval.csv } }
policy: { on_error: explode }
checks:
  - { id: s, kind: schema, dataset: eval, columns: { a: int }, rubric: [data-9] }
)";
  std::string error = ErrorOf(text);
  EXPECT_THAT(error, HasSubstr("gate.yaml:4:21: policy: 'on_error' must be one of block, warn, "
                               "rollback, retrain; got 'explode'"));
  EXPECT_THAT(error, HasSubstr("'data-9' is not an ML Test Score id"));
}

TEST(LoaderTest, SchemaRegexIsValidatedAtLoadTime) {
  std::string text = R"(mlgate: 1
name: demo
datasets: { eval: { path: eval.csv } }
checks:
  - { id: s, kind: schema, dataset: eval, columns: { a: { regex: "([a-z" } } }
)";
  EXPECT_THAT(ErrorOf(text),
              HasSubstr("gate.yaml:5:66: column 'a': invalid regex: missing ]: [a-z"));
}

}  // namespace
}  // namespace mlgate
