#include "runners/cli/commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "checks/registry.h"
#include "gates/loader.h"
#include "gates/report/report.h"
#include "gates/rubric.h"
#include "runners/infer_schema.h"
#include "runners/inputs.h"
#include "runners/profile_io.h"
#include "runners/profiler.h"
#include "runners/run.h"
#include "runners/sources/csv.h"

namespace mlgate {
namespace {

constexpr int kExitInvalid = 2;

void PrintError(const std::string& message) { std::fprintf(stderr, "%s\n", message.c_str()); }

// Parses "512M", "2G", "1048576" into bytes.
std::optional<size_t> ParseSize(const std::string& text) {
  if (text.empty()) return std::nullopt;
  size_t multiplier = 1;
  std::string digits = text;
  char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(text.back())));
  if (unit == 'K' || unit == 'M' || unit == 'G' || unit == 'T') {
    multiplier = unit == 'K'   ? 1ull << 10
                 : unit == 'M' ? 1ull << 20
                 : unit == 'G' ? 1ull << 30
                               : 1ull << 40;
    digits.pop_back();
  }
  auto value = ParseInt(digits);
  if (!value || *value <= 0) return std::nullopt;
  return static_cast<size_t>(*value) * multiplier;
}

// The --memory-budget option: `fallback` when not given; nullopt, after saying why under
// `command`'s name, when it is not a size.
std::optional<size_t> MemoryBudgetOption(const std::string& command, const std::string& text,
                                         size_t fallback) {
  if (text.empty()) return fallback;
  auto budget = ParseSize(text);
  if (!budget) {
    PrintError(
        fmt::format("{}: --memory-budget {}: expected a size such as 512M or 2G", command, text));
  }
  return budget;
}

struct RunArgs {
  std::string gate;
  std::string junit, json, markdown;
  std::vector<std::string> sets, only;
  int threads = 0;
  std::string memory_budget;
  bool strict = false;
  bool quiet = false;
  bool no_progress = false;
};

int Run(const RunArgs& args) {
  LoadOptions load;
  for (const auto& set : args.sets) {
    auto parsed = ParseOverride(set);
    if (!parsed) {
      PrintError(fmt::format(
          "mlgate: --set {}: expected KEY=VALUE (e.g. checks.drift.threshold=0.3)", set));
      return kExitInvalid;
    }
    load.overrides.push_back(*parsed);
  }
  RunOptions options;
  auto budget = MemoryBudgetOption("mlgate", args.memory_budget, options.memory_budget);
  if (!budget) return kExitInvalid;
  options.memory_budget = *budget;
  auto gate = LoadGate(args.gate, load);
  if (!gate.ok()) {
    PrintError(gate.status().message());
    return kExitInvalid;
  }
  options.only = args.only;
  options.strict = args.strict;
  options.threads = args.threads;
  options.progress = !args.no_progress && !args.quiet && isatty(STDERR_FILENO) != 0 &&
                     std::getenv("CI") == nullptr;
  auto verdict = RunGate(gate.value(), options);
  if (!verdict.ok()) {
    PrintError(fmt::format("mlgate: {}", verdict.status().message()));
    return kExitInvalid;
  }
  int exit_code = ExitCode(verdict->decision);
  auto write = [&](const std::string& path, const std::string& content) {
    if (path.empty()) return;
    Status status = WriteFileAtomically(path, content);
    if (!status.ok()) {
      // A report CI cannot read must not let a promote through.
      PrintError(fmt::format("mlgate: {}", status.message()));
      if (exit_code == 0) exit_code = 1;
    }
  };
  write(args.junit, RenderJunit(*verdict));
  write(args.json, RenderJson(*verdict));
  std::string markdown;
  if (!args.markdown.empty() || std::getenv("GITHUB_STEP_SUMMARY"))
    markdown = RenderMarkdown(*verdict);
  write(args.markdown, markdown);
  if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary && *summary) {
    Status status = AppendToFile(summary, markdown);
    if (!status.ok()) PrintError(fmt::format("mlgate: {}", status.message()));
  }
  if (const char* actions = std::getenv("GITHUB_ACTIONS");
      actions && std::string(actions) == "true") {
    std::fputs(RenderGithubAnnotations(*verdict).c_str(), stdout);
  }
  std::fputs(RenderText(*verdict, args.quiet).c_str(), stdout);
  std::fflush(stdout);
  return exit_code;
}

int Validate(const std::string& path) {
  auto gate = LoadGate(path);
  if (!gate.ok()) {
    PrintError(gate.status().message());
    return kExitInvalid;
  }
  // Everything the gate references must be readable: open each raw dataset and read its header.
  int problems = 0;
  for (const auto& dataset : gate->datasets) {
    if (!dataset.profile.empty()) {
      if (access(dataset.profile.c_str(), R_OK) != 0) {
        PrintError(fmt::format("{}:{}: dataset '{}': cannot read profile '{}'", path, dataset.line,
                               dataset.name, dataset.written_path));
        ++problems;
      }
      continue;
    }
    auto source = OpenDataset(*gate, dataset);
    if (source.ok()) {
      CsvOptions csv;
      csv.delimiter = dataset.delimiter;
      csv.header = dataset.header;
      auto reader = CsvBlockReader::Open(std::move(source.value()), csv);
      if (reader.ok()) continue;
      source = reader.status();
    }
    PrintError(fmt::format("{}:{}: dataset '{}': {}", path, dataset.line, dataset.name,
                           source.status().message()));
    ++problems;
  }
  if (problems > 0) return kExitInvalid;
  std::printf("%s: valid gate '%s': %zu checks, %zu datasets, %zu models, %zu endpoints\n",
              path.c_str(), gate->name.c_str(), gate->checks.size(), gate->datasets.size(),
              gate->models.size(), gate->endpoints.size());
  return 0;
}

struct InferArgs {
  std::string data, output, delimiter = ",";
  std::vector<std::string> null_values;
  size_t max_categories = 20;
  int threads = 0;
};

int InferSchemaMain(const InferArgs& args) {
  DatasetDecl dataset;
  dataset.name = "data";
  dataset.path = args.data;
  dataset.written_path = args.data;
  std::string delimiter =
      args.delimiter == "\\t" || args.delimiter == "tab" ? "\t" : args.delimiter;
  if (delimiter.size() != 1) {
    PrintError("mlgate infer-schema: --delimiter must be one character (\\t for tabs)");
    return kExitInvalid;
  }
  dataset.delimiter = delimiter[0];
  if (!args.null_values.empty()) dataset.null_values = args.null_values;
  auto source = OpenFile(args.data);
  if (!source.ok()) {
    PrintError(fmt::format("mlgate infer-schema: {}", source.status().message()));
    return 1;
  }
  InferOptions options;
  options.max_categories = args.max_categories;
  ProfilerOptions profiler;
  profiler.threads = args.threads;
  auto profile =
      ProfileCsv(std::move(source.value()), dataset, InferSchemaRequest(options), profiler);
  if (!profile.ok()) {
    PrintError(fmt::format("mlgate infer-schema: {}", profile.status().message()));
    return 1;
  }
  if (profile->rows == 0) {
    PrintError(
        fmt::format("mlgate infer-schema: {} has no data rows to infer a schema from", args.data));
    return 1;
  }
  SchemaSpec schema = InferSchema(*profile, options);
  std::string text = WriteSchemaYaml(
      schema, fmt::format("Schema inferred by 'mlgate infer-schema' from {} ({} rows).\n# Review "
                          "it: it states what the reference data happened to show.",
                          args.data, profile->rows));
  if (args.output.empty() || args.output == "-") {
    std::fputs(text.c_str(), stdout);
    return 0;
  }
  Status status = WriteFileAtomically(args.output, text);
  if (!status.ok()) {
    PrintError(fmt::format("mlgate infer-schema: {}", status.message()));
    return 1;
  }
  std::fprintf(stderr, "wrote %s: %zu columns from %lld rows\n", args.output.c_str(),
               schema.columns.size(), static_cast<long long>(profile->rows));
  return 0;
}

struct ProfileArgs {
  std::vector<std::string> inputs;
  std::string output, delimiter = ",", memory_budget;
  std::vector<std::string> null_values;
  bool merge = false;
  int threads = 0;
  size_t max_categories = 10000;
};

int ProfileMain(const ProfileArgs& args) {
  if (args.output.empty()) {
    PrintError("mlgate profile: -o FILE is required");
    return kExitInvalid;
  }
  const auto budget =
      MemoryBudgetOption("mlgate profile", args.memory_budget, ProfilerOptions{}.memory_budget);
  if (!budget) return kExitInvalid;
  const size_t memory_budget = *budget;
  Profile profile;
  if (args.merge) {
    if (args.inputs.size() < 2) {
      PrintError("mlgate profile --merge: give at least two profiles to merge");
      return kExitInvalid;
    }
    for (size_t i = 0; i < args.inputs.size(); ++i) {
      auto shard = ReadProfileFile(args.inputs[i]);
      if (!shard.ok()) {
        PrintError(fmt::format("mlgate profile: {}", shard.status().message()));
        return 1;
      }
      if (i == 0) {
        profile = std::move(shard.value());
      } else if (Status status = MergeProfiles(profile, *shard); !status.ok()) {
        PrintError(fmt::format("mlgate profile: {}", status.message()));
        return 1;
      }
      // After every shard, so the merge holds at most the budget and one shard's values.
      FitProfileToBudget(profile, memory_budget);
    }
  } else {
    if (args.inputs.size() != 1) {
      PrintError("mlgate profile: give one data file (or --merge with profiles)");
      return kExitInvalid;
    }
    DatasetDecl dataset;
    dataset.name = "data";
    dataset.path = args.inputs[0];
    std::string delimiter =
        args.delimiter == "\\t" || args.delimiter == "tab" ? "\t" : args.delimiter;
    if (delimiter.size() != 1) {
      PrintError("mlgate profile: --delimiter must be one character (\\t for tabs)");
      return kExitInvalid;
    }
    dataset.delimiter = delimiter[0];
    if (!args.null_values.empty()) dataset.null_values = args.null_values;
    ProfilerOptions options;
    options.threads = args.threads;
    options.memory_budget = memory_budget;
    auto source = OpenFile(args.inputs[0]);
    if (!source.ok()) {
      PrintError(fmt::format("mlgate profile: {}", source.status().message()));
      return 1;
    }
    // Everything any data check may ask of a stored profile.
    ProfileRequest request;
    request.all_columns.moments = true;
    request.all_columns.values = true;
    request.all_columns.frequencies = true;
    request.all_columns.aligned = true;
    request.max_distinct = args.max_categories;
    auto profiled = ProfileCsv(std::move(source.value()), dataset, request, options);
    if (!profiled.ok()) {
      PrintError(fmt::format("mlgate profile: {}", profiled.status().message()));
      return 1;
    }
    profile = std::move(profiled.value());
  }
  Status status = WriteFileAtomically(args.output, ProfileToJson(profile));
  if (!status.ok()) {
    PrintError(fmt::format("mlgate profile: {}", status.message()));
    return 1;
  }
  size_t sketched = 0;
  for (const auto& c : profile.columns) sketched += c.sketch ? 1 : 0;
  std::fprintf(stderr, "wrote %s: %lld rows, %zu columns (%s)\n", args.output.c_str(),
               static_cast<long long>(profile.rows), profile.columns.size(),
               sketched ? fmt::format("{} sketched", sketched).c_str() : "exact");
  return 0;
}

int Explain(const std::string& kind_name) {
  const Registry& registry = Registry::Default();
  if (kind_name.empty()) {
    std::printf("Check kinds (mlgate explain KIND for options):\n");
    for (const auto& name : KnownKindNames()) {
      const KindInfo* kind = registry.Find(name);
      if (kind == nullptr) {
        std::printf("  %-13s (not available in this build)\n", name.c_str());
        continue;
      }
      std::printf("  %-13s %s\n", name.c_str(), kind->summary.c_str());
    }
    return 0;
  }
  const KindInfo* kind = registry.Find(kind_name);
  if (kind == nullptr) {
    std::string hint = ClosestMatch(kind_name, KnownKindNames());
    PrintError(fmt::format("mlgate explain: unknown check kind '{}'{}", kind_name,
                           hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
    return kExitInvalid;
  }
  std::printf("%s (%s)\n  %s\n\nOptions:\n", kind->name.c_str(), kind->family.c_str(),
              kind->summary.c_str());
  for (const auto& option : kind->options) {
    std::string def =
        option.default_value.empty() ? "" : fmt::format(" (default: {})", option.default_value);
    std::printf("  %-18s %s%s\n      %s\n", option.name.c_str(), option.type.c_str(), def.c_str(),
                option.description.c_str());
  }
  std::printf(
      "\nCommon to every check:\n"
      "  id                 string\n      unique name of the check (required)\n"
      "  kind               string\n      %s\n"
      "  on_fail            block|warn|rollback|retrain (default: block)\n"
      "      what a failed result asks for\n"
      "  rubric             list, or { add: [...], replace: [...] }\n"
      "      ML Test Score ids this check automates, added to the defaults\n"
      "  description        string\n      free text\n\nML Test Score tests by default:\n",
      kind->name.c_str());
  for (const auto& id : kind->rubric) {
    const RubricTest* test = FindRubricTest(id);
    std::printf("  %-10s %s\n", id.c_str(), test ? std::string(test->title).c_str() : "");
  }
  return 0;
}

}  // namespace

void AddRunCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd =
      app.add_subcommand("run", "Judge a gate file, write reports, exit with the decision");
  cmd->add_option("gate", args->gate, "the gate file (YAML)")->required();
  cmd->add_option("--junit", args->junit, "write a JUnit XML report to FILE");
  cmd->add_option("--json", args->json, "write the JSON verdict to FILE");
  cmd->add_option(
      "--markdown", args->markdown,
      "write a Markdown summary to FILE (also appended to $GITHUB_STEP_SUMMARY when set)");
  cmd->add_option("--set", args->sets,
                  "override a scalar of the gate file, e.g. checks.drift.threshold=0.3")
      ->take_all();
  cmd->add_option("--only", args->only, "run only the check with this id (repeatable)");
  cmd->add_option("--threads", args->threads,
                  "worker threads for reading data (default: every core the process may use)")
      ->check(CLI::Range(0, 1024));
  cmd->add_option("--memory-budget", args->memory_budget,
                  "memory for exact values per dataset, e.g. 512M or 4G; beyond it the "
                  "columns holding the most values become quantile sketches");
  cmd->add_flag("--strict", args->strict, "treat warnings as failures");
  cmd->add_flag("--quiet,-q", args->quiet, "print only the decision");
  cmd->add_flag("--no-progress", args->no_progress, "never show progress on the terminal");
  cmd->footer(
      "\nExit codes: 0 promote, 1 block, 2 invalid gate file or command line, 3 rollback, "
      "4 retrain.\n\nExamples:\n"
      "  mlgate run gate.yaml --junit out/junit.xml --json out/verdict.json\n"
      "  mlgate run gate.yaml --only schema --set checks.drift.threshold=0.3\n");
  cmd->callback([args, exit_code] { *exit_code = Run(*args); });
}

void AddValidateCommand(CLI::App& app, int* exit_code) {
  auto gate = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "validate", "Check a gate file and everything it references; judge nothing");
  cmd->add_option("gate", *gate, "the gate file (YAML)")->required();
  cmd->footer("\nExit codes: 0 valid, 2 invalid (each problem printed as file:line:column).\n");
  cmd->callback([gate, exit_code] { *exit_code = Validate(*gate); });
}

void AddInferSchemaCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<InferArgs>();
  CLI::App* cmd = app.add_subcommand(
      "infer-schema", "Write a schema (types, nulls, ranges, domains) inferred from a dataset");
  cmd->add_option("data", args->data, "a CSV file (plain, .gz or .zst)")->required();
  cmd->add_option("-o,--output", args->output, "the schema file to write (default: stdout)");
  cmd->add_option("--delimiter", args->delimiter, "field delimiter (default ',', '\\t' for TSV)");
  cmd->add_option("--null-value", args->null_values,
                  "a text that means missing (repeatable; default: the empty field)");
  cmd->add_option("--max-categories", args->max_categories,
                  "string columns with at most this many values get an allowed list (default 20)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--threads", args->threads,
                  "worker threads (default: every core the process may use)")
      ->check(CLI::Range(0, 1024));
  cmd->footer(
      "\nExample:\n  mlgate infer-schema data/reference.csv -o schemas/reference.schema.yaml\n");
  cmd->callback([args, exit_code] { *exit_code = InferSchemaMain(*args); });
}

void AddProfileCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ProfileArgs>();
  CLI::App* cmd = app.add_subcommand(
      "profile",
      "Write a dataset's profile (statistics every data check can judge), or merge "
      "profiles of shards");
  cmd->add_option("inputs", args->inputs, "a CSV file; with --merge, two or more profiles")
      ->required();
  cmd->add_option("-o,--output", args->output, "the profile file to write (JSON)")->required();
  cmd->add_flag("--merge", args->merge, "merge profiles of shards of one dataset");
  cmd->add_option("--delimiter", args->delimiter, "field delimiter (default ',', '\\t' for TSV)");
  cmd->add_option("--null-value", args->null_values,
                  "a text that means missing (repeatable; default: the empty field)");
  cmd->add_option("--memory-budget", args->memory_budget,
                  "memory for exact values (e.g. 512M); beyond it the columns holding the most "
                  "values become quantile sketches");
  cmd->add_option("--max-categories", args->max_categories,
                  "distinct values counted per column before the rest count as 'other'")
      ->check(CLI::Range(1, 10000000));
  cmd->add_option("--threads", args->threads,
                  "worker threads (default: every core the process may use)")
      ->check(CLI::Range(0, 1024));
  cmd->footer(
      "\nExamples:\n"
      "  mlgate profile data/train.csv -o profiles/train.profile.json\n"
      "  mlgate profile --merge part-0.json part-1.json part-2.json -o train.profile.json\n"
      "A gate uses a stored profile as a dataset: { profile: profiles/train.profile.json }.\n");
  cmd->callback([args, exit_code] { *exit_code = ProfileMain(*args); });
}

void AddExplainCommand(CLI::App& app, int* exit_code) {
  auto kind = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("explain", "List check kinds, or one kind's options");
  cmd->add_option("kind", *kind, "a check kind, e.g. schema");
  cmd->callback([kind, exit_code] { *exit_code = Explain(*kind); });
}

}  // namespace mlgate
