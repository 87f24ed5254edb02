"""Oracle fixtures for checks/stats: quantiles, KS, chi-square, z-test, PSI, Jensen-Shannon,
Wasserstein, L-infinity, Pearson and Spearman, computed by numpy 1.24 / scipy 1.10 / pandas 1.5.

Small samples are stored inline. Large samples (the asymptotic KS regime needs more than 10000
values) are stored as a generator spec that the C++ tests expand with the same arithmetic
(`expand` below): a MINSTD Lehmer generator and transforms built only from +, -, *, / and floor,
which IEEE 754 rounds identically in Python and C++. Each spec carries the sum and the first
values of its expansion so the tests can prove they regenerated the same sample.

NaN and infinities are written as null (JSON has no NaN).
"""
import json
import math
import pathlib

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance
from scipy.stats import _stats_py

MODULUS = 2147483647
MULTIPLIER = 48271


def uniforms(seed, count):
    """count values in (0, 1): state <- 48271 * state mod (2^31 - 1), u = state / (2^31 - 1)."""
    state = seed
    out = []
    for _ in range(count):
        state = (MULTIPLIER * state) % MODULUS
        out.append(state / MODULUS)
    return out


def expand(spec):
    """The sample a spec stands for. Keep in step with Expand() in the C++ tests."""
    n, kind = spec["n"], spec["kind"]
    loc, scale = spec.get("loc", 0.0), spec.get("scale", 1.0)
    per_value = 4 if kind == "normalish" else 1
    u = uniforms(spec["seed"], n * per_value)
    out = []
    for i in range(n):
        if kind == "uniform":
            t = u[i]
        elif kind == "normalish":  # Irwin-Hall(4) centred: bell-shaped, variance 1/3
            t = u[4 * i] + u[4 * i + 1] + u[4 * i + 2] + u[4 * i + 3] - 2.0
        elif kind == "cube":  # right-skewed on (0, 1)
            t = u[i] * u[i] * u[i]
        elif kind == "pareto":  # heavy right tail: 1/u - 1 on (0, 2^31)
            t = 1.0 / u[i] - 1.0
        elif kind == "ties":  # integers 0 .. levels-1
            t = float(math.floor(u[i] * spec["levels"]))
        else:
            raise ValueError(kind)
        out.append(loc + scale * t)
    return out


def spec(n, seed, kind, loc=0.0, scale=1.0, levels=None):
    s = {"n": n, "seed": seed, "kind": kind, "loc": loc, "scale": scale}
    if levels is not None:
        s["levels"] = levels
    values = expand(s)
    s["check_sum"] = float(math.fsum(values))
    s["check_first"] = values[:3]
    return s


def sample(s):
    """A sample given inline (list) or as a spec (dict)."""
    return list(s) if isinstance(s, list) else expand(s)


def num(x):
    x = float(x)
    return x if math.isfinite(x) else None


# ---------------------------------------------------------------- quantiles

def quantile_cases():
    arrays = [
        [5.0],
        [1.0, 2.0],
        [3.0, 1.0, 2.0, 10.0, -4.0],
        [0.1 * i for i in range(11)],
        [1.0, 1.0, 1.0, 2.0, 2.0, 7.5, 7.5, 7.5, 7.5, 100.0],
        sample(spec(257, 11, "pareto")),
        sample(spec(1000, 12, "normalish", loc=3.0, scale=0.001)),
        [-1e300, -1.0, 0.0, 1e-300, 1e300],
    ]
    qs = [0.0, 1.0, 0.5, 0.25, 0.75, 0.1, 0.9, 1 / 3, 2 / 3, 0.999, 0.001] + [i / 10 for i in range(1, 10)]
    cases = []
    for a in arrays:
        srt = sorted(a)
        cases.append({"values": srt, "qs": qs,
                      "expected": [num(v) for v in np.quantile(np.array(srt), qs)]})
    return {"cases": cases}


# ---------------------------------------------------------------- KS

def ks_case(name, ref, cur):
    a, b = sample(ref), sample(cur)
    r = stats.ks_2samp(a, b, method="auto")
    exact = max(len(a), len(b)) <= 10000
    return {"name": name, "reference": ref, "current": cur, "statistic": num(r.statistic),
            "p_value": num(r.pvalue), "method": "exact" if exact else "asymptotic",
            "location": num(r.statistic_location), "sign": int(r.statistic_sign)}


def ks_cases():
    c = []
    c.append(ks_case("tiny", [1.0, 2.0, 3.0], [1.5, 2.5, 3.5, 4.5]))
    c.append(ks_case("one_each_apart", [1.0], [2.0]))
    c.append(ks_case("one_each_equal", [1.0], [1.0]))
    c.append(ks_case("identical", [1.0, 2.0, 2.0, 3.0, 9.0], [1.0, 2.0, 2.0, 3.0, 9.0]))
    c.append(ks_case("one_vs_fifty", [0.5], sample(spec(50, 3, "uniform"))))
    c.append(ks_case("constant_vs_varied", [2.0] * 40, sample(spec(35, 4, "uniform", loc=1.5))))
    c.append(ks_case("both_constant_different", [2.0] * 7, [3.0] * 9))
    c.append(ks_case("heavy_ties", sample(spec(50, 5, "ties", levels=5)),
                     sample(spec(60, 6, "ties", levels=5))))
    c.append(ks_case("equal_sizes_shift", sample(spec(200, 7, "normalish")),
                     sample(spec(200, 8, "normalish", loc=0.2))))
    c.append(ks_case("unequal_gcd", sample(spec(300, 9, "cube")), sample(spec(450, 10, "cube"))))
    c.append(ks_case("coprime", sample(spec(997, 13, "normalish")),
                     sample(spec(1000, 14, "normalish", scale=1.1))))
    c.append(ks_case("skewed_vs_uniform", sample(spec(120, 15, "cube")),
                     sample(spec(130, 16, "uniform"))))
    c.append(ks_case("heavy_tail", sample(spec(400, 17, "pareto")),
                     sample(spec(350, 18, "pareto", scale=1.3))))
    c.append(ks_case("far_apart", sample(spec(80, 19, "uniform")),
                     sample(spec(90, 20, "uniform", loc=5.0))))
    # The exact method at its size limit (stored as specs to keep the fixture small).
    c.append(ks_case("exact_limit_unequal", spec(10000, 21, "normalish"),
                     spec(9999, 22, "normalish", loc=0.03)))
    c.append(ks_case("exact_limit_equal", spec(10000, 23, "uniform"),
                     spec(10000, 24, "uniform", loc=0.01)))
    # Asymptotic: kstwo at en = round(n1 n2 / (n1 + n2)), covering its method branches.
    c.append(ks_case("asymp_tiny_en", spec(10001, 25, "normalish"), spec(5, 26, "normalish", loc=0.5)))
    c.append(ks_case("asymp_en_293", spec(12000, 27, "normalish"), spec(300, 28, "normalish", loc=0.1)))
    c.append(ks_case("asymp_small_shift", spec(20000, 29, "normalish"),
                     spec(15000, 30, "normalish", loc=0.01)))
    c.append(ks_case("asymp_moderate_shift", spec(20000, 31, "normalish"),
                     spec(15000, 32, "normalish", loc=0.04)))
    c.append(ks_case("asymp_far", spec(50000, 33, "cube"), spec(40000, 34, "uniform")))
    c.append(ks_case("asymp_pelz_good", spec(300000, 35, "normalish"),
                     spec(300000, 36, "normalish", loc=0.004)))
    c.append(ks_case("asymp_ties_heavy_tail", spec(15000, 37, "ties", levels=20),
                     spec(11000, 38, "ties", levels=21)))
    return c


def exact_grid():
    """scipy's exact two-sided p-value for lattice values d = h / lcm(n1, n2)."""
    rng = np.random.default_rng(2024)
    out = []
    pairs = [(1, 1), (1, 2), (2, 3), (5, 5), (7, 3), (10, 10), (13, 17), (50, 50), (64, 48),
             (100, 150), (333, 334), (500, 500), (1000, 999), (2000, 3000), (4096, 1024)]
    for n1, n2 in pairs:
        g = math.gcd(n1, n2)
        lcm = n1 // g * n2
        for h in sorted(set(int(x) for x in rng.integers(1, lcm + 1, size=6)) | {1, lcm}):
            d = h / lcm
            ok, d2, p = _stats_py._attempt_exact_2kssamp(n1, n2, g, d, "two-sided")
            out.append({"n1": n1, "n2": n2, "d": d, "ok": bool(ok), "p": num(p)})
    return out


def kstwo_grid():
    ns = [1, 2, 3, 5, 10, 50, 140, 141, 500, 1000, 5000, 100000, 100001, 300000]
    out = []
    for n in ns:
        xs = {0.0, 0.25 / n, 0.75 / n, 1.0 / n, 1.5 / n, 1 - 1.0 / n, 1 - 0.5 / n, 0.5, 0.6, 0.99, 1.0}
        for nx2 in [0.1, 0.5, 0.754, 0.76, 1.0, 2.0, 2.19, 2.21, 3.9, 4.1, 10.0, 17.9, 18.1, 100.0,
                    369.0, 371.0]:
            xs.add(math.sqrt(nx2 / n))
        for x in sorted(xs):
            if x > 1.0:
                continue
            out.append({"n": n, "x": x, "sf": num(stats.kstwo.sf(x, n)),
                        "cdf": num(stats.kstwo.cdf(x, n))})
    return out


def kstwobign_grid():
    xs = [0.0, 0.03, 0.0406, 0.05, 0.1, 0.3, 0.5, 0.8, 0.82, 0.83, 1.0, 1.36, 2.0, 3.0, 5.0, 10.0]
    return [{"x": x, "sf": num(stats.kstwobign.sf(x))} for x in xs]


def smirnov_grid():
    from scipy import special
    out = []
    for n in [1, 2, 5, 10, 100, 1012, 1013, 5000, 100000]:
        for x in [0.0, 0.001, 0.01, 0.05, 0.1, 0.3, 0.5, 0.9, 1.0]:
            out.append({"n": n, "x": x, "sf": num(special.smirnov(n, x))})
    return out


# ---------------------------------------------------------------- contingency

def chi2_cases():
    tables = [
        ("two_categories", [30, 70], [45, 55]),
        ("three_categories", [10, 20, 30], [15, 15, 30]),
        ("single_category", [12], [30]),
        ("one_side_only", [10, 0, 5], [0, 8, 7]),
        ("many_categories", [int(x) for x in np.arange(1, 41) * 3], [int(x) for x in (41 - np.arange(1, 41)) * 2]),
        ("large_counts", [1000000, 2500000, 7], [990000, 2600000, 40]),
        ("identical", [5, 5, 5], [5, 5, 5]),
        ("tiny", [1, 0], [0, 1]),
    ]
    out = []
    for name, r, c in tables:
        chi2, p, dof, _ = stats.chi2_contingency([r, c], correction=False)
        out.append({"name": name, "reference": r, "current": c, "statistic": num(chi2),
                    "p_value": num(p), "dof": int(dof)})
    return out


def z_cases():
    rows = [(30, 100, 45, 100), (1, 10, 9, 10), (500, 1000, 520, 1000), (3, 7, 3, 7),
            (0, 50, 5, 60), (12345, 20000, 11000, 18000), (1, 1, 0, 1)]
    out = []
    for x1, n1, x2, n2 in rows:
        p1, p2 = x1 / n1, x2 / n2
        pooled = (x1 + x2) / (n1 + n2)
        z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2))
        out.append({"x_reference": x1, "n_reference": n1, "x_current": x2, "n_current": n2,
                    "statistic": z, "p_value": num(2 * stats.norm.sf(abs(z)))})
    return out


# ---------------------------------------------------------------- PSI / JS / Wasserstein / L-inf

def psi(r, c):
    r = np.maximum(np.asarray(r, dtype=float), 1e-4)
    c = np.maximum(np.asarray(c, dtype=float), 1e-4)
    return float(np.sum((c - r) * np.log(c / r)))


def numeric_drift_case(name, ref, cur, bins):
    a, b = sample(ref), sample(cur)
    sa = np.sort(np.array(a))
    edges = np.unique(np.quantile(sa, [i / bins for i in range(1, bins)]))
    cut_bins = np.concatenate(([-np.inf], edges, [np.inf]))
    rc = pd.cut(pd.Series(a), cut_bins, right=True).value_counts(sort=False).to_numpy()
    cc = pd.cut(pd.Series(b), cut_bins, right=True).value_counts(sort=False).to_numpy()
    rp, cp = rc / rc.sum(), cc / cc.sum()
    std = np.std(np.array(a), ddof=1) if len(a) > 1 else float("nan")
    w = stats.wasserstein_distance(a, b)
    return {"name": name, "reference": ref, "current": cur, "bins": bins,
            "edges": [float(e) for e in edges], "reference_counts": [int(x) for x in rc],
            "current_counts": [int(x) for x in cc], "psi": psi(rp, cp),
            "js": num(distance.jensenshannon(rp, cp, base=2)), "wasserstein": num(w),
            "wasserstein_normed": num(w / max(std, 0.001)) if len(a) > 1 else None}


def numeric_drift_cases():
    c = []
    c.append(numeric_drift_case("normal_shift", sample(spec(500, 41, "normalish")),
                                sample(spec(400, 42, "normalish", loc=0.3)), 10))
    c.append(numeric_drift_case("same_distribution", sample(spec(800, 43, "uniform")),
                                sample(spec(700, 44, "uniform")), 10))
    c.append(numeric_drift_case("ties_duplicate_edges", sample(spec(300, 45, "ties", levels=4)),
                                sample(spec(320, 46, "ties", levels=6)), 10))
    c.append(numeric_drift_case("constant_reference", [3.0] * 50, sample(spec(60, 47, "uniform", loc=2.5)), 10))
    c.append(numeric_drift_case("skewed", sample(spec(600, 48, "cube")),
                                sample(spec(600, 49, "cube", scale=1.2)), 20))
    c.append(numeric_drift_case("heavy_tail", sample(spec(700, 50, "pareto")),
                                sample(spec(650, 51, "pareto", loc=0.5)), 10))
    c.append(numeric_drift_case("outside_range", sample(spec(200, 52, "uniform")),
                                sample(spec(150, 53, "uniform", loc=10.0)), 5))
    c.append(numeric_drift_case("one_bin", sample(spec(100, 54, "uniform")),
                                sample(spec(100, 55, "normalish")), 1))
    c.append(numeric_drift_case("single_reference_value", [1.5], [1.0, 2.0, 3.0], 10))
    c.append(numeric_drift_case("large", spec(20000, 56, "normalish"),
                                spec(15000, 57, "normalish", loc=0.05, scale=1.1), 10))
    return c


def categorical_cases():
    tables = [
        ("shift", {"a": 50, "b": 30, "c": 20}, {"a": 30, "b": 30, "c": 40}),
        ("single_category", {"x": 10}, {"x": 25}),
        ("one_side_only", {"a": 10, "b": 5}, {"b": 7, "c": 9}),
        ("two_categories", {"no": 70, "yes": 30}, {"no": 55, "yes": 45}),
        ("identical", {"p": 3, "q": 4}, {"p": 3, "q": 4}),
        ("many", {f"k{i:02d}": i + 1 for i in range(30)}, {f"k{i:02d}": 31 - i for i in range(30)}),
    ]
    out = []
    for name, r, c in tables:
        cats = sorted(set(r) | set(c))
        rc = np.array([r.get(k, 0) for k in cats], dtype=float)
        cc = np.array([c.get(k, 0) for k in cats], dtype=float)
        rp, cp = rc / rc.sum(), cc / cc.sum()
        chi2, p, dof, _ = stats.chi2_contingency([rc, cc], correction=False)
        out.append({"name": name, "reference": r, "current": c, "categories": cats,
                    "psi": psi(rp, cp), "js": num(distance.jensenshannon(rp, cp, base=2)),
                    "linf": float(np.max(np.abs(rp - cp))), "chi2": num(chi2), "chi2_p": num(p),
                    "dof": int(dof)})
    return out


def wasserstein_cases():
    pairs = [
        ("tiny", [0.0, 1.0, 3.0], [5.0, 6.0, 8.0]),
        ("weighted_ties", [1.0, 1.0, 2.0, 5.0], [1.0, 3.0, 3.0]),
        ("constant_reference", [2.0] * 10, [2.0, 2.5, 3.0]),
        ("identical", [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]),
        ("heavy_tail", sample(spec(900, 61, "pareto")), sample(spec(800, 62, "pareto", scale=0.9))),
        ("large", spec(30000, 63, "cube"), spec(12000, 64, "cube", loc=0.01)),
    ]
    out = []
    for name, r, c in pairs:
        a, b = sample(r), sample(c)
        w = stats.wasserstein_distance(a, b)
        std = np.std(np.array(a), ddof=1)
        out.append({"name": name, "reference": r, "current": c, "wasserstein": num(w),
                    "std": num(std), "wasserstein_normed": num(w / max(std, 0.001))})
    return out


# ---------------------------------------------------------------- correlation

def correlation_cases():
    nan = float("nan")
    frames = []
    frames.append(("missing_and_constant", {
        "a": [1.0, 2.0, nan, 4.0, 5.0, 6.0, 7.0, nan, 9.0, 10.0],
        "b": [2.0, 1.0, 4.0, 3.0, nan, 7.0, 6.0, 9.0, 8.0, 11.0],
        "c": [5.0] * 10,
        "d": [1.0, 1.0, 2.0, 2.0, 3.0, 3.0, nan, nan, 4.0, 4.0],
        "e": [nan] * 9 + [1.0],
        "f": [nan] * 10,
        "g": [3.0, nan, 3.0, 1.0, 3.0, 2.0, 3.0, 3.0, nan, 3.0],
    }))
    n = 400
    u = sample(spec(n, 71, "normalish"))
    v = sample(spec(n, 72, "normalish"))
    w = sample(spec(n, 73, "pareto"))
    t = sample(spec(n, 74, "ties", levels=7))
    x = [u[i] + 0.5 * v[i] for i in range(n)]
    y = [u[i] * u[i] * u[i] for i in range(n)]
    big = [1e4 + u[i] for i in range(n)]  # an offset; 1e9 would exceed pandas' own accuracy
    for i in range(0, n, 7):
        x[i] = nan
    for i in range(3, n, 11):
        w[i] = nan
    for i in range(5, n, 13):
        t[i] = nan
    frames.append(("generated", {"u": u, "v": v, "w": w, "t": t, "x": x, "y": y, "big": big}))
    out = []
    for name, cols in frames:
        df = pd.DataFrame(cols)
        out.append({"name": name, "columns": list(cols),
                    "data": [[num(val) for val in cols[k]] for k in cols],
                    "pearson": [[num(val) for val in row] for row in df.corr().to_numpy()],
                    "spearman": [[num(val) for val in row] for row in df.corr("spearman").to_numpy()]})
    return out


def write(path, payload):
    path.write_text(json.dumps(payload, allow_nan=False, separators=(",", ":")) + "\n")
    return path


def generate(out_dir):
    out_dir = pathlib.Path(out_dir)
    return [
        write(out_dir / "stats_quantile.json", quantile_cases()),
        write(out_dir / "stats_ks.json", {"cases": ks_cases(), "exact_grid": exact_grid(),
                                          "kstwo": kstwo_grid(), "kstwobign": kstwobign_grid(),
                                          "smirnov": smirnov_grid()}),
        write(out_dir / "stats_contingency.json", {"chi2": chi2_cases(), "z": z_cases()}),
        write(out_dir / "stats_divergence.json", {"numeric": numeric_drift_cases(),
                                                  "categorical": categorical_cases(),
                                                  "wasserstein": wasserstein_cases()}),
        write(out_dir / "stats_correlation.json", {"cases": correlation_cases()}),
    ]


if __name__ == "__main__":
    import sys
    for p in generate(pathlib.Path(__file__).resolve().parent / "fixtures"):
        print(p, file=sys.stderr)
