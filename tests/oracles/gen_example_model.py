"""Oracle fixture for the seattle-weather example's trained models (examples/seattle-weather/train).

Called by generate.py (Debian's python3: scikit-learn 1.2, pandas 1.5, numpy 1.24). Fits the two
models the example's trainer fits, with scikit-learn's
LogisticRegression(multi_class="multinomial", C=1.0, solver="newton-cg") on the same
standardised features:
  challenger: every row of weather-2012-2013.csv; precipitation, temp_max, temp_min, wind,
              doy_sin, doy_cos (sin/cos of 2*pi*(day_of_year - 1) / days_in_year);
  champion:   the 2012 rows only; the four weather columns.
Standardisation uses the training rows' mean and population standard deviation (ddof=0, as
StandardScaler). Records, for each model on the 2015 rows: predicted labels, predict_proba,
accuracy and macro F1; and the fitted coefficients, with the intercepts shifted to sum to zero
(softmax does not see the shift; the trainer keeps that sum at zero), and the penalised objective
sum(log-loss) / n + ||W||^2 / (2 C n) at scikit-learn's solution. Writes fixtures/example_model.json.
"""
import json
import pathlib
import re

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, log_loss

C = 1.0
# lbfgs stops on a relative decrease of the objective (scipy's ftol) while its probabilities are
# still 1e-4 off the optimum; newton-cg stops on the gradient (tol bounds the largest entry of the
# summed loss's gradient), which puts the coefficients within 1e-8 of it.
SOLVER = "newton-cg"
WEATHER = ["precipitation", "temp_max", "temp_min", "wind"]
ALL = WEATHER + ["doy_sin", "doy_cos"]


def features(frame, names):
    when = pd.to_datetime(frame["date"])
    angle = 2 * np.pi * (when.dt.dayofyear - 1) / np.where(when.dt.is_leap_year, 366, 365)
    table = frame[WEATHER].astype(float).copy()
    table["doy_sin"] = np.sin(angle)
    table["doy_cos"] = np.cos(angle)
    return table[names].to_numpy()


def fit(train, test, names):
    x = features(train, names)
    mean = x.mean(axis=0)
    std = x.std(axis=0)  # ddof=0
    z = (x - mean) / std
    model = LogisticRegression(multi_class="multinomial", C=C, solver=SOLVER, tol=1e-8,
                               max_iter=100000)
    model.fit(z, train["weather"])
    n = len(train)
    objective = (log_loss(train["weather"], model.predict_proba(z), labels=model.classes_)
                 + (model.coef_ ** 2).sum() / (2 * C * n))
    zt = (features(test, names) - mean) / std
    predicted = model.predict(zt)
    proba = model.predict_proba(zt)
    return {
        "features": names,
        "training_rows": n,
        "classes": [str(c) for c in model.classes_],
        "means": mean.tolist(),
        "stds": std.tolist(),
        "intercepts": (model.intercept_ - model.intercept_.mean()).tolist(),
        "weights": model.coef_.tolist(),
        "objective": float(objective),
        "accuracy": float(accuracy_score(test["weather"], predicted)),
        "f1_macro": float(f1_score(test["weather"], predicted, average="macro")),
        "predicted": [str(p) for p in predicted],
        "proba": [[round(float(v), 10) for v in row] for row in proba],
    }


def generate(out):
    data = pathlib.Path(__file__).resolve().parents[2] / "examples" / "seattle-weather" / "data"
    train = pd.read_csv(data / "weather-2012-2013.csv")
    test = pd.read_csv(data / "weather-2015.csv")
    counts = test["weather"].value_counts()
    fixture = {
        "c": C,
        "rows_2015": len(test),
        "majority_class_2015": str(counts.index[0]),
        "majority_share_2015": float(counts.iloc[0] / len(test)),
        "challenger": fit(train, test, ALL),
        "champion": fit(train[train["date"].str.startswith("2012-")], test, WEATHER),
    }
    path = out / "example_model.json"
    # One line per innermost list keeps the file short and its diffs readable.
    text = re.sub(r"\[[^\[\]{}]*\]", lambda m: " ".join(m.group(0).split()),
                  json.dumps(fixture, indent=1))
    path.write_text(text + "\n")
    return [path]


if __name__ == "__main__":
    generate(pathlib.Path(__file__).resolve().parent / "fixtures")
