// The `champion` check kind: a challenger model against the champion in production, scored on
// the same rows (joined by the models' id column, else by row order). The challenger may not
// regress by more than a tolerance (absolute, or relative to |champion|), or must improve by a
// margin; optionally the whole paired-bootstrap interval of the difference must clear it, or
// McNemar's exact test decides whether an accuracy change is real (rubric infra-4, monitor-7).
#include "checks/model/champion.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "checks/model/predictions.h"
#include "checks/stats/bootstrap.h"
#include "checks/stats/mcnemar.h"

namespace mlgate {
namespace {

enum class Significance { kNone, kPairedBootstrap, kMcNemar };
enum class WhenNoChampion { kPass, kWarn, kFail };

struct ChampionOptions {
  std::string challenger = "challenger";
  std::string champion = "champion";
  std::string challenger_dataset, champion_dataset;  // "" when unknown at planning
  const stats::MetricInfo* metric = nullptr;
  std::optional<double> max_absolute_regression, max_relative_regression, min_improvement;
  Significance significance = Significance::kNone;
  double confidence = 0.95;
  int64_t resamples = 2000;
  uint64_t seed = 0;
  WhenNoChampion when_no_champion = WhenNoChampion::kWarn;
};

// Challenger and champion table rows that describe the same examples, in matching order.
struct JoinedRows {
  std::vector<size_t> challenger, champion;
  int64_t unlabelled = 0;
  std::string how;  // "id column 'x'" or "row order"
};

std::string CellOf(const ModelTable& m, size_t row, int column) {
  return m.table->rows[row][static_cast<size_t>(column)];
}

// Ids of `m` -> row. Missing and duplicate ids are errors: a silent drop would change which
// examples the two models are compared on.
StatusOr<std::unordered_map<std::string, size_t>> IndexIds(const ModelTable& m) {
  std::unordered_map<std::string, size_t> index;
  std::vector<std::string> duplicates;
  int64_t missing = 0;
  for (size_t row = 0; row < m.table->rows.size(); ++row) {
    const std::string& id = m.table->rows[row][static_cast<size_t>(m.id)];
    if (m.table->IsNull(id)) {
      ++missing;
      continue;
    }
    if (!index.emplace(id, row).second) duplicates.push_back(id);
  }
  if (missing > 0) {
    return DataError(fmt::format("model '{}': {} rows of {} have no id in column '{}'", m.name(),
                                 missing, m.table->source, m.spec->id));
  }
  if (!duplicates.empty()) {
    return DataError(fmt::format("model '{}': {} duplicate ids in column '{}' of {} ({})", m.name(),
                                 duplicates.size(), m.spec->id, m.table->source,
                                 QuotedExamples(duplicates)));
  }
  return index;
}

StatusOr<JoinedRows> Join(const ModelTable& a, const ModelTable& b) {
  JoinedRows joined;
  std::vector<std::pair<size_t, size_t>> pairs;
  if (a.id >= 0 || b.id >= 0) {
    if (a.id < 0 || b.id < 0) {
      const ModelTable& without = a.id < 0 ? a : b;
      return DataError(
          fmt::format("model '{}' declares no 'id' while the other model does; "
                      "declare 'id' on both to join their rows",
                      without.name()));
    }
    auto a_ids = IndexIds(a);
    if (!a_ids.ok()) return a_ids.status();
    auto b_ids = IndexIds(b);
    if (!b_ids.ok()) return b_ids.status();
    std::vector<std::string> only_a, only_b;
    for (size_t row = 0; row < a.table->rows.size(); ++row) {
      std::string id = CellOf(a, row, a.id);
      auto it = b_ids->find(id);
      if (it == b_ids->end()) {
        only_a.push_back(id);
      } else {
        pairs.emplace_back(row, it->second);
      }
    }
    for (size_t row = 0; row < b.table->rows.size(); ++row) {
      std::string id = CellOf(b, row, b.id);
      if (!a_ids->count(id)) only_b.push_back(id);
    }
    if (!only_a.empty() || !only_b.empty()) {
      return DataError(fmt::format(
          "the models are not scored on the same rows: {} ids only in '{}' ({}), {} only in "
          "'{}' ({})",
          only_a.size(), a.name(), QuotedExamples(only_a), only_b.size(), b.name(),
          QuotedExamples(only_b)));
    }
    joined.how = fmt::format("id columns '{}' / '{}'", a.spec->id, b.spec->id);
  } else {
    if (a.table->rows.size() != b.table->rows.size()) {
      return DataError(
          fmt::format("without an 'id' the models are joined by row order, which "
                      "needs equal row counts: '{}' has {} rows, '{}' has {}",
                      a.name(), a.table->rows.size(), b.name(), b.table->rows.size()));
    }
    for (size_t row = 0; row < a.table->rows.size(); ++row) pairs.emplace_back(row, row);
    joined.how = "row order";
  }
  for (const auto& [ra, rb] : pairs) {
    const std::string& la = a.table->rows[ra][static_cast<size_t>(a.label)];
    const std::string& lb = b.table->rows[rb][static_cast<size_t>(b.label)];
    const bool na = a.table->IsNull(la), nb = b.table->IsNull(lb);
    if (na && nb) {
      ++joined.unlabelled;
      continue;
    }
    if (na != nb || la != lb) {
      return DataError(
          fmt::format("the models disagree on the label of one example: '{}' at "
                      "line {} of {} against '{}' at line {} of {}",
                      la, a.table->lines.empty() ? 0 : a.table->lines[ra], a.table->source, lb,
                      b.table->lines.empty() ? 0 : b.table->lines[rb], b.table->source));
    }
    joined.challenger.push_back(ra);
    joined.champion.push_back(rb);
  }
  if (joined.challenger.empty()) return DataError("no labelled rows shared by the two models");
  return joined;
}

class ChampionCheck : public Check {
 public:
  explicit ChampionCheck(ChampionOptions options) : o_(std::move(options)) {}

  void Plan(Planner& planner) override {
    if (!o_.challenger_dataset.empty()) planner.NeedTable(o_.challenger_dataset);
    if (!o_.champion_dataset.empty()) planner.NeedTable(o_.champion_dataset);
  }

  std::vector<Result> Judge(const Inputs& inputs) const override {
    const std::string name(o_.metric->name);
    const stats::MetricTask task = o_.metric->task;
    auto challenger = OpenModelTable(inputs, o_.challenger);
    if (!challenger.ok()) return {Error(challenger.status().message())};
    // Only a champion the gate does not declare is "no champion". A declared one whose
    // predictions cannot be read (a missing file, a mistyped ref) must not fall back to
    // when_no_champion: that would promote a challenger nobody compared.
    if (auto declared = inputs.Model(o_.champion);
        !declared.ok() && declared.status().code() == StatusCode::kNotFound) {
      return {NoChampion(*challenger, declared.status().message())};
    }
    auto champion = OpenModelTable(inputs, o_.champion);
    if (!champion.ok()) return {Error(champion.status().message())};
    std::vector<Result> results;
    for (const ModelTable* m : {&*challenger, &*champion}) {
      NonFinite bad = ScanOutputs(*m, task);
      if (bad.count > 0) results.push_back(NonFiniteResult(*m, bad));
    }
    if (!results.empty()) {
      results.push_back(
          Error("not judged: a model has unusable outputs (see its non_finite "
                "result)"));
      return results;
    }
    auto joined = Join(*challenger, *champion);
    if (!joined.ok()) return {Error(joined.status().message())};

    // One label set for both models, so the bootstrap and McNemar compare codes directly; the
    // challenger's positive class applies to both.
    std::vector<std::string> names = ClassNames(*challenger, joined->challenger);
    std::vector<std::string> more = ClassNames(*champion, joined->champion);
    names.insert(names.end(), more.begin(), more.end());
    stats::LabelSet classes(std::move(names));
    ModelTable champion_view = *champion;
    champion_view.positive = challenger->positive;
    auto a = BuildMetricData(*challenger, joined->challenger, task, classes);
    if (!a.ok()) return {Error(a.status().message())};
    auto b = BuildMetricData(champion_view, joined->champion, task, classes);
    if (!b.ok()) return {Error(b.status().message())};
    for (const auto& [model, data] : {std::pair{&*challenger, &*a}, std::pair{&*champion, &*b}}) {
      Status s = stats::Supports(*o_.metric, *data);
      if (!s.ok()) return {Error(fmt::format("model '{}': {}", model->name(), s.message()))};
    }
    auto va = stats::ComputeMetric(*o_.metric, *a);
    if (!va.ok())
      return {Error(fmt::format("challenger '{}': {}", o_.challenger, va.status().message()))};
    auto vb = stats::ComputeMetric(*o_.metric, *b);
    if (!vb.ok())
      return {Error(fmt::format("champion '{}': {}", o_.champion, vb.status().message()))};
    // A NaN difference compares false with the tolerance and would read as "not beyond it".
    for (const auto& [role, model, value] : {std::tuple{"challenger", &o_.challenger, *va},
                                             std::tuple{"champion", &o_.champion, *vb}}) {
      if (!std::isfinite(value)) {
        return {
            Error(fmt::format("{} '{}': {} = {} on {} rows is not a finite number (a sum "
                              "over the rows overflows double precision); it cannot be "
                              "judged",
                              role, *model, name, ShowNumber(value), joined->challenger.size()))};
      }
    }

    Result r = Make();
    const double difference = *va - *vb;
    const Tolerance tolerance = Bound(*vb);
    r.threshold = tolerance.bound;
    r.details = {{"challenger", {{"model", o_.challenger}, {"value", *va}}},
                 {"champion", {{"model", o_.champion}, {"value", *vb}}},
                 {"difference", difference},
                 {"rows", joined->challenger.size()},
                 {"unlabelled_rows", joined->unlabelled},
                 {"join", joined->how},
                 {"higher_is_better", o_.metric->higher_is_better},
                 {"tolerance", tolerance.why}};
    if (*vb != 0) r.details["relative_difference"] = difference / std::fabs(*vb);
    const std::string values =
        fmt::format("{} {} for challenger '{}' against {} for champion '{}' ({:+.4g})", name,
                    ShowNumber(*va), o_.challenger, ShowNumber(*vb), o_.champion, difference);
    const std::string rule = fmt::format(
        "{} {}", o_.metric->higher_is_better ? ">=" : "<=", ShowNumber(tolerance.bound));
    const std::string diff_text = fmt::format("{0}(challenger) - {0}(champion)", name);

    switch (o_.significance) {
      case Significance::kNone: {
        r.observed = difference;
        r.comparison = fmt::format("{} {}", diff_text, rule);
        const bool ok = Clears(difference, tolerance.bound);
        r.outcome = ok ? Outcome::kPass : Outcome::kFail;
        r.message = fmt::format("{}: {} the tolerance ({})", values, ok ? "within" : "beyond",
                                tolerance.why);
        break;
      }
      case Significance::kPairedBootstrap: {
        stats::BootstrapOptions options;
        options.resamples = o_.resamples;
        options.confidence = o_.confidence;
        options.seed = o_.seed;
        auto interval = stats::PairedBootstrap(*o_.metric, *a, *b, options);
        if (!interval.ok()) return {Error(interval.status().message())};
        const bool higher = o_.metric->higher_is_better;
        const double worst = higher ? interval->lower : interval->upper;
        r.observed = worst;
        r.details["interval"] = {
            {"lower", interval->lower},           {"upper", interval->upper},
            {"confidence", o_.confidence},        {"method", "paired_bootstrap"},
            {"resamples", o_.resamples},          {"seed", o_.seed},
            {"replicates", interval->replicates}, {"skipped", interval->skipped}};
        r.comparison =
            fmt::format("{} end of the {}% bootstrap interval of {} {}", higher ? "lower" : "upper",
                        ShowNumber(100 * o_.confidence), diff_text, rule);
        const bool ok = Clears(worst, tolerance.bound);
        r.outcome = ok ? Outcome::kPass : Outcome::kFail;
        r.message = fmt::format(
            "{}; {}% interval of the difference [{:.4g}, {:.4g}] {} the "
            "tolerance ({})",
            values, ShowNumber(100 * o_.confidence), interval->lower, interval->upper,
            ok ? "clears" : "does not clear", tolerance.why);
        break;
      }
      case Significance::kMcNemar: {
        auto test = stats::McNemarExact(a->truth, a->predicted, b->predicted);
        if (!test.ok()) return {Error(test.status().message())};
        const double alpha = 1 - o_.confidence;
        const bool significant = test->p_value < alpha;
        r.observed = difference;
        r.p_value = test->p_value;
        r.details["mcnemar"] = {{"only_challenger_correct", test->only_first_correct},
                                {"only_champion_correct", test->only_second_correct},
                                {"both_correct", test->both_correct},
                                {"both_wrong", test->both_wrong},
                                {"alpha", alpha}};
        const bool within = Clears(difference, tolerance.bound);
        if (tolerance.bound > 0) {
          // An improvement is required: it must be met and be real.
          r.comparison = fmt::format("{} {} and p_value < {}", diff_text, rule, ShowNumber(alpha));
          r.outcome = within && significant ? Outcome::kPass : Outcome::kFail;
        } else {
          // A regression beyond the tolerance fails only when McNemar's test says it is real.
          r.comparison =
              fmt::format("{} {} unless p_value >= {}", diff_text, rule, ShowNumber(alpha));
          r.outcome = within ? Outcome::kPass : significant ? Outcome::kFail : Outcome::kWarn;
        }
        r.message = fmt::format(
            "{}; McNemar exact p = {:.4g} ({} discordant rows: {} only the challenger gets "
            "right, {} only the champion); {} the tolerance ({}){}",
            values, test->p_value, test->only_first_correct + test->only_second_correct,
            test->only_first_correct, test->only_second_correct, within ? "within" : "beyond",
            tolerance.why,
            r.outcome == Outcome::kWarn ? ", but the change is not significant" : "");
        break;
      }
    }
    return {r};
  }

 private:
  struct Tolerance {
    double bound = 0;  // on challenger - champion: a floor (higher is better) or a ceiling
    std::string why;
  };

  // The binding tolerance on the difference: the strictest of those given, oriented by the
  // metric's direction; no regression at all when none is given.
  Tolerance Bound(double champion) const {
    const bool higher = o_.metric->higher_is_better;
    const double sign = higher ? -1 : 1;  // a regression moves the difference this way
    std::vector<std::pair<double, std::string>> candidates;
    if (o_.max_absolute_regression) {
      candidates.emplace_back(
          sign * *o_.max_absolute_regression,
          fmt::format("max_absolute_regression {}", ShowNumber(*o_.max_absolute_regression)));
    }
    if (o_.max_relative_regression) {
      candidates.emplace_back(
          sign * *o_.max_relative_regression * std::fabs(champion),
          fmt::format("max_relative_regression {} of |champion| {}",
                      ShowNumber(*o_.max_relative_regression), ShowNumber(std::fabs(champion))));
    }
    if (o_.min_improvement) {
      candidates.emplace_back(-sign * *o_.min_improvement,
                              fmt::format("min_improvement {}", ShowNumber(*o_.min_improvement)));
    }
    if (candidates.empty()) return {0, "no regression allowed"};
    auto strictest = higher ? std::max_element(candidates.begin(), candidates.end())
                            : std::min_element(candidates.begin(), candidates.end());
    return {strictest->first, strictest->second};
  }

  bool Clears(double difference, double bound) const {
    return o_.metric->higher_is_better ? difference >= bound : difference <= bound;
  }

  Result Make() const {
    Result r;
    r.subject = std::string(o_.metric->name);
    r.statistic = std::string(o_.metric->name);
    return r;
  }

  Result Error(const std::string& message) const {
    Result r = ErrorResult(std::string(o_.metric->name), message);
    r.statistic = std::string(o_.metric->name);
    return r;
  }

  Result NoChampion(const ModelTable& challenger, const std::string& why) const {
    Result r = Make();
    r.comparison = "champion predictions available";
    static constexpr const char* kWhen[] = {"pass", "warn", "fail"};
    r.outcome = o_.when_no_champion == WhenNoChampion::kPass   ? Outcome::kPass
                : o_.when_no_champion == WhenNoChampion::kWarn ? Outcome::kWarn
                                                               : Outcome::kFail;
    r.details = {{"challenger", {{"model", o_.challenger}}},
                 {"champion", {{"model", o_.champion}, {"available", false}}},
                 {"when_no_champion", kWhen[static_cast<int>(o_.when_no_champion)]}};
    // The challenger's own value still helps a reader; a failure to compute it is only noted.
    std::string value_text;
    std::vector<size_t> rows = challenger.LabelledRows();
    if (ScanOutputs(challenger, o_.metric->task).count == 0) {
      stats::LabelSet classes(ClassNames(challenger, rows));
      auto data = BuildMetricData(challenger, rows, o_.metric->task, classes);
      auto value =
          data.ok() ? stats::ComputeMetric(*o_.metric, *data) : StatusOr<double>(data.status());
      if (value.ok()) {
        r.observed = *value;
        r.details["challenger"]["value"] = *value;
        value_text = fmt::format(" (challenger {} = {})", o_.metric->name, ShowNumber(*value));
      }
    }
    r.message = fmt::format("no champion predictions to compare with: {}; when_no_champion: {}{}",
                            why, kWhen[static_cast<int>(o_.when_no_champion)], value_text);
    return r;
  }

  ChampionOptions o_;
};

std::unique_ptr<Check> CreateChampionCheck(OptionReader& options, const CheckContext& context) {
  ChampionOptions o;
  bool valid = true;
  // Explicitly named models must be declared (a typo is not "no champion"). The default
  // champion may be absent, which is a first release's situation (see when_no_champion).
  if (options.Has("challenger")) {
    o.challenger = context.ModelRef(options, "challenger", true);
  } else if (!context.models.count(o.challenger)) {
    options.Error(options.node(), fmt::format("{}: the gate declares no model 'challenger'; "
                                              "name the challenger with 'challenger:'",
                                              options.what()));
    valid = false;
  }
  if (options.Has("champion")) o.champion = context.ModelRef(options, "champion", true);
  o.challenger_dataset = PredictionsDataset(context, o.challenger);
  o.champion_dataset = PredictionsDataset(context, o.champion);
  std::string metric = options.RequiredString("metric");
  o.metric = stats::FindMetric(metric);
  if (!metric.empty() && o.metric == nullptr) {
    std::vector<std::string> names;
    for (const auto& m : stats::AllMetrics()) names.emplace_back(m.name);
    std::string hint = ClosestMatch(metric, names);
    options.Error(
        "metric",
        fmt::format("{}: unknown metric '{}'{}; known metrics: {}", options.what(), metric,
                    hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint),
                    fmt::join(names, ", ")));
  }
  if (o.metric == nullptr) valid = false;
  o.max_absolute_regression = options.OptionalDouble("max_absolute_regression", 0);
  o.max_relative_regression = options.OptionalDouble("max_relative_regression", 0);
  o.min_improvement = options.OptionalDouble("min_improvement", 0);
  std::string when = options.Enum("when_no_champion", "warn", {"pass", "warn", "fail"});
  o.when_no_champion = when == "pass"   ? WhenNoChampion::kPass
                       : when == "fail" ? WhenNoChampion::kFail
                                        : WhenNoChampion::kWarn;
  YAML::Node significance = options.Node("significance");
  if (significance.IsDefined() && !significance.IsNull()) {
    OptionReader s(significance, options.what() + " significance", options.diagnostics());
    std::string method = s.Enum("method", "", {"paired_bootstrap", "mcnemar"});
    if (!s.Has("method")) {
      s.Error(significance,
              fmt::format("{}: missing 'method' (paired_bootstrap or mcnemar)", s.what()));
      valid = false;
    }
    o.confidence = s.Double("confidence", 0.95, 0.5, 0.9999);
    if (method == "mcnemar") {
      o.significance = Significance::kMcNemar;
      for (const char* key : {"resamples", "seed"}) {
        if (s.Has(key)) {
          s.Error(key,
                  fmt::format("{}: '{}' applies to paired_bootstrap, not mcnemar", s.what(), key));
          valid = false;
        }
      }
      s.Allow({"resamples", "seed"});
      if (o.metric != nullptr && o.metric->name != "accuracy") {
        s.Error("method", fmt::format("{}: mcnemar compares accuracies; use paired_bootstrap "
                                      "for {}",
                                      s.what(), o.metric->name));
        valid = false;
      }
    } else if (method == "paired_bootstrap") {
      o.significance = Significance::kPairedBootstrap;
      o.resamples = s.Int("resamples", 2000, 100, 1000000);
      o.seed = static_cast<uint64_t>(s.Int("seed", 0, 0));
    }
    s.Finish();
  }
  if (!valid) return nullptr;
  return std::make_unique<ChampionCheck>(std::move(o));
}

}  // namespace

KindInfo ChampionCheckKind() {
  KindInfo info;
  info.name = "champion";
  info.family = "model";
  info.summary =
      "A challenger model against the champion on the same rows (joined by 'id' when the models "
      "declare one, else by row order): the metric may not regress beyond a tolerance, or must "
      "improve by a margin; optionally judged on a seeded paired-bootstrap interval or McNemar's "
      "exact test.";
  info.options = {
      {"metric", "metric name", "", "the metric compared (required)"},
      {"challenger", "model name", "challenger", "the candidate model"},
      {"champion", "model name", "champion", "the model in production"},
      {"max_absolute_regression", "number", "",
       "the challenger may be worse by at most this much (in the metric's units)"},
      {"max_relative_regression", "number", "",
       "the challenger may be worse by at most this fraction of |champion|"},
      {"min_improvement", "number", "", "the challenger must be better by at least this much"},
      {"significance", "mapping", "",
       "{ method: paired_bootstrap, confidence (0.95), resamples (2000), seed (0) }: the whole "
       "interval of the difference must clear the tolerance; or { method: mcnemar, confidence } "
       "for accuracy: a regression beyond the tolerance fails only when significant (else warns), "
       "a required improvement must be significant"},
      {"when_no_champion", "pass|warn|fail", "warn",
       "the outcome when the gate declares no champion model (a first release); a declared "
       "champion whose predictions cannot be read is an error"},
  };
  info.rubric = {"infra-4", "monitor-7"};
  info.create = CreateChampionCheck;
  return info;
}

}  // namespace mlgate
