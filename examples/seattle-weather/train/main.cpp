// mlgate-example-train: trains the seattle-weather example's champion and challenger models and
// writes what the example gate reads.
//   mlgate-example-train --train data/weather-2012-2013.csv --apply data/weather-2015.csv
//                        --out-dir predictions
// writes DIR/champion.csv and DIR/challenger.csv (each model's predictions on the --apply rows)
// and DIR/model.json (the challenger's coefficients). Training is deterministic: the same inputs
// give byte-identical files. Exit code 0 on success, 1 on an error (printed on stderr), 2 on a
// bad command line.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <string>

#include "examples/seattle-weather/train/weather_model.h"

namespace {

namespace train = mlgate::seattle_weather::train;

mlgate::Status Run(const std::string& train_path, const std::string& apply_path,
                   const std::string& out_dir, double c) {
  auto training = train::ReadDays(train_path);
  if (!training.ok()) return training.status();
  auto applied = train::ReadDays(apply_path);
  if (!applied.ok()) return applied.status();
  auto models = train::TrainExampleModels(*training, c);
  if (!models.ok()) return models.status();

  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error) {
    return mlgate::Unavailable(fmt::format("{}: cannot create: {}", out_dir, error.message()));
  }
  const std::filesystem::path dir(out_dir);
  const std::string source = std::filesystem::path(train_path).filename().string();
  MLGATE_RETURN_IF_ERROR(train::WriteFileAtomically(
      (dir / "champion.csv").string(), train::PredictionsCsv(models->champion, *applied)));
  MLGATE_RETURN_IF_ERROR(train::WriteFileAtomically(
      (dir / "challenger.csv").string(), train::PredictionsCsv(models->challenger, *applied)));
  MLGATE_RETURN_IF_ERROR(train::WriteFileAtomically(
      (dir / "model.json").string(), train::ModelJson(models->challenger, "challenger", source)));

  auto describe = [&](const char* name, const train::Model& model, const train::TrainReport& report,
                      const std::string& rows) {
    fmt::print(
        "{:<10} {} rows of {}, {} features, {} Newton steps, loss {:.6f} -> {:.6f}; "
        "accuracy on {}: {:.4f}\n",
        name, model.training_rows, rows, model.features.size(), report.iterations,
        report.objective.front(), report.objective.back(),
        std::filesystem::path(apply_path).filename().string(), train::Accuracy(model, *applied));
  };
  describe("champion", models->champion, models->champion_report,
           fmt::format("{} ({})", source, models->champion_year));
  describe("challenger", models->challenger, models->challenger_report, source);
  // Relative to where it was run from, when it is below it: the line reads the same anywhere.
  std::string shown = std::filesystem::proximate(dir, error).string();
  if (error || shown.starts_with("..")) shown = out_dir;
  fmt::print("wrote {0}/champion.csv, {0}/challenger.csv, {0}/model.json\n", shown);
  return mlgate::Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Trains the seattle-weather example's champion and challenger models "
      "(multinomial logistic regression) and writes their predictions."};
  std::string train_path, apply_path, out_dir;
  double c = 1.0;
  app.add_option("--train", train_path, "weather CSV to train on (e.g. data/weather-2012-2013.csv)")
      ->required();
  app.add_option("--apply", apply_path, "weather CSV to predict (e.g. data/weather-2015.csv)")
      ->required();
  app.add_option("--out-dir", out_dir, "directory for champion.csv, challenger.csv, model.json")
      ->required();
  app.add_option("--c", c, "inverse L2 strength, as scikit-learn's C")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return e.get_exit_code() == 0 ? 0 : 2;
  }
  mlgate::Status status = Run(train_path, apply_path, out_dir, c);
  if (!status.ok()) {
    std::fprintf(stderr, "mlgate-example-train: %s\n", status.message().c_str());
    return 1;
  }
  return 0;
}
