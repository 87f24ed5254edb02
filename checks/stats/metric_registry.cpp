// The metric table: adapts MetricData to each metric function.
#include "checks/stats/metric_registry.h"

#include "checks/stats/classification_metrics.h"
#include "checks/stats/probability_metrics.h"
#include "checks/stats/ranking_metrics.h"
#include "checks/stats/regression_metrics.h"

namespace mlgate::stats {
namespace {

ConfusionMatrix Confusion(const MetricData& d, RowWeights w) {
  return CountConfusion(d.truth, d.predicted, d.classes.size(), w);
}

template <Average kAverage, int kPart>  // kPart: 0 precision, 1 recall, 2 f1
StatusOr<double> Prf(const MetricData& d, RowWeights w) {
  auto prf = PrecisionRecallF1Score(Confusion(d, w), kAverage, d.positive, d.positive_label);
  if (!prf.ok()) return prf.status();
  return kPart == 0 ? prf->precision : kPart == 1 ? prf->recall : prf->f1;
}

// Binary score metrics accept labels of at most two classes, one of them the positive class
// (scikit-learn raises otherwise: "multiclass format is not supported" / "pos_label is not a
// valid label").
Status CheckBinaryLabels(const MetricData& d, RowWeights w, std::string_view metric) {
  std::vector<uint64_t> support(static_cast<size_t>(d.classes.size()), 0);
  for (size_t i = 0; i < d.truth.size(); ++i) {
    support[static_cast<size_t>(d.truth[i])] += w.empty() ? 1 : w[i];
  }
  std::vector<std::string> present;
  bool has_positive = false;
  for (int32_t c = 0; c < d.classes.size(); ++c) {
    if (support[static_cast<size_t>(c)] == 0) continue;
    present.push_back(d.classes.Label(c));
    has_positive = has_positive || c == d.positive;
  }
  auto listed = [&] {
    std::string out;
    for (const auto& p : present) out += (out.empty() ? "'" : ", '") + p + "'";
    return out;
  };
  if (present.size() > 2) {
    return InvalidArgument(std::string(metric) + " is a binary metric but the labels hold " +
                           std::to_string(present.size()) + " classes (" + listed() + ")");
  }
  if (present.size() == 2 && !has_positive) {
    return InvalidArgument("the positive label '" + d.positive_label +
                           "' is not one of the labels (" + listed() + ")");
  }
  return Status::Ok();
}

BinaryScores Scored(const MetricData& d) {
  BinaryScores rows;
  rows.truth = d.truth;
  rows.positive = d.positive;
  rows.score = d.BinaryScore();
  rows.order = d.BinaryScoreOrder();
  return rows;
}

StatusOr<double> AccuracyOf(const MetricData& d, RowWeights w) { return Accuracy(Confusion(d, w)); }
StatusOr<double> BalancedAccuracyOf(const MetricData& d, RowWeights w) {
  return BalancedAccuracy(Confusion(d, w));
}

StatusOr<double> RocAucOf(const MetricData& d, RowWeights w) {
  MLGATE_RETURN_IF_ERROR(CheckBinaryLabels(d, w, "roc_auc"));
  return RocAuc(Scored(d), w);
}

StatusOr<double> RocAucOvrOf(const MetricData& d, RowWeights w) {
  return RocAucOvr(d.truth, d.class_scores, d.class_score_order, w, &d.classes);
}

StatusOr<double> AveragePrecisionOf(const MetricData& d, RowWeights w) {
  MLGATE_RETURN_IF_ERROR(CheckBinaryLabels(d, w, "average_precision"));
  return AveragePrecision(Scored(d), w);
}

StatusOr<double> LogLossOf(const MetricData& d, RowWeights w) {
  if (d.has_class_scores()) return LogLossMulticlass(d.truth, d.class_scores, w, &d.classes);
  MLGATE_RETURN_IF_ERROR(CheckBinaryLabels(d, w, "log_loss"));
  return LogLossBinary(d.truth, d.positive, d.BinaryScore(), w);
}

StatusOr<double> BrierOf(const MetricData& d, RowWeights w) {
  MLGATE_RETURN_IF_ERROR(CheckBinaryLabels(d, w, "brier"));
  return BrierScore(d.truth, d.positive, d.BinaryScore(), w);
}

StatusOr<double> RmseOf(const MetricData& d, RowWeights w) {
  return RootMeanSquaredError(d.target, d.estimate, w);
}
StatusOr<double> MaeOf(const MetricData& d, RowWeights w) {
  return MeanAbsoluteError(d.target, d.estimate, w);
}
StatusOr<double> MedianAeOf(const MetricData& d, RowWeights w) {
  return MedianAbsoluteError(d.target, d.estimate, w, d.abs_error_order);
}
StatusOr<double> R2Of(const MetricData& d, RowWeights w) {
  return R2Score(d.target, d.estimate, w);
}
StatusOr<double> MapeOf(const MetricData& d, RowWeights w) {
  return MeanAbsolutePercentageError(d.target, d.estimate, w);
}

constexpr MetricTask kCls = MetricTask::kClassification;
constexpr MetricTask kReg = MetricTask::kRegression;
constexpr MetricInputs kPred = MetricInputs::kPredictions;

const MetricInfo kMetrics[] = {
    {"accuracy", kCls, kPred, true, false, "share of rows predicted correctly", AccuracyOf},
    {"balanced_accuracy", kCls, kPred, true, false, "mean recall over the label classes",
     BalancedAccuracyOf},
    {"precision", kCls, kPred, true, true, "precision of the positive class",
     Prf<Average::kBinary, 0>},
    {"recall", kCls, kPred, true, true, "recall of the positive class", Prf<Average::kBinary, 1>},
    {"f1", kCls, kPred, true, true, "F1 of the positive class", Prf<Average::kBinary, 2>},
    {"precision_macro", kCls, kPred, true, false, "unweighted mean precision over classes",
     Prf<Average::kMacro, 0>},
    {"recall_macro", kCls, kPred, true, false, "unweighted mean recall over classes",
     Prf<Average::kMacro, 1>},
    {"f1_macro", kCls, kPred, true, false, "unweighted mean F1 over classes",
     Prf<Average::kMacro, 2>},
    {"precision_micro", kCls, kPred, true, false, "precision of all decisions pooled",
     Prf<Average::kMicro, 0>},
    {"recall_micro", kCls, kPred, true, false, "recall of all decisions pooled",
     Prf<Average::kMicro, 1>},
    {"f1_micro", kCls, kPred, true, false, "F1 of all decisions pooled", Prf<Average::kMicro, 2>},
    {"precision_weighted", kCls, kPred, true, false, "support-weighted mean precision",
     Prf<Average::kWeighted, 0>},
    {"recall_weighted", kCls, kPred, true, false, "support-weighted mean recall",
     Prf<Average::kWeighted, 1>},
    {"f1_weighted", kCls, kPred, true, false, "support-weighted mean F1",
     Prf<Average::kWeighted, 2>},
    {"roc_auc", kCls, MetricInputs::kBinaryScore, true, true,
     "area under the ROC curve of the positive-class score", RocAucOf},
    {"roc_auc_ovr", kCls, MetricInputs::kClassScores, true, false,
     "macro mean of one-vs-rest ROC AUC over classes", RocAucOvrOf},
    {"average_precision", kCls, MetricInputs::kBinaryScore, true, true,
     "area under the precision-recall step curve", AveragePrecisionOf},
    {"log_loss", kCls, MetricInputs::kAnyScores, false, false,
     "mean negative log-likelihood of the labels", LogLossOf},
    {"brier", kCls, MetricInputs::kBinaryScore, false, true,
     "mean squared error of the positive-class probability", BrierOf},
    {"rmse", kReg, kPred, false, false, "root mean squared error", RmseOf},
    {"mae", kReg, kPred, false, false, "mean absolute error", MaeOf},
    {"median_ae", kReg, kPred, false, false, "median absolute error", MedianAeOf},
    {"r2", kReg, kPred, true, false, "coefficient of determination", R2Of},
    {"mape", kReg, kPred, false, false, "mean absolute percentage error", MapeOf},
};

}  // namespace

std::span<const MetricInfo> AllMetrics() { return kMetrics; }

const MetricInfo* FindMetric(std::string_view name) {
  for (const MetricInfo& m : kMetrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

StatusOr<const MetricInfo*> LookupMetric(std::string_view name) {
  if (const MetricInfo* m = FindMetric(name)) return m;
  std::string known;
  for (const MetricInfo& m : kMetrics) {
    if (!known.empty()) known += ", ";
    known += m.name;
  }
  return InvalidArgument("unknown metric '" + std::string(name) + "' (known: " + known + ")");
}

Status Supports(const MetricInfo& metric, const MetricData& data) {
  const std::string name(metric.name);
  if (metric.task != data.task) {
    return InvalidArgument(
        name + " is a " + (metric.task == kCls ? "classification" : "regression") +
        " metric but the model's labels are " + (data.task == kCls ? "classes" : "numbers"));
  }
  if (metric.task == kReg) return Status::Ok();
  switch (metric.inputs) {
    case MetricInputs::kPredictions:
      if (data.predicted.empty()) {
        return InvalidArgument(name +
                               " needs predicted labels: the model declares no `prediction`");
      }
      break;
    case MetricInputs::kBinaryScore:
      if (data.BinaryScore().empty()) {
        return InvalidArgument(name +
                               " needs the positive-class score: the model declares no `score` "
                               "(nor a `score_prefix` column for the positive class)");
      }
      break;
    case MetricInputs::kClassScores:
      if (!data.has_class_scores()) {
        return InvalidArgument(name +
                               " needs one score column per class: the model declares no "
                               "`score_prefix`");
      }
      break;
    case MetricInputs::kAnyScores:
      if (!data.has_class_scores() && data.score.empty()) {
        return InvalidArgument(name +
                               " needs scores: the model declares neither `score` nor "
                               "`score_prefix`");
      }
      if (!data.has_class_scores() && data.positive_label.empty()) {
        return InvalidArgument(name + " on a positive-class score needs the positive class");
      }
      break;
  }
  if (metric.binary && data.positive_label.empty()) {
    return InvalidArgument(name + " needs the positive class: the model declares no `positive`");
  }
  return Status::Ok();
}

StatusOr<double> ComputeMetric(const MetricInfo& metric, const MetricData& data,
                               RowWeights weights) {
  MLGATE_RETURN_IF_ERROR(Supports(metric, data));
  if (!weights.empty() && weights.size() != data.rows()) {
    return Internal("row weights and rows differ in number");
  }
  return metric.compute(data, weights);
}

}  // namespace mlgate::stats
