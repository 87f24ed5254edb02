"""Oracle fixtures for the model metrics, the paired bootstrap's building blocks and McNemar.

Called by generate.py (Debian's python3: scikit-learn 1.2, scipy 1.10, numpy 1.24). Writes
fixtures/metrics_classification.json, metrics_regression.json, metrics_mcnemar.json and
metrics_percentile.json.

Each classification case holds the rows as the C++ side reads them (labels as text, scores as
numbers), the positive label, optional per-row weights, and the value scikit-learn gives for every
metric name of DESIGN §8 (null where scikit-learn raises, with the reason in "errors").
"expected_weighted" holds each metric on the data set where row i is repeated weights[i] times:
the meaning of row weights in a bootstrap replicate. "expected_trivial" holds each metric of
scikit-learn's DummyClassifier(strategy="prior") / DummyRegressor(strategy="mean") fitted on the
case's labels: the trivial baseline of the `metric` check's `vs: trivial`.

metrics_regression.json also holds "overflow_cases": finite inputs so large that scikit-learn's
sums overflow and it returns infinity or NaN (with a RuntimeWarning) rather than raising. JSON has
no such numbers, so a non-finite value is written as the text "inf", "-inf" or "nan".
"""
import math
import json
import pathlib
import warnings

import numpy as np
from scipy import stats
from sklearn import metrics as skm
from sklearn.dummy import DummyClassifier, DummyRegressor

CLASSIFICATION_METRICS = [
    "accuracy", "balanced_accuracy", "precision", "recall", "f1",
    "precision_macro", "recall_macro", "f1_macro",
    "precision_micro", "recall_micro", "f1_micro",
    "precision_weighted", "recall_weighted", "f1_weighted",
    "roc_auc", "roc_auc_ovr", "average_precision", "log_loss", "brier",
]
REGRESSION_METRICS = ["rmse", "mae", "median_ae", "r2", "mape"]


def _binary_truth(truth, positive, what):
    """0/1 labels for a binary score metric, with the checks mlgate makes (and sklearn makes
    when labels are strings): at most two classes, one of them the positive one."""
    present = sorted(set(truth))
    if len(present) > 2:
        raise ValueError(f"{what} is binary but labels hold {len(present)} classes")
    if len(present) == 2 and positive not in present:
        raise ValueError(f"positive label {positive!r} is not one of the labels")
    return np.array([1 if t == positive else 0 for t in truth])


def _classification_metric(name, case):
    truth = np.array(case["truth"], dtype=object).astype(str)
    pred = np.array(case["predicted"], dtype=object).astype(str) if "predicted" in case else None
    pos = case.get("positive")
    score = np.array(case["score"]) if "score" in case else None
    classes = case.get("score_classes")
    columns = np.array(case["score_columns"]).T if "score_columns" in case else None

    def positive_score():
        if score is not None:
            return score
        if classes is not None and pos in classes:
            return columns[:, classes.index(pos)]
        raise ValueError("no positive-class score")

    prf = {"precision": skm.precision_score, "recall": skm.recall_score, "f1": skm.f1_score}
    if name == "accuracy":
        return skm.accuracy_score(truth, pred)
    if name == "balanced_accuracy":
        return skm.balanced_accuracy_score(truth, pred)
    if name in prf:
        return prf[name](truth, pred, pos_label=pos, average="binary")
    for average in ("macro", "micro", "weighted"):
        for base, fn in prf.items():
            if name == f"{base}_{average}":
                return fn(truth, pred, average=average)
    if name == "roc_auc":
        return skm.roc_auc_score(_binary_truth(truth, pos, name), positive_score())
    if name == "average_precision":
        return skm.average_precision_score(_binary_truth(truth, pos, name), positive_score())
    if name == "brier":
        return skm.brier_score_loss(_binary_truth(truth, pos, name), positive_score())
    if name == "log_loss":
        if columns is not None:
            missing = set(truth) - set(classes)
            if missing:  # sklearn would silently score such rows as 0 loss; mlgate refuses
                raise ValueError(f"labels without a score column: {sorted(missing)}")
            return skm.log_loss(truth, columns, labels=classes)
        return skm.log_loss(_binary_truth(truth, pos, name), score, labels=[0, 1])
    if name == "roc_auc_ovr":
        if columns is None:
            raise ValueError("no class score columns")
        if len(classes) == 2:
            # scikit-learn only takes the binary form here; mlgate averages both one-vs-rest AUCs.
            if not np.allclose(1, columns.sum(axis=1)):
                raise ValueError("scores do not sum to 1")
            if set(truth) - set(classes):
                raise ValueError("labels without a score column")
            return np.mean([skm.roc_auc_score(truth == c, columns[:, j])
                            for j, c in enumerate(classes)])
        return skm.roc_auc_score(truth, columns, multi_class="ovr", average="macro",
                                 labels=classes)
    raise KeyError(name)


def _evaluate(case, metric_names, compute):
    expected, errors = {}, {}
    for name in metric_names:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = float(compute(name, case))
            expected[name] = value
        except (ValueError, KeyError) as e:
            expected[name] = None
            errors[name] = str(e)
    return expected, errors


def _repeated(case, keys):
    w = np.array(case["weights"])
    out = dict(case)
    for key in keys:
        if key in case:
            out[key] = [v for v, n in zip(case[key], w) for _ in range(n)]
    if "score_columns" in case:
        out["score_columns"] = [list(np.repeat(np.array(c), w)) for c in case["score_columns"]]
    return out


def _trivial_classifier(case):
    """The case with its outputs replaced by DummyClassifier(strategy="prior") fitted on its labels:
    the most frequent class as prediction, the class priors as scores."""
    truth = np.array(case["truth"])
    x = np.zeros((len(truth), 1))
    dummy = DummyClassifier(strategy="prior").fit(x, truth)
    classes = list(dummy.classes_)
    proba = dummy.predict_proba(x)
    out = dict(case)
    out["predicted"] = [str(p) for p in dummy.predict(x)]
    prior = {c: proba[:, j] for j, c in enumerate(classes)}
    zeros = np.zeros(len(truth))
    if "score" in case:
        out["score"] = list(prior.get(case.get("positive"), zeros))
    if "score_columns" in case:
        out["score_columns"] = [list(prior.get(c, zeros)) for c in case["score_classes"]]
    return out


def _finish_classification(case):
    for key in ("score",):
        if key in case:
            case[key] = [float(v) for v in case[key]]
    if "score_columns" in case:
        case["score_columns"] = [[float(v) for v in col] for col in case["score_columns"]]
    case["expected"], case["errors"] = _evaluate(case, CLASSIFICATION_METRICS,
                                                 _classification_metric)
    if "predicted" in case:
        labels = sorted(set(case["truth"]) | set(case["predicted"]))
        case["confusion"] = {
            "labels": labels,
            "matrix": skm.confusion_matrix(case["truth"], case["predicted"],
                                           labels=labels).tolist(),
        }
    if "weights" in case:
        repeated = _repeated(case, ["truth", "predicted", "score"])
        case["expected_weighted"], case["errors_weighted"] = _evaluate(
            repeated, CLASSIFICATION_METRICS, _classification_metric)
    case["expected_trivial"], case["errors_trivial"] = _evaluate(
        _trivial_classifier(case), CLASSIFICATION_METRICS, _classification_metric)
    return case


def _probabilities(rng, n, k, sharpness=1.0, decimals=3):
    """Rows of k probabilities rounded to `decimals` (so ties occur) that sum to 1 in float64:
    all but the last column are rounded down, the last takes the remainder."""
    raw = rng.dirichlet(np.full(k, sharpness), size=n)
    head = np.floor(raw[:, :-1] * 10**decimals) / 10**decimals
    last = 1.0 - head.sum(axis=1)
    return np.column_stack([head, last])


def _classification_cases():
    rng = np.random.default_rng(20240611)
    cases = []

    # Binary with "0"/"1" labels, scores with ties.
    truth = ["1", "0", "1", "1", "0", "0", "1", "0", "1", "1",
             "0", "0", "0", "1", "1", "0", "1", "0", "1", "1"]
    score = [0.9, 0.1, 0.8, 0.4, 0.4, 0.2, 0.7, 0.6, 0.4, 0.9,
             0.3, 0.1, 0.5, 0.6, 0.2, 0.4, 0.8, 0.9, 0.0, 1.0]
    pred = ["1" if s > 0.5 else "0" for s in score]
    cases.append({"name": "binary_ties", "truth": truth, "predicted": pred, "positive": "1",
                  "score": score, "weights": [1, 0, 2, 1, 3, 1, 1, 0, 2, 1,
                                              1, 1, 4, 1, 0, 1, 2, 1, 1, 1]})

    # Text labels, positive "yes" is the greater label; and "no" as positive with its own score.
    truth = list(rng.choice(["no", "yes"], size=40, p=[0.6, 0.4]))
    score = np.round(np.clip(np.where(np.array(truth) == "yes", 0.65, 0.35)
                             + rng.normal(0, 0.2, 40), 0, 1), 2)
    pred = ["yes" if s >= 0.5 else "no" for s in score]
    cases.append({"name": "binary_text_labels", "truth": truth, "predicted": pred,
                  "positive": "yes", "score": score})
    cases.append({"name": "binary_negative_class_positive", "truth": truth, "predicted": pred,
                  "positive": "no", "score": np.round(1 - score, 2)})

    # Perfect and worst predictions.
    truth = ["0"] * 6 + ["1"] * 4
    cases.append({"name": "binary_perfect", "truth": truth, "predicted": list(truth),
                  "positive": "1", "score": [0.1, 0.2, 0.0, 0.3, 0.25, 0.05, 0.9, 0.8, 1.0, 0.7]})
    cases.append({"name": "binary_worst", "truth": truth,
                  "predicted": ["1"] * 6 + ["0"] * 4, "positive": "1",
                  "score": [0.9, 0.8, 1.0, 0.7, 0.75, 0.95, 0.1, 0.2, 0.0, 0.3]})
    # All scores tied; a constant prediction (precision undefined -> 0).
    cases.append({"name": "binary_all_tied", "truth": truth, "predicted": ["0"] * 10,
                  "positive": "1", "score": [0.5] * 10})
    # Extreme probabilities exercise log_loss clipping.
    cases.append({"name": "binary_extreme_probabilities", "truth": truth,
                  "predicted": ["0"] * 5 + ["1"] * 5, "positive": "1",
                  "score": [0.0, 0.0, 1.0, 1e-20, 0.0, 1.0, 1.0, 1.0, 0.0, 1 - 1e-17]})
    # Only one class in the labels: roc_auc is undefined, average precision is 0.
    cases.append({"name": "binary_one_class", "truth": ["0"] * 8,
                  "predicted": ["0", "1", "0", "0", "1", "0", "0", "0"], "positive": "1",
                  "score": [0.2, 0.7, 0.1, 0.3, 0.6, 0.2, 0.4, 0.1]})
    # The positive label occurs nowhere: binary precision is 0 (one class present).
    cases.append({"name": "binary_positive_absent", "truth": ["a", "a", "a"],
                  "predicted": ["a", "a", "a"], "positive": "1", "score": [0.1, 0.2, 0.3]})
    # Two classes, neither of them the positive label: binary metrics refuse.
    cases.append({"name": "binary_wrong_positive", "truth": ["a", "b", "a", "b"],
                  "predicted": ["a", "b", "b", "b"], "positive": "1",
                  "score": [0.1, 0.8, 0.6, 0.7]})

    # Large binary: 5000 rows, scores with 3 decimals (many ties).
    n = 5000
    y = rng.random(n) < 0.3
    s = np.round(np.clip(0.3 + 0.25 * y + rng.normal(0, 0.2, n), 0, 1), 3)
    truth = ["1" if v else "0" for v in y]
    pred = ["1" if v >= 0.45 else "0" for v in s]
    weights = list(rng.poisson(1.0, n))
    cases.append({"name": "binary_large", "truth": truth, "predicted": pred, "positive": "1",
                  "score": s, "weights": [int(w) for w in weights]})

    # Multiclass, 3 classes, one of them never predicted.
    classes = ["bird", "cat", "dog"]
    truth = list(rng.choice(classes, size=30))
    pred = [t if rng.random() < 0.6 else rng.choice(["cat", "dog"]) for t in truth]
    pred = [p if p != "bird" else "cat" for p in pred]
    cols = _probabilities(rng, 30, 3, decimals=2)
    cases.append({"name": "multiclass_never_predicted", "truth": truth, "predicted": pred,
                  "positive": "cat", "score_classes": classes, "score_columns": cols.T,
                  "weights": [int(w) for w in rng.integers(0, 3, 30)]})

    # 4 classes as labels, a fifth predicted but never true (precision of it = 0).
    classes = ["a", "b", "c", "d"]
    truth = list(rng.choice(classes, size=60, p=[0.4, 0.3, 0.2, 0.1]))
    pred = [t if rng.random() < 0.5 else rng.choice(classes + ["e"]) for t in truth]
    cols = _probabilities(rng, 60, 4, sharpness=0.7, decimals=2)
    cases.append({"name": "multiclass_predicted_never_true", "truth": truth, "predicted": pred,
                  "score_classes": classes, "score_columns": cols.T})

    # Perfect and worst multiclass; class scores concentrated on the truth / away from it.
    classes = ["x", "y", "z"]
    truth = ["x", "y", "z", "x", "y", "z", "x", "y", "z", "x"]
    onehot = np.array([[1.0 if t == c else 0.0 for c in classes] for t in truth])
    cases.append({"name": "multiclass_perfect", "truth": truth, "predicted": list(truth),
                  "score_classes": classes, "score_columns": onehot.T})
    shifted = {"x": "y", "y": "z", "z": "x"}
    cases.append({"name": "multiclass_worst", "truth": truth,
                  "predicted": [shifted[t] for t in truth], "score_classes": classes,
                  "score_columns": np.roll(onehot, 1, axis=1).T})

    # Scores that are not probabilities: roc_auc_ovr refuses, log_loss renormalises.
    cols = np.round(rng.random((12, 3)) * 2, 3)
    truth = list(rng.choice(classes, size=12))
    cases.append({"name": "multiclass_unnormalised_scores", "truth": truth,
                  "predicted": list(rng.choice(classes, size=12)), "score_classes": classes,
                  "score_columns": cols.T})

    # A score column whose class never occurs as a label: roc_auc_ovr refuses.
    truth = list(rng.choice(["x", "y"], size=12))
    cols = _probabilities(rng, 12, 3, decimals=2)
    cases.append({"name": "multiclass_column_never_true", "truth": truth,
                  "predicted": list(rng.choice(classes, size=12)), "score_classes": classes,
                  "score_columns": cols.T})

    # Two classes given as score columns: roc_auc takes the positive column.
    truth = list(rng.choice(["neg", "pos"], size=25))
    cols = _probabilities(rng, 25, 2, decimals=2)
    cases.append({"name": "binary_as_score_columns", "truth": truth,
                  "predicted": ["pos" if p >= 0.5 else "neg" for p in cols[:, 1]],
                  "positive": "pos", "score_classes": ["neg", "pos"], "score_columns": cols.T})

    # Large multiclass: 5000 rows, 5 classes, informative scores.
    classes = ["c0", "c1", "c2", "c3", "c4"]
    n = 5000
    idx = rng.choice(5, size=n, p=[0.35, 0.25, 0.2, 0.15, 0.05])
    logits = rng.normal(0, 1, (n, 5))
    logits[np.arange(n), idx] += 1.5
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    head = np.floor(p[:, :-1] * 1000) / 1000
    cols = np.column_stack([head, 1.0 - head.sum(axis=1)])
    cases.append({"name": "multiclass_large", "truth": [classes[i] for i in idx],
                  "predicted": [classes[i] for i in np.argmax(cols, axis=1)],
                  "positive": "c1", "score_classes": classes, "score_columns": cols.T,
                  "weights": [int(w) for w in rng.poisson(1.0, n)]})

    for case in cases:
        if "score" in case:
            case["score"] = [float(v) for v in case["score"]]
        if "score_columns" in case:
            case["score_columns"] = [[float(v) for v in col] for col in case["score_columns"]]
        case["truth"] = [str(v) for v in case["truth"]]
        if "predicted" in case:
            case["predicted"] = [str(v) for v in case["predicted"]]
        _finish_classification(case)
    return cases


def _regression_metric(name, case):
    t, p = np.array(case["target"]), np.array(case["estimate"])
    if name == "rmse":
        return skm.mean_squared_error(t, p, squared=False)
    if name == "mae":
        return skm.mean_absolute_error(t, p)
    if name == "median_ae":
        return skm.median_absolute_error(t, p)
    if name == "r2":
        if len(t) < 2:
            raise ValueError("R^2 score is not well-defined with less than two samples.")
        return skm.r2_score(t, p)
    if name == "mape":
        return skm.mean_absolute_percentage_error(t, p)
    raise KeyError(name)


def _regression_cases():
    rng = np.random.default_rng(7)
    cases = []
    t = np.round(rng.normal(10, 3, 11), 3)
    cases.append({"name": "small_odd", "target": t, "estimate": np.round(t + rng.normal(0, 1, 11), 3),
                  "weights": [1, 2, 0, 1, 3, 1, 0, 1, 1, 2, 1]})
    t = np.round(rng.normal(0, 5, 12), 2)
    cases.append({"name": "small_even_negative", "target": t,
                  "estimate": np.round(t * 0.8 + rng.normal(0, 2, 12), 2),
                  "weights": [1, 1, 2, 0, 1, 1, 1, 3, 1, 0, 1, 1]})
    cases.append({"name": "zeros_in_target", "target": [0.0, 1.5, 0.0, -2.0, 3.0, 0.0],
                  "estimate": [0.1, 1.4, 0.0, -1.0, 3.5, -0.2]})
    cases.append({"name": "perfect", "target": [1.0, 2.0, 3.5, -4.0], "estimate": [1.0, 2.0, 3.5, -4.0]})
    cases.append({"name": "constant_target_perfect", "target": [2.0] * 5, "estimate": [2.0] * 5})
    cases.append({"name": "constant_target_imperfect", "target": [2.0] * 5,
                  "estimate": [2.0, 2.5, 1.0, 2.0, 3.0]})
    cases.append({"name": "worse_than_mean", "target": [1.0, 2.0, 3.0, 4.0],
                  "estimate": [4.0, 3.0, 2.0, 1.0]})
    cases.append({"name": "single_row", "target": [3.0], "estimate": [2.5]})
    t = np.round(rng.lognormal(3, 1, 5000), 4)
    cases.append({"name": "large", "target": t, "estimate": np.round(t * rng.normal(1, 0.1, 5000), 4),
                  "weights": [int(w) for w in rng.poisson(1.0, 5000)]})
    for case in cases:
        case["target"] = [float(v) for v in case["target"]]
        case["estimate"] = [float(v) for v in case["estimate"]]
        case["expected"], case["errors"] = _evaluate(case, REGRESSION_METRICS, _regression_metric)
        trivial = dict(case)
        dummy = DummyRegressor(strategy="mean").fit(np.zeros((len(case["target"]), 1)), case["target"])
        trivial["estimate"] = list(dummy.predict(np.zeros((len(case["target"]), 1))))
        case["expected_trivial"], case["errors_trivial"] = _evaluate(
            trivial, REGRESSION_METRICS, _regression_metric)
        if "weights" in case:
            repeated = _repeated(case, ["target", "estimate"])
            case["expected_weighted"], case["errors_weighted"] = _evaluate(
                repeated, REGRESSION_METRICS, _regression_metric)
    return cases


def _number_or_text(value):
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def _overflow_cases():
    cases = [
        # One prediction near the largest double: its squared error overflows.
        {"name": "huge_prediction", "target": [1.0, 2.0, 3.0, 4.0],
         "estimate": [1e300, 2.0, 3.0, 4.0]},
        # Labels whose squares overflow: r2 is inf / inf.
        {"name": "huge_labels", "target": [1e200, -1e200, 0.0], "estimate": [0.0, 0.0, 0.0]},
        # A perfect model on such labels: only the trivial baseline overflows.
        {"name": "huge_labels_perfect", "target": [1.5e154, -1.5e154, 1.5e154, -1.5e154],
         "estimate": [1.5e154, -1.5e154, 1.5e154, -1.5e154]},
    ]
    for case in cases:
        x = np.zeros((len(case["target"]), 1))
        trivial = dict(case)
        trivial["estimate"] = list(DummyRegressor(strategy="mean").fit(x, case["target"]).predict(x))
        for key, data in (("expected", case), ("expected_trivial", trivial)):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                case[key] = {name: _number_or_text(_regression_metric(name, data))
                             for name in REGRESSION_METRICS}
    return cases


def _mcnemar_cases():
    pairs = [(0, 0), (1, 0), (0, 1), (1, 1), (5, 5), (3, 10), (10, 3), (0, 20), (7, 19),
             (40, 60), (500, 450), (2000, 2100), (0, 1000), (12345, 12000)]
    cases = []
    for b, c in pairs:
        n = b + c
        formula = 1.0 if n == 0 else min(1.0, 2 * stats.binom.cdf(min(b, c), n, 0.5))
        binomtest = 1.0 if n == 0 else stats.binomtest(min(b, c), n, 0.5).pvalue
        cases.append({"b": b, "c": c, "p_value": float(formula), "binomtest_p": float(binomtest)})
    # One row-level case: codes of truth and two models' predictions.
    rng = np.random.default_rng(3)
    truth = rng.integers(0, 3, 200)
    first = np.where(rng.random(200) < 0.8, truth, rng.integers(0, 3, 200))
    second = np.where(rng.random(200) < 0.7, truth, rng.integers(0, 3, 200))
    a, s = first == truth, second == truth
    b, c = int(np.sum(a & ~s)), int(np.sum(~a & s))
    rows = {"truth": truth.tolist(), "first": first.tolist(), "second": second.tolist(),
            "b": b, "c": c, "both_correct": int(np.sum(a & s)), "both_wrong": int(np.sum(~a & ~s)),
            "p_value": float(stats.binomtest(min(b, c), b + c, 0.5).pvalue)}
    return {"pairs": cases, "rows": rows}


def _percentile_cases():
    """numpy.percentile with linear interpolation, as the bootstrap interval uses it."""
    rng = np.random.default_rng(11)
    cases = []
    for n in (1, 2, 5, 40, 2000):
        values = np.sort(np.round(rng.normal(0, 0.05, n), 6))
        qs = [0.0, 0.025, 0.05, 0.5, 0.95, 0.975, 1.0]
        cases.append({"values": values.tolist(), "q": qs,
                      "expected": [float(np.percentile(values, 100 * q)) for q in qs]})
    return cases


def _write(path, payload):
    path.write_text(json.dumps(payload, separators=(",", ":")) + "\n")
    return path


def generate(out_dir):
    out_dir = pathlib.Path(out_dir)
    written = [
        _write(out_dir / "metrics_classification.json", {"cases": _classification_cases()}),
        _write(out_dir / "metrics_regression.json",
               {"cases": _regression_cases(), "overflow_cases": _overflow_cases()}),
        _write(out_dir / "metrics_mcnemar.json", _mcnemar_cases()),
        _write(out_dir / "metrics_percentile.json", {"cases": _percentile_cases()}),
    ]
    return written
