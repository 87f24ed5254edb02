"""Oracle fixture for the seattle-weather example's model server (examples/seattle-weather/serve).

Called by generate.py (Debian's python3: numpy 1.24, scipy 1.10, pandas 1.5). The server loads
the challenger the example's trainer wrote, predictions/model.json; this computes that model's
answer for every 2015 day independently of the C++ code: features from the CSV with pandas (day of
the year from pandas' calendar), standardised with the file's means and stds, scores through numpy,
probabilities through scipy's softmax. Before writing, it checks its probabilities against the
trainer's own predictions/challenger.csv (six decimals). Writes fixtures/serve_model.json with a
copy of model.json, so the test can tell when the model was retrained and this must be rerun.
"""
import json
import math
import pathlib

import numpy as np
import pandas as pd
from scipy.special import softmax

MEASUREMENTS = ["precipitation", "temp_max", "temp_min", "wind"]


def features(frame, names):
    dates = pd.to_datetime(frame["date"], format="%Y-%m-%d")
    angle = 2 * math.pi * (dates.dt.dayofyear - 1) / np.where(dates.dt.is_leap_year, 366, 365)
    columns = {name: frame[name].astype(float) for name in MEASUREMENTS}
    columns["doy_sin"] = np.sin(angle)
    columns["doy_cos"] = np.cos(angle)
    return np.column_stack([columns[name] for name in names])


def generate(out):
    example = pathlib.Path(__file__).resolve().parents[2] / "examples" / "seattle-weather"
    model = json.loads((example / "predictions" / "model.json").read_text())
    current = pd.read_csv(example / "data" / "weather-2015.csv")
    x = features(current, model["features"])
    z = (x - np.array(model["means"])) / np.array(model["stds"])
    scores = np.array(model["intercepts"]) + z @ np.array(model["weights"]).T
    proba = softmax(scores, axis=1)
    classes = model["classes"]

    trainer = pd.read_csv(example / "predictions" / "challenger.csv")
    assert (trainer["date"] == current["date"]).all()
    written = trainer[[f"p_{c}" for c in classes]].to_numpy()
    # Rounded to millionths there, with the remainder moved to keep each row's sum at 1.
    assert np.abs(written - proba).max() < 2e-6, np.abs(written - proba).max()

    cases = []
    for i, row in current.iterrows():
        request = {"date": row["date"]}
        request.update({name: float(row[name]) for name in MEASUREMENTS})
        cases.append({"request": request,
                      "weather": classes[int(np.argmax(proba[i]))],
                      "p": dict(zip(classes, map(float, proba[i])))})
    path = out / "serve_model.json"
    path.write_text(json.dumps({"model": model, "classes": classes, "cases": cases},
                               indent=1) + "\n")
    return [path]
