// Training and applying the seattle-weather example's softmax regression, and writing its files.
#include "examples/seattle-weather/train/weather_model.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <numbers>

#include "checks/cell.h"
#include "runners/sources/byte_source.h"
#include "runners/sources/table_reader.h"

namespace mlgate::seattle_weather::train {
namespace {

constexpr std::array<std::string_view, 6> kColumns = {"date",     "precipitation", "temp_max",
                                                      "temp_min", "wind",          "weather"};

int ClassIndex(std::string_view label) {
  for (int k = 0; k < kClassCount; ++k) {
    if (kClasses[k] == label) return k;
  }
  return -1;
}

bool IsKnownFeature(std::string_view name) {
  return std::find(kAllFeatures.begin(), kAllFeatures.end(), name) != kAllFeatures.end();
}

// The standardised design matrix with a leading column of ones for the intercepts.
Eigen::MatrixXd Design(const Model& model, const std::vector<const Day*>& days) {
  const Eigen::Index n = static_cast<Eigen::Index>(days.size());
  const Eigen::Index f = static_cast<Eigen::Index>(model.features.size());
  Eigen::MatrixXd x(n, f + 1);
  for (Eigen::Index i = 0; i < n; ++i) {
    x(i, 0) = 1.0;
    for (Eigen::Index j = 0; j < f; ++j) {
      x(i, j + 1) = (FeatureValue(*days[i], model.features[j]) - model.means(j)) / model.stds(j);
    }
  }
  return x;
}

// Row-wise softmax of scores, and the mean negative log-likelihood of `labels` under it.
struct Fit {
  Eigen::MatrixXd p;  // n × classes
  double mean_nll = 0;
};

Fit Evaluate(const Eigen::MatrixXd& x, const Eigen::MatrixXd& theta, const std::vector<int>& y) {
  const Eigen::MatrixXd scores = x * theta;
  Fit fit;
  fit.p.resize(scores.rows(), scores.cols());
  double nll = 0;
  for (Eigen::Index i = 0; i < scores.rows(); ++i) {
    const double top = scores.row(i).maxCoeff();
    double sum = 0;
    for (Eigen::Index k = 0; k < scores.cols(); ++k) sum += std::exp(scores(i, k) - top);
    const double log_sum = top + std::log(sum);
    for (Eigen::Index k = 0; k < scores.cols(); ++k) {
      fit.p(i, k) = std::exp(scores(i, k) - log_sum);
    }
    nll += log_sum - scores(i, y[i]);
  }
  fit.mean_nll = nll / static_cast<double>(scores.rows());
  return fit;
}

double Penalty(const Eigen::MatrixXd& theta, double lambda) {
  return 0.5 * lambda * theta.bottomRows(theta.rows() - 1).squaredNorm();
}

}  // namespace

StatusOr<std::vector<Day>> ReadDays(const std::string& path) {
  auto source = OpenFile(path);
  if (!source.ok()) return source.status();
  auto table = ReadCsvTable(std::move(*source), CsvOptions{}, {""});
  if (!table.ok()) return table.status();
  std::array<int, kColumns.size()> at{};
  for (size_t c = 0; c < kColumns.size(); ++c) {
    at[c] = table->ColumnIndex(kColumns[c]);
    if (at[c] < 0) {
      return NotFound(fmt::format("{}: no column '{}' (the weather data needs {})", path,
                                  kColumns[c], fmt::join(kColumns, ", ")));
    }
  }
  std::vector<Day> days;
  days.reserve(table->rows.size());
  for (size_t r = 0; r < table->rows.size(); ++r) {
    const std::vector<std::string>& row = table->rows[r];
    auto bad = [&](size_t c, std::string_view what) {
      return DataError(fmt::format("{}:{}: column '{}': {} '{}'", path, table->lines[r],
                                   kColumns[c], what, row[at[c]]));
    };
    Day day;
    if (!SetCalendar(row[at[0]], &day)) return bad(0, "not a YYYY-MM-DD date:");
    double* numbers[4] = {&day.precipitation, &day.temp_max, &day.temp_min, &day.wind};
    for (size_t c = 1; c <= 4; ++c) {
      std::optional<double> value = ParseFloat(row[at[c]]);
      if (!value || !std::isfinite(*value)) return bad(c, "not a finite number:");
      *numbers[c - 1] = *value;
    }
    day.weather = row[at[5]];
    day.label = ClassIndex(day.weather);
    if (day.label < 0) {
      return bad(5, fmt::format("not one of {}:", fmt::join(kClasses, ", ")));
    }
    days.push_back(std::move(day));
  }
  return days;
}

bool SetCalendar(std::string_view text, Day* day) {
  std::optional<int64_t> since_epoch = ParseDate(text);
  if (!since_epoch) return false;
  using std::chrono::sys_days;
  const sys_days when{std::chrono::days{*since_epoch}};
  const std::chrono::year_month_day ymd{when};
  const sys_days new_year{ymd.year() / std::chrono::January / 1};
  day->date = std::string(text);
  day->year = static_cast<int>(ymd.year());
  day->month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  day->day_of_year = static_cast<int>((when - new_year).count()) + 1;
  day->days_in_year = ymd.year().is_leap() ? 366 : 365;
  return true;
}

double FeatureValue(const Day& day, std::string_view name) {
  if (name == "precipitation") return day.precipitation;
  if (name == "temp_max") return day.temp_max;
  if (name == "temp_min") return day.temp_min;
  if (name == "wind") return day.wind;
  const double angle =
      2 * std::numbers::pi * (day.day_of_year - 1) / static_cast<double>(day.days_in_year);
  if (name == "doy_sin") return std::sin(angle);
  assert(name == "doy_cos" && "unknown feature");
  return std::cos(angle);
}

std::string_view Season(int month) {
  if (month == 12 || month <= 2) return "winter";
  if (month <= 5) return "spring";
  if (month <= 8) return "summer";
  return "autumn";
}

Eigen::VectorXd Softmax(const Eigen::VectorXd& scores) {
  const Eigen::VectorXd shifted = (scores.array() - scores.maxCoeff()).exp().matrix();
  return shifted / shifted.sum();
}

StatusOr<Model> Train(const std::vector<Day>& days, const TrainOptions& options,
                      TrainReport* report) {
  TrainReport local_report;
  TrainReport& trace = report != nullptr ? *report : local_report;
  trace = TrainReport{};
  if (days.empty()) return InvalidArgument("no training rows");
  if (!(options.c > 0) || !std::isfinite(options.c)) {
    return InvalidArgument(fmt::format("C must be a positive number, not {}", options.c));
  }
  if (options.features.empty()) return InvalidArgument("the model needs at least one feature");
  for (size_t j = 0; j < options.features.size(); ++j) {
    const std::string& name = options.features[j];
    if (!IsKnownFeature(name)) {
      return InvalidArgument(
          fmt::format("unknown feature '{}' (known: {})", name, fmt::join(kAllFeatures, ", ")));
    }
    if (std::find(options.features.begin(), options.features.begin() + j, name) !=
        options.features.begin() + j) {
      return InvalidArgument(fmt::format("feature '{}' is listed twice", name));
    }
  }
  std::array<int, kClassCount> counts{};
  for (const Day& day : days) {
    if (day.label < 0 || day.label >= kClassCount) {
      return InvalidArgument(fmt::format("{}: label {} is not a class index", day.date, day.label));
    }
    ++counts[day.label];
  }
  for (int k = 0; k < kClassCount; ++k) {
    if (counts[k] == 0) {
      return InvalidArgument(fmt::format("class '{}' has no training row", kClasses[k]));
    }
  }

  Model model;
  model.features = options.features;
  model.c = options.c;
  model.training_rows = static_cast<int>(days.size());
  const Eigen::Index n = static_cast<Eigen::Index>(days.size());
  const Eigen::Index f = static_cast<Eigen::Index>(options.features.size());
  model.means = Eigen::VectorXd::Zero(f);
  model.stds = Eigen::VectorXd::Zero(f);
  for (Eigen::Index j = 0; j < f; ++j) {
    double sum = 0;
    for (const Day& day : days) sum += FeatureValue(day, options.features[j]);
    const double mean = sum / static_cast<double>(n);
    double squares = 0;
    for (const Day& day : days) {
      const double d = FeatureValue(day, options.features[j]) - mean;
      squares += d * d;
    }
    const double std = std::sqrt(squares / static_cast<double>(n));
    if (!(std > 1e-12 * std::max(1.0, std::fabs(mean)))) {
      return InvalidArgument(
          fmt::format("feature '{}' is constant over the training rows; it cannot be standardised",
                      options.features[j]));
    }
    model.means(j) = mean;
    model.stds(j) = std;
  }

  std::vector<const Day*> rows;
  std::vector<int> y;
  rows.reserve(days.size());
  y.reserve(days.size());
  for (const Day& day : days) {
    rows.push_back(&day);
    y.push_back(day.label);
  }
  const Eigen::MatrixXd x = Design(model, rows);
  Eigen::MatrixXd onehot = Eigen::MatrixXd::Zero(n, kClassCount);
  for (Eigen::Index i = 0; i < n; ++i) onehot(i, y[i]) = 1.0;

  // The objective is divided by the row count so the tolerance does not depend on it; the
  // penalty keeps scikit-learn's meaning of C: ‖W‖² / (2·C) against the summed log-loss.
  const double lambda = 1.0 / (options.c * static_cast<double>(n));
  const Eigen::Index d = f + 1;  // coefficients per class: intercept + weights
  const Eigen::Index size = d * kClassCount;
  Eigen::MatrixXd theta = Eigen::MatrixXd::Zero(d, kClassCount);
  Fit fit = Evaluate(x, theta, y);
  double objective = fit.mean_nll + Penalty(theta, lambda);
  trace.objective.push_back(objective);

  for (int iteration = 0;; ++iteration) {
    Eigen::MatrixXd gradient = x.transpose() * (fit.p - onehot) / static_cast<double>(n);
    gradient.bottomRows(f) += lambda * theta.bottomRows(f);
    trace.max_abs_gradient = gradient.cwiseAbs().maxCoeff();
    if (trace.max_abs_gradient < options.gradient_tolerance) {
      trace.converged = true;
      break;
    }
    if (iteration >= options.max_iterations) {
      return InvalidArgument(fmt::format(
          "training did not converge in {} Newton steps (largest gradient entry {:.3g})",
          options.max_iterations, trace.max_abs_gradient));
    }

    // Hessian of the per-row objective, class block (k, l) = Xᵀ diag(p_k (δ_kl − p_l)) X / n.
    Eigen::MatrixXd hessian(size, size);
    for (int k = 0; k < kClassCount; ++k) {
      for (int l = k; l < kClassCount; ++l) {
        Eigen::VectorXd w = fit.p.col(k).cwiseProduct(
            (k == l ? Eigen::VectorXd::Ones(n) : Eigen::VectorXd::Zero(n)) - fit.p.col(l));
        Eigen::MatrixXd block =
            x.transpose() * (x.array().colwise() * w.array()).matrix() / static_cast<double>(n);
        if (k == l) block.diagonal().tail(f).array() += lambda;
        // Adding the same constant to every intercept changes no probability, so the Hessian is
        // singular along that direction. A unit curvature there makes it positive definite; the
        // gradient has no component along it, so the step keeps the intercepts' sum (zero) and
        // every other component of the Newton step is unchanged.
        block(0, 0) += 1.0;
        hessian.block(k * d, l * d, d, d) = block;
        if (l != k) hessian.block(l * d, k * d, d, d) = block.transpose();
      }
    }
    const Eigen::VectorXd g = Eigen::Map<const Eigen::VectorXd>(gradient.data(), size);
    Eigen::LLT<Eigen::MatrixXd> llt(hessian);
    if (llt.info() != Eigen::Success) {
      return Internal("the Hessian of the penalised log-loss is not positive definite");
    }
    const Eigen::VectorXd step_vector = llt.solve(-g);
    const Eigen::MatrixXd step =
        Eigen::Map<const Eigen::MatrixXd>(step_vector.data(), d, kClassCount);
    const double slope = g.dot(step_vector);

    // Backtracking (Armijo). Near the optimum the decrease is below the objective's rounding, so
    // a few ulps of slack let the final, tiny steps through.
    const double slack = 8 * std::numeric_limits<double>::epsilon() * std::fabs(objective);
    double t = 1.0;
    Eigen::MatrixXd next;
    Fit next_fit;
    double next_objective = 0;
    bool accepted = false;
    for (int halvings = 0; halvings < 60; ++halvings, t *= 0.5) {
      next = theta + t * step;
      next_fit = Evaluate(x, next, y);
      next_objective = next_fit.mean_nll + Penalty(next, lambda);
      if (next_objective <= objective + 1e-4 * t * slope + slack) {
        accepted = true;
        break;
      }
    }
    if (!accepted) {
      return Internal("the line search found no decrease along the Newton direction");
    }
    theta = std::move(next);
    fit = std::move(next_fit);
    objective = next_objective;
    trace.objective.push_back(objective);
    trace.iterations = iteration + 1;
  }

  model.intercepts = theta.row(0).transpose();
  model.weights = theta.bottomRows(f).transpose();
  return model;
}

Eigen::VectorXd PredictProba(const Model& model, const Day& day) {
  const Eigen::Index f = static_cast<Eigen::Index>(model.features.size());
  Eigen::VectorXd z(f);
  for (Eigen::Index j = 0; j < f; ++j) {
    z(j) = (FeatureValue(day, model.features[j]) - model.means(j)) / model.stds(j);
  }
  return Softmax(model.intercepts + model.weights * z);
}

int PredictClass(const Model& model, const Day& day) {
  Eigen::Index best = 0;
  PredictProba(model, day).maxCoeff(&best);
  return static_cast<int>(best);
}

double Accuracy(const Model& model, const std::vector<Day>& days) {
  if (days.empty()) return 0;
  int right = 0;
  for (const Day& day : days) right += PredictClass(model, day) == day.label ? 1 : 0;
  return static_cast<double>(right) / static_cast<double>(days.size());
}

std::vector<int> RoundToMillionths(const Eigen::VectorXd& probabilities) {
  constexpr int kUnit = 1000000;
  const Eigen::Index k = probabilities.size();
  std::vector<int> units(static_cast<size_t>(k));
  std::vector<std::pair<double, Eigen::Index>> remainders;
  int total = 0;
  for (Eigen::Index i = 0; i < k; ++i) {
    const double scaled = std::clamp(probabilities(i), 0.0, 1.0) * kUnit;
    const double floor = std::floor(scaled);
    units[i] = static_cast<int>(floor);
    total += units[i];
    remainders.emplace_back(scaled - floor, i);
  }
  // Largest remainder first, lower index first among equals: a total order, so the result never
  // depends on the sort's stability.
  std::sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (size_t i = 0; total < kUnit && i < remainders.size(); ++i, ++total) {
    ++units[remainders[i].second];
  }
  return units;
}

std::string PredictionsCsv(const Model& model, const std::vector<Day>& days) {
  std::string out = "date,weather,predicted";
  for (std::string_view c : kClasses) out += fmt::format(",p_{}", c);
  out += ",season\n";
  for (const Day& day : days) {
    const Eigen::VectorXd p = PredictProba(model, day);
    Eigen::Index best = 0;
    p.maxCoeff(&best);
    out += fmt::format("{},{},{}", day.date, day.weather, kClasses[best]);
    for (int units : RoundToMillionths(p)) {
      out += fmt::format(",{}.{:06d}", units / 1000000, units % 1000000);
    }
    out += fmt::format(",{}\n", Season(day.month));
  }
  return out;
}

std::string ModelJson(const Model& model, std::string_view name, std::string_view trained_on) {
  // Written by hand rather than through a JSON library so that each number is exactly its
  // twelve-decimal rounding, and each list stays on one line.
  auto number = [](double v) {
    const double rounded = std::round(v * 1e12) / 1e12 + 0.0;  // + 0.0 turns -0 into 0
    return fmt::format("{:.12f}", rounded);
  };
  auto numbers = [&](const Eigen::VectorXd& v) {
    std::vector<std::string> texts;
    for (Eigen::Index i = 0; i < v.size(); ++i) texts.push_back(number(v(i)));
    return fmt::format("[{}]", fmt::join(texts, ", "));
  };
  auto text = [](std::string_view s) { return nlohmann::json(std::string(s)).dump(); };
  auto texts = [&](const auto& list) {
    std::vector<std::string> quoted;
    for (const auto& s : list) quoted.push_back(text(s));
    return fmt::format("[{}]", fmt::join(quoted, ", "));
  };
  std::vector<std::string> definitions;
  for (const std::string& feature : model.features) {
    std::string_view how = "the column of the same name";
    if (feature == "doy_sin") how = "sin(2*pi*(day_of_year - 1) / days_in_year)";
    if (feature == "doy_cos") how = "cos(2*pi*(day_of_year - 1) / days_in_year)";
    definitions.push_back(fmt::format("    {}: {}", text(feature), text(how)));
  }
  std::vector<std::string> weights;
  for (Eigen::Index k = 0; k < model.weights.rows(); ++k) {
    weights.push_back("    " + numbers(model.weights.row(k).transpose()));
  }
  std::string out = "{\n";
  out += "  \"format\": 1,\n";
  out += fmt::format("  \"name\": {},\n", text(name));
  out += "  \"kind\": \"multinomial_logistic_regression\",\n";
  out +=
      "  \"scoring\": \"p = softmax(intercepts + weights * ((x - means) / stds)), one row of "
      "weights per class\",\n";
  out += fmt::format("  \"trained_on\": {},\n", text(trained_on));
  out += fmt::format("  \"training_rows\": {},\n", model.training_rows);
  out += fmt::format("  \"c\": {},\n", model.c);
  out += fmt::format("  \"features\": {},\n", texts(model.features));
  out += fmt::format("  \"feature_definitions\": {{\n{}\n  }},\n", fmt::join(definitions, ",\n"));
  out += fmt::format("  \"means\": {},\n", numbers(model.means));
  out += fmt::format("  \"stds\": {},\n", numbers(model.stds));
  out += fmt::format("  \"classes\": {},\n", texts(kClasses));
  out += fmt::format("  \"intercepts\": {},\n", numbers(model.intercepts));
  out += fmt::format("  \"weights\": [\n{}\n  ]\n", fmt::join(weights, ",\n"));
  out += "}\n";
  return out;
}

StatusOr<Model> ParseModelJson(std::string_view text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return DataError("not a JSON object");
  auto field = [&](const char* key) -> const nlohmann::json* {
    auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
  };
  const nlohmann::json* format = field("format");
  if (format == nullptr || *format != 1) return DataError("'format' must be 1");
  const nlohmann::json* kind = field("kind");
  if (kind == nullptr || *kind != "multinomial_logistic_regression") {
    return DataError("'kind' must be \"multinomial_logistic_regression\"");
  }
  const nlohmann::json* classes = field("classes");
  bool classes_ok = classes != nullptr && classes->is_array() && classes->size() == kClasses.size();
  for (size_t k = 0; classes_ok && k < kClasses.size(); ++k) {
    classes_ok = (*classes)[k].is_string() && (*classes)[k].get<std::string>() == kClasses[k];
  }
  if (!classes_ok) {
    return DataError(fmt::format("'classes' must be [{}]", fmt::join(kClasses, ", ")));
  }

  Model model;
  const nlohmann::json* features = field("features");
  if (features == nullptr || !features->is_array() || features->empty()) {
    return DataError("'features' must be a non-empty list of names");
  }
  for (const nlohmann::json& name : *features) {
    if (!name.is_string() || !IsKnownFeature(name.get<std::string>())) {
      return DataError(fmt::format("unknown feature {} (known: {})", name.dump(),
                                   fmt::join(kAllFeatures, ", ")));
    }
    if (std::find(model.features.begin(), model.features.end(), name.get<std::string>()) !=
        model.features.end()) {
      return DataError(fmt::format("feature {} is listed twice", name.dump()));
    }
    model.features.push_back(name.get<std::string>());
  }
  const Eigen::Index f = static_cast<Eigen::Index>(model.features.size());

  // A list of `size` finite numbers.
  auto vector = [&](const nlohmann::json* list, std::string_view what,
                    Eigen::Index size) -> StatusOr<Eigen::VectorXd> {
    if (list == nullptr || !list->is_array() || static_cast<Eigen::Index>(list->size()) != size) {
      return DataError(fmt::format("'{}' must be a list of {} numbers", what, size));
    }
    Eigen::VectorXd v(size);
    for (Eigen::Index i = 0; i < size; ++i) {
      const nlohmann::json& x = (*list)[static_cast<size_t>(i)];
      if (!x.is_number() || !std::isfinite(x.get<double>())) {
        return DataError(fmt::format("'{}' must be a list of {} finite numbers", what, size));
      }
      v(i) = x.get<double>();
    }
    return v;
  };
  auto means = vector(field("means"), "means", f);
  if (!means.ok()) return means.status();
  model.means = std::move(*means);
  auto stds = vector(field("stds"), "stds", f);
  if (!stds.ok()) return stds.status();
  if (!(stds->array() > 0).all()) return DataError("'stds' must be positive");
  model.stds = std::move(*stds);
  auto intercepts = vector(field("intercepts"), "intercepts", kClassCount);
  if (!intercepts.ok()) return intercepts.status();
  model.intercepts = std::move(*intercepts);
  const nlohmann::json* weights = field("weights");
  if (weights == nullptr || !weights->is_array() || weights->size() != kClasses.size()) {
    return DataError(fmt::format("'weights' must hold one row per class ({})", kClassCount));
  }
  model.weights.resize(kClassCount, f);
  for (int k = 0; k < kClassCount; ++k) {
    auto row = vector(&(*weights)[static_cast<size_t>(k)],
                      fmt::format("weights[{}] ({})", k, kClasses[k]), f);
    if (!row.ok()) return row.status();
    model.weights.row(k) = row->transpose();
  }
  if (const nlohmann::json* c = field("c"); c != nullptr && c->is_number()) {
    model.c = c->get<double>();
  }
  if (const nlohmann::json* rows = field("training_rows");
      rows != nullptr && rows->is_number_integer()) {
    model.training_rows = rows->get<int>();
  }
  return model;
}

StatusOr<Model> ReadModelJson(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(fmt::format("{}: cannot read the model", path));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return NotFound(fmt::format("{}: cannot read the model", path));
  auto model = ParseModelJson(text);
  if (!model.ok()) return model.status().WithPrefix(path);
  return model;
}

StatusOr<ExampleModels> TrainExampleModels(const std::vector<Day>& training, double c) {
  if (training.empty()) return InvalidArgument("no training rows");
  ExampleModels models;
  models.champion_year =
      std::min_element(training.begin(), training.end(), [](const Day& a, const Day& b) {
        return a.year < b.year;
      })->year;
  std::vector<Day> first_year;
  std::copy_if(training.begin(), training.end(), std::back_inserter(first_year),
               [&](const Day& day) { return day.year == models.champion_year; });

  TrainOptions champion_options;
  champion_options.features = {"precipitation", "temp_max", "temp_min", "wind"};
  champion_options.c = c;
  auto champion = Train(first_year, champion_options, &models.champion_report);
  if (!champion.ok()) return champion.status().WithPrefix("champion");
  models.champion = std::move(*champion);

  TrainOptions challenger_options;
  challenger_options.features.assign(kAllFeatures.begin(), kAllFeatures.end());
  challenger_options.c = c;
  auto challenger = Train(training, challenger_options, &models.challenger_report);
  if (!challenger.ok()) return challenger.status().WithPrefix("challenger");
  models.challenger = std::move(*challenger);
  return models;
}

Status WriteFileAtomically(const std::string& path, std::string_view text) {
  const std::string temporary = fmt::format("{}.tmp-{}", path, ::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      return Unavailable(fmt::format("{}: cannot write", temporary));
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    const std::string why = error.message();
    std::filesystem::remove(temporary, error);
    return Unavailable(fmt::format("{}: cannot replace: {}", path, why));
  }
  return Status::Ok();
}

}  // namespace mlgate::seattle_weather::train
