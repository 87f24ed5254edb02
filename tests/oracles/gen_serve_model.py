"""Oracle fixture for the seattle-weather example's fixed model (examples/seattle-weather/serve).

Called by generate.py (Debian's python3: scikit-learn 1.2, pandas 1.5). Refits the model the
server hard-codes -- LogisticRegression(max_iter=5000) on weather-2012-2013.csv with features
[precipitation, temp_max, temp_min, wind] -- and records predict_proba and predict on the 2015
rows. Writes fixtures/serve_model.json.
"""
import json
import pathlib

import pandas as pd
from sklearn.linear_model import LogisticRegression

FEATURES = ["precipitation", "temp_max", "temp_min", "wind"]


def generate(out):
    data = pathlib.Path(__file__).resolve().parents[2] / "examples" / "seattle-weather" / "data"
    reference = pd.read_csv(data / "weather-2012-2013.csv")
    current = pd.read_csv(data / "weather-2015.csv")
    model = LogisticRegression(max_iter=5000).fit(reference[FEATURES].values, reference["weather"])
    rows = current[FEATURES].values
    proba = model.predict_proba(rows)
    cases = [
        {"features": dict(zip(FEATURES, map(float, row))),
         "weather": str(label),
         "p": dict(zip(map(str, model.classes_), map(float, p)))}
        for row, label, p in zip(rows, model.predict(rows), proba)
    ]
    path = out / "serve_model.json"
    path.write_text(json.dumps({"classes": list(map(str, model.classes_)), "cases": cases},
                               indent=1) + "\n")
    return [path]
