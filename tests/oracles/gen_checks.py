"""Oracle fixtures for the data check kinds (drift, distribution, correlation), end to end: real
CSV files in, the numbers each check must report out, computed by numpy 1.24 / scipy 1.10 /
pandas 1.5 from the files themselves (read back as text, so both sides parse the same digits).

Also writes the small synthetic CSVs the cases use under tests/data/data_checks/ (deterministic:
numpy's seeded generator, values rounded to 4 decimals so their text is short and exact).

Each case names its datasets (paths from the repository root), the check's options as a YAML
flow mapping, an optional memory budget, and the results expected: subject, statistic,
observed, p_value (tests), outcome, and for some the p-value method.
"""
import json
import math
import pathlib

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
DATA = "tests/data/data_checks"
WEATHER = "examples/seattle-weather/data"
NULLS = ["", "NA"]


def num(x):
    x = float(x)
    return x if math.isfinite(x) else None


# ---------------------------------------------------------------- synthetic data

def write_synthetic():
    """Reference (300 rows) and current (200 rows) with every column shape the checks meet."""
    rng = np.random.default_rng(20240607)
    out = REPO / DATA
    out.mkdir(parents=True, exist_ok=True)

    def frame(n, current):
        x = rng.normal(0.4 if current else 0.0, 1.2 if current else 1.0, n)
        y = (-0.5 if current else 2.0) * x + rng.normal(0, 1.0 if current else 0.5, n)
        churn = (rng.random(n) < (0.35 if current else 0.2)).astype(int)
        cols = {
            "day": [f"2020-{1 + (i // 28) % 12:02d}-{1 + i % 28:02d}" for i in range(n)],
            "x": [f"{v:.4f}" for v in x],
            "y": [f"{v:.4f}" for v in y],
            "count": rng.poisson(6 if current else 5, n).astype(str),
            "grade": rng.choice(["1", "2", "3", "4"], n,
                                p=[0.25] * 4 if current else [0.1, 0.2, 0.3, 0.4]),
            "color": rng.choice(["red", "green", "blue", "purple"] if current else
                                ["red", "green", "blue"], n,
                                p=[0.3, 0.3, 0.3, 0.1] if current else [0.4, 0.3, 0.3]),
            "tier": rng.choice(["gold", "silver"], n, p=[0.7, 0.3]) if current else ["gold"] * n,
            "churn": churn.astype(str),
            "leak": [f"{v:.4f}" for v in churn + rng.normal(0, 0.05, n)],
            "noise": [f"{v:.4f}" for v in rng.normal(10, 2, n)],
            "twin": [f"{2 * float(f'{v:.4f}') + 1:.4f}" for v in x],
            "const": ["5"] * n,
            "sparse": [f"{v:.1f}" if (not current and i % 10 == 0) else "NA"
                       for i, v in enumerate(rng.normal(0, 1, n))],
            "empty": [""] * n,
        }
        df = pd.DataFrame(cols)
        # A few missing values in x (and so in twin) keep pairwise-complete rows honest.
        for i in range(3, n, 37):
            df.loc[i, "x"] = "NA"
            df.loc[i, "twin"] = "NA"
        if current:
            df["only_cur"] = [str(i % 3) for i in range(n)]
        else:
            df["only_ref"] = [str(i % 3) for i in range(n)]
        return df

    ref = frame(300, False)
    cur = frame(200, True)
    ref.to_csv(out / "small_ref.csv", index=False)
    cur.to_csv(out / "small_cur.csv", index=False)
    return [out / "small_ref.csv", out / "small_cur.csv"]


# ---------------------------------------------------------------- reading as mlgate does

def read_text(path):
    return pd.read_csv(REPO / path, dtype=str, keep_default_na=False, na_values=NULLS)


def read_numbers(path):
    return pd.read_csv(REPO / path, keep_default_na=False, na_values=NULLS,
                       float_precision="round_trip")


def numeric_dtype(series):
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


# ---------------------------------------------------------------- drift, independently of C++

def psi(r, c):
    r = np.maximum(np.asarray(r, dtype=float), 1e-4)
    c = np.maximum(np.asarray(c, dtype=float), 1e-4)
    return float(np.sum((c - r) * np.log(c / r)))


def quantile_bins(ref, cur, bins):
    edges = np.unique(np.quantile(ref, [i / bins for i in range(1, bins)]))
    cuts = np.concatenate([[-np.inf], edges, [np.inf]])
    nbins = len(cuts) - 1
    rc = np.bincount(pd.cut(ref, cuts, right=True, labels=False), minlength=nbins)
    cc = np.bincount(pd.cut(cur, cuts, right=True, labels=False), minlength=nbins)
    return edges, rc, cc


def drift_column(ref_n, cur_n, ref_t, cur_t, column, method, threshold=None, bins=10,
                 normed=True):
    """The result mlgate's drift check must give for one column."""
    rn, cn = ref_n[column].dropna(), cur_n[column].dropna()
    rt, ct = ref_t[column].dropna(), cur_t[column].dropna()
    numeric_type = numeric_dtype(ref_n[column]) and numeric_dtype(cur_n[column])
    distinct = pd.concat([rt, ct]).nunique()
    numeric = numeric_type and distinct > 5
    out = {"subject": column}
    if method in ("auto", "psi", "js"):
        out["distinct"] = int(distinct)  # the count that decides numeric or categorical
    if method == "auto":
        n = len(rt)
        if numeric:
            method = "ks" if n <= 1000 else "wasserstein"
        elif n <= 1000:
            method = "z" if distinct == 2 else "chi2"
        else:
            method = "js"
        normed = True
    if method in ("ks", "wasserstein"):
        numeric = True
    if method in ("chi2", "z", "linf"):
        numeric = False
    p = None
    if numeric:
        ref, cur = rn.to_numpy(dtype=float), cn.to_numpy(dtype=float)
        if method == "ks":
            res = stats.ks_2samp(ref, cur, method="auto")
            value, p = res.statistic, res.pvalue
            out["p_value_method"] = "exact" if max(len(ref), len(cur)) <= 10000 else "asymptotic"
        elif method == "wasserstein":
            value = stats.wasserstein_distance(ref, cur)
            if normed:
                value /= max(np.std(ref, ddof=1), 0.001)
        else:
            edges, rc, cc = quantile_bins(ref, cur, bins)
            rp, cp = rc / rc.sum(), cc / cc.sum()
            value = psi(rp, cp) if method == "psi" else distance.jensenshannon(rp, cp, base=2)
            out["bins"] = len(edges) + 1
            out["reference_counts"] = [int(v) for v in rc]
            out["current_counts"] = [int(v) for v in cc]
    else:
        cats = sorted(set(rt) | set(ct))
        rc = np.array([int((rt == k).sum()) for k in cats])
        cc = np.array([int((ct == k).sum()) for k in cats])
        if method == "chi2":
            res = stats.chi2_contingency(np.array([rc, cc]), correction=False)
            value, p = res[0], res[1]
        elif method == "z":
            assert len(cats) == 2
            n1, n2 = rc.sum(), cc.sum()
            p1, p2 = rc[0] / n1, cc[0] / n2
            pooled = (rc[0] + cc[0]) / (n1 + n2)
            value = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
            p = 2 * stats.norm.sf(abs(value))
        else:
            rp, cp = rc / rc.sum(), cc / cc.sum()
            if method == "psi":
                value = psi(rp, cp)
            elif method == "js":
                value = distance.jensenshannon(rp, cp, base=2)
            else:
                value = float(np.max(np.abs(rp - cp)))
        out["categories"] = len(cats)
    statistic = method
    if method == "wasserstein":
        statistic = "wasserstein_normed" if normed else "wasserstein"
    defaults = {"ks": 0.05, "chi2": 0.05, "z": 0.05, "psi": 0.2, "js": 0.1, "wasserstein": 0.1,
                "linf": 0.1}
    t = defaults[method] if threshold is None else threshold
    out.update({"statistic": statistic, "observed": num(value), "threshold": t,
                "kind": "numeric" if numeric else "categorical"})
    if p is not None:
        out["p_value"] = num(p)
        out["outcome"] = "pass" if p >= t else "fail"
    else:
        out["outcome"] = "pass" if value < t else "fail"
    return out


def drift_case(name, ref_path, cur_path, options, columns, methods=None, thresholds=None,
               bins=10, normed=True, memory_budget=None):
    ref_n, cur_n = read_numbers(ref_path), read_numbers(cur_path)
    ref_t, cur_t = read_text(ref_path), read_text(cur_path)
    expected = []
    for c in columns:
        method = (methods or {}).get(c, options.get("method", "auto"))
        threshold = (thresholds or {}).get(c, options.get("threshold"))
        expected.append(drift_column(ref_n, cur_n, ref_t, cur_t, c, method, threshold, bins,
                                     normed))
    case = {"name": name, "datasets": {"ref": ref_path, "cur": cur_path},
            "check": "kind: drift, reference: ref, current: cur, " + options_yaml(options),
            "expected": expected}
    if memory_budget is not None:
        case["memory_budget"] = memory_budget
    return case


def options_yaml(options):
    return ", ".join(f"{k}: {v}" for k, v in options.items())


def drift_cases():
    small_ref, small_cur = f"{WEATHER}/weather-2012-2013.csv", f"{WEATHER}/weather-2015.csv"
    full = f"{WEATHER}/seattle-weather.csv"
    weather = ["precipitation", "temp_max", "temp_min", "wind", "weather"]
    syn_ref, syn_cur = f"{DATA}/small_ref.csv", f"{DATA}/small_cur.csv"
    cases = [
        # 731 reference rows: KS for numbers, chi-square for the label.
        drift_case("weather_auto_small_reference", small_ref, small_cur,
                   {"columns": "[" + ", ".join(weather) + "]"}, weather),
        # 1461 reference rows: normed Wasserstein and Jensen-Shannon.
        drift_case("weather_auto_large_reference", full, small_cur, {}, weather),
        drift_case("weather_psi", small_ref, small_cur,
                   {"method": "psi", "columns": "[temp_max, wind, weather]"},
                   ["temp_max", "wind", "weather"]),
        drift_case("weather_js_bins_20", small_ref, small_cur,
                   {"method": "js", "bins": 20, "columns": "[temp_min, precipitation]"},
                   ["temp_min", "precipitation"], bins=20),
        drift_case("weather_wasserstein_raw", small_ref, small_cur,
                   {"method": "wasserstein", "normed": "false", "threshold": 1.5,
                    "columns": "[temp_max, wind]"},
                   ["temp_max", "wind"], normed=False),
        drift_case("weather_linf", small_ref, small_cur,
                   {"columns": "[weather]", "method": "linf"}, ["weather"]),
        drift_case("weather_ks_large", full, small_cur,
                   {"method": "ks", "columns": "[temp_max, wind]"}, ["temp_max", "wind"]),
        drift_case("synthetic_auto", syn_ref, syn_cur,
                   {"columns": "[x, y, count, grade, color, tier, churn, const]"},
                   ["x", "y", "count", "grade", "color", "tier", "churn", "const"]),
        drift_case("synthetic_per_column", syn_ref, syn_cur,
                   {"columns": "[x, color, grade, count]",
                    "per_column": "{ x: { method: psi, threshold: 0.25 }, color: { method: js }, "
                                  "grade: { threshold: 0.001 }, count: { method: wasserstein } }"},
                   ["x", "color", "grade", "count"],
                   methods={"x": "psi", "color": "js", "count": "wasserstein"},
                   thresholds={"x": 0.25, "grade": 0.001}),
        drift_case("synthetic_categorical_psi", syn_ref, syn_cur,
                   {"method": "psi", "columns": "[color, churn]"}, ["color", "churn"]),
    ]
    # Bonferroni over three KS tests: y (p = 0.019) and count (p = 0.026) drift at 0.05 but not
    # at 0.05 / 3.
    c = drift_case("synthetic_bonferroni", syn_ref, syn_cur,
                   {"columns": "[x, y, count]", "correction": "bonferroni"},
                   ["x", "y", "count"])
    for e in c["expected"]:
        e["threshold"] = 0.05 / 3
        e["outcome"] = "pass" if e["p_value"] >= 0.05 / 3 else "fail"
    cases.append(c)
    # Sketch mode: a tiny memory budget turns values into KLL sketches; results then agree with
    # the exact oracle within their reported error bounds.
    cases.append(drift_case("weather_sketch", full, small_cur,
                            {"columns": "[temp_max, wind]", "method": "ks"},
                            ["temp_max", "wind"], memory_budget=1))
    cases.append(drift_case("weather_sketch_wasserstein", full, small_cur,
                            {"columns": "[temp_max, wind]"}, ["temp_max", "wind"],
                            memory_budget=1))
    return cases


# ---------------------------------------------------------------- distribution

def distribution_cases():
    path = f"{WEATHER}/weather-2015.csv"
    nums, text = read_numbers(path), read_text(path)
    out = []
    for column in ["temp_max", "wind", "precipitation"]:
        v = nums[column].dropna().to_numpy(dtype=float)
        qs = [0.05, 0.5, 0.9]
        out.append({"name": f"weather_{column}", "dataset": path, "column": column,
                    "mean": num(v.mean()), "std": num(np.std(v, ddof=1)), "min": num(v.min()),
                    "max": num(v.max()),
                    "quantiles": {str(q): num(np.quantile(v, q)) for q in qs},
                    "null_share": num(nums[column].isna().mean())})
    # 1461 values: more than the profiler's sketch keeps exactly (k = 1000).
    full = f"{WEATHER}/seattle-weather.csv"
    v = read_numbers(full)["temp_max"].dropna().to_numpy(dtype=float)
    out.append({"name": "weather_full_temp_max", "dataset": full, "column": "temp_max",
                "mean": num(v.mean()), "std": num(np.std(v, ddof=1)), "min": num(v.min()),
                "max": num(v.max()),
                "quantiles": {str(q): num(np.quantile(v, q)) for q in [0.1, 0.5, 0.9, 0.99]},
                "null_share": 0.0})
    shares = text["weather"].dropna().value_counts(normalize=True)
    out.append({"name": "weather_label_shares", "dataset": path, "column": "weather",
                "shares": {k: num(v) for k, v in sorted(shares.items())},
                "null_share": num(text["weather"].isna().mean())})
    syn = f"{DATA}/small_ref.csv"
    nums, text = read_numbers(syn), read_text(syn)
    v = nums["x"].dropna().to_numpy(dtype=float)
    out.append({"name": "synthetic_x_with_nulls", "dataset": syn, "column": "x",
                "mean": num(v.mean()), "std": num(np.std(v, ddof=1)), "min": num(v.min()),
                "max": num(v.max()), "quantiles": {"0.25": num(np.quantile(v, 0.25))},
                "null_share": num(nums["x"].isna().mean())})
    shares = text["color"].dropna().value_counts(normalize=True)
    out.append({"name": "synthetic_color", "dataset": syn, "column": "color",
                "shares": {k: num(v) for k, v in sorted(shares.items())},
                "null_share": 0.0})
    return out


# ---------------------------------------------------------------- correlation

def corr_matrix(path, columns, method):
    df = read_numbers(path)[columns].astype(float)
    m = df.corr(method=method)
    return {f"{a}|{b}": num(m.loc[a, b]) for i, a in enumerate(columns)
            for b in columns[i + 1:]}


def correlation_cases():
    small_ref, small_cur = f"{WEATHER}/weather-2012-2013.csv", f"{WEATHER}/weather-2015.csv"
    weather = ["precipitation", "temp_max", "temp_min", "wind"]
    syn_ref, syn_cur = f"{DATA}/small_ref.csv", f"{DATA}/small_cur.csv"
    syn = ["x", "y", "count", "leak", "noise", "twin"]
    out = []
    for method in ["pearson", "spearman"]:
        out.append({"name": f"weather_{method}", "reference": small_ref, "current": small_cur,
                    "columns": weather, "method": method,
                    "reference_corr": corr_matrix(small_ref, weather, method),
                    "current_corr": corr_matrix(small_cur, weather, method)})
        out.append({"name": f"synthetic_{method}", "reference": syn_ref, "current": syn_cur,
                    "columns": syn + ["churn"], "method": method,
                    "reference_corr": corr_matrix(syn_ref, syn + ["churn"], method),
                    "current_corr": corr_matrix(syn_cur, syn + ["churn"], method)})
    return out


def generate(out):
    written = write_synthetic()
    files = {
        "checks_drift.json": {"cases": drift_cases()},
        "checks_distribution.json": {"cases": distribution_cases()},
        "checks_correlation.json": {"cases": correlation_cases()},
    }
    for name, content in files.items():
        path = out / name
        path.write_text(json.dumps(content, indent=1, sort_keys=True) + "\n")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in generate(HERE / "fixtures"):
        print(p)
