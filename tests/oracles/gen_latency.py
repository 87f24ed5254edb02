"""Oracle fixtures for the latency summary: nearest-rank percentiles, mean and the log-spaced
histogram of checks/serving/latency.cpp.

Called by generate.py (Debian's python3: numpy 1.24). Writes fixtures/latency_summary.json.
Nearest rank: the sample of rank ceil(p/100 * n), computed here in exact rational arithmetic.
numpy's percentile(method="inverted_cdf") defines the same statistic but multiplies in binary
floating point, so for some (p, n) -- 99.9% of 1000 samples -- it lands one rank too high; each
case records numpy's answers too ("numpy_inverted_cdf") and the ranks where the two differ.
Samples are rounded to microseconds so that ties occur.
"""
import json
import math
from fractions import Fraction

import numpy as np

PERCENTILES = [0.1, 1, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100]
BINS_PER_DECADE = 5


def _histogram(values):
    positive = [v for v in values if v > 0]
    lo, hi = min(positive), max(positive)
    first = math.floor(math.log10(lo) * BINS_PER_DECADE)
    last = math.floor(math.log10(hi) * BINS_PER_DECADE) + 1
    while 10 ** (first / BINS_PER_DECADE) > lo:
        first -= 1
    while 10 ** (last / BINS_PER_DECADE) <= hi:
        last += 1
    edges = [10 ** (k / BINS_PER_DECADE) for k in range(first, last + 1)]
    counts, _ = np.histogram(values, bins=edges)
    return edges, [int(c) for c in counts]


def _nearest_rank(sorted_values, p):
    n = len(sorted_values)
    rank = math.ceil(Fraction(str(p)) * n / 100)
    return sorted_values[max(rank, 1) - 1]


def _case(name, values):
    values = [float(v) for v in values]
    array = np.array(values)
    edges, counts = _histogram(values)
    expected = [_nearest_rank(sorted(values), p) for p in PERCENTILES]
    numpy = [float(np.percentile(array, p, method="inverted_cdf")) for p in PERCENTILES]
    return {
        "name": name,
        "latencies_ms": values,
        "percentiles": PERCENTILES,
        "expected": expected,
        "numpy_inverted_cdf": numpy,
        "numpy_differs_at": [p for p, e, v in zip(PERCENTILES, expected, numpy) if e != v],
        "mean": float(np.mean(array)),
        "histogram": {"edges_ms": edges, "counts": counts},
    }


def generate(out):
    rng = np.random.default_rng(20260123)
    cases = [
        _case("one", [4.25]),
        _case("two", [3.0, 1.5]),
        _case("three ties", [2.0, 2.0, 7.5]),
        _case("seven", np.round(rng.lognormal(0.0, 1.0, 7), 3)),
        _case("ten", np.round(rng.lognormal(1.0, 0.5, 10), 3)),
        _case("hundred", np.round(rng.lognormal(0.5, 0.8, 100), 3)),
        _case("thousand", np.round(rng.lognormal(0.0, 0.3, 1000), 3)),
        _case("thousand and one", np.round(rng.lognormal(2.0, 1.5, 1001), 3)),
        _case("many ties", np.round(rng.lognormal(0.0, 0.2, 4999), 1)),
        _case("stall", np.concatenate([np.round(rng.lognormal(-1.0, 0.3, 990), 3),
                                       np.linspace(1000.0, 1.0, 10)])),
    ]
    path = out / "latency_summary.json"
    path.write_text(json.dumps({"cases": cases}, indent=1) + "\n")
    return [path]
