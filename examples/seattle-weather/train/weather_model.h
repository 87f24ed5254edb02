// The seattle-weather example's own model: a multinomial logistic regression (softmax with an L2
// penalty, as scikit-learn's LogisticRegression(multi_class="multinomial", C=...)) over
// standardised weather and season features, trained by Newton's method, and the files it
// writes: a predictions CSV the gate's `models:` read, and the coefficients as JSON.
#pragma once

#include <Eigen/Dense>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "checks/status.h"

namespace mlgate::seattle_weather::train {

// The label classes, in the order of the probability columns and of the model's rows.
inline constexpr std::array<std::string_view, 5> kClasses = {"drizzle", "fog", "rain", "snow",
                                                             "sun"};
inline constexpr int kClassCount = static_cast<int>(kClasses.size());

// Every feature the model can use. doy_sin and doy_cos place the day on the yearly circle:
// sin/cos(2π·(day_of_year − 1) / days_in_year), so 31 December sits next to 1 January.
inline constexpr std::array<std::string_view, 6> kAllFeatures = {
    "precipitation", "temp_max", "temp_min", "wind", "doy_sin", "doy_cos"};

// One row of a weather CSV.
struct Day {
  std::string date;  // YYYY-MM-DD, as written in the file
  int year = 0;
  int month = 0;         // 1..12
  int day_of_year = 0;   // 1..366
  int days_in_year = 0;  // 365 or 366
  double precipitation = 0;
  double temp_max = 0;
  double temp_min = 0;
  double wind = 0;
  std::string weather;  // the label as written
  int label = -1;       // its index in kClasses
};

// Reads a CSV with the columns date, precipitation, temp_max, temp_min, wind and weather (others
// are ignored, order is free). Every cell of those columns must hold a value: a valid date, a
// finite number, one of kClasses. Errors are a NotFound for a missing file or column and a
// DataError naming "file:line" and the column for a bad cell; CSV syntax errors are the CSV
// reader's.
StatusOr<std::vector<Day>> ReadDays(const std::string& path);

// Sets the calendar fields of `day` (date, year, month, day_of_year, days_in_year) from a
// YYYY-MM-DD date. Returns false and leaves `day` unchanged when `text` is not a valid date.
bool SetCalendar(std::string_view text, Day* day);

// The value of feature `name` (one of kAllFeatures) for `day`, before standardisation.
// Requires a known name (CHECKed by the callers that validate feature lists first).
double FeatureValue(const Day& day, std::string_view name);

// "winter" (Dec-Feb), "spring" (Mar-May), "summer" (Jun-Aug) or "autumn" (Sep-Nov).
std::string_view Season(int month);

// The probabilities of a softmax over `scores`: finite for any finite scores (the largest score
// is subtracted before exponentiating), non-negative, summing to 1.
Eigen::VectorXd Softmax(const Eigen::VectorXd& scores);

struct TrainOptions {
  std::vector<std::string> features;  // names from kAllFeatures, no repeats, at least one
  double c = 1.0;                     // inverse L2 strength, scikit-learn's C (> 0)
  int max_iterations = 100;           // Newton steps
  // Training stops when the largest absolute gradient entry of the per-row objective is below
  // this; Newton's method gets there in a handful of steps.
  double gradient_tolerance = 1e-10;
};

// A fitted model. Scores are intercepts + weights · ((x − means) / stds); probabilities are their
// softmax over kClasses.
struct Model {
  std::vector<std::string> features;
  Eigen::VectorXd means;       // per feature, over the training rows
  Eigen::VectorXd stds;        // per feature, population standard deviation (ddof = 0)
  Eigen::VectorXd intercepts;  // per class; they sum to 0 (softmax is shift-invariant)
  Eigen::MatrixXd weights;     // classes × features, on the standardised scale
  double c = 1.0;
  int training_rows = 0;
};

// What the optimiser did: the objective before the first step and after each step (the mean
// negative log-likelihood plus ‖weights‖² / (2·C·rows)), and whether the gradient tolerance was
// reached within max_iterations.
struct TrainReport {
  std::vector<double> objective;
  int iterations = 0;
  bool converged = false;
  double max_abs_gradient = 0;
};

// Fits the model by minimising Σ −log p(label | x) + ‖weights‖² / (2·C) over `days` (intercepts
// are not penalised, as in scikit-learn) with Newton's method and a backtracking line search.
// Deterministic: the same rows and options give bit-identical coefficients. Errors
// (InvalidArgument): no rows, an unknown or repeated feature, C not positive, a feature that is
// constant over the rows (it cannot be standardised), a class with no training row (its
// intercept would run off to −∞), a day whose label is not an index of kClasses, no convergence
// within max_iterations. `report`, when given,
// receives the optimiser's trace, also on non-convergence.
StatusOr<Model> Train(const std::vector<Day>& days, const TrainOptions& options,
                      TrainReport* report = nullptr);

// Class probabilities of `day` under `model`, in the order of kClasses.
Eigen::VectorXd PredictProba(const Model& model, const Day& day);

// Index in kClasses of the most probable class (the first one on a tie).
int PredictClass(const Model& model, const Day& day);

// Share of `days` whose label `model` predicts; 0 for no rows.
double Accuracy(const Model& model, const std::vector<Day>& days);

// Rounds probabilities to millionths so that they still add up to exactly 1: each is floored,
// and the millionths left over go to the largest remainders (the lower class index on a tie).
// Requires non-negative values summing to 1 within rounding. Returns millionths per class.
std::vector<int> RoundToMillionths(const Eigen::VectorXd& probabilities);

// The predictions file of `model` on `days`: a header
// "date,weather,predicted,p_drizzle,p_fog,p_rain,p_snow,p_sun,season" and one row per day, in
// the order given, probabilities with six decimals summing to exactly 1 (RoundToMillionths).
// `predicted` is the most probable class before rounding.
std::string PredictionsCsv(const Model& model, const std::vector<Day>& days);

// The model as JSON for a server to load: format, name, kind, C, training rows, features with
// their means and stds, classes, intercepts and weights (one row per class), and how each
// feature is computed. Numbers are rounded to 12 decimals: far more than predictions need, and
// few enough that the file does not change with the last bits of a different build's arithmetic.
std::string ModelJson(const Model& model, std::string_view name, std::string_view trained_on);

// The inverse of ModelJson: a model from its JSON text, as a server loads it. Requires format 1,
// kind "multinomial_logistic_regression", classes equal to kClasses in order, known and distinct
// features, and finite means, intercepts and weights of matching sizes with positive stds;
// anything else is a DataError saying what is wrong. Keys ModelJson writes for people (name,
// scoring, trained_on, feature_definitions) are not read.
StatusOr<Model> ParseModelJson(std::string_view text);

// ParseModelJson of a file's contents; NotFound when it cannot be read, errors prefixed with
// the path.
StatusOr<Model> ReadModelJson(const std::string& path);

// The two models of the example, trained on the same file:
//   challenger: every row of `training`, all of kAllFeatures;
//   champion:   the rows of the earliest year in `training` only, and only the four weather
//               columns (no season) -- last year's model, deliberately weaker.
struct ExampleModels {
  Model champion;
  Model challenger;
  int champion_year = 0;
  TrainReport champion_report;
  TrainReport challenger_report;
};
StatusOr<ExampleModels> TrainExampleModels(const std::vector<Day>& training, double c = 1.0);

// Writes `text` to `path` through a temporary file in the same directory and a rename, so a
// reader never sees a half-written file. Errors name the path.
Status WriteFileAtomically(const std::string& path, std::string_view text);

}  // namespace mlgate::seattle_weather::train
