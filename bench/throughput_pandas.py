#!/usr/bin/python3
"""The throughput benchmark's gate done with pandas+scipy, the way teams do it today: the same
schema rules, drift per column (DESIGN §8 auto rule) and Pearson correlation change."""
import sys

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance


def drift(ref, cur):
    n = len(ref.dropna())
    numeric = pd.api.types.is_numeric_dtype(ref) and pd.concat([ref, cur]).nunique() > 5
    if numeric:
        r, c = ref.dropna().to_numpy(), cur.dropna().to_numpy()
        if n <= 1000:
            return stats.ks_2samp(r, c).pvalue < 0.05
        return stats.wasserstein_distance(r, c) / max(np.std(r, ddof=1), 0.001) >= 0.1
    rc, cc = ref.astype(str).value_counts(), cur.astype(str).value_counts()
    cats = sorted(set(rc.index) | set(cc.index))
    r = np.array([rc.get(k, 0) for k in cats], float)
    c = np.array([cc.get(k, 0) for k in cats], float)
    if n <= 1000:
        return stats.chi2_contingency(np.vstack([r, c]), correction=False)[1] < 0.05
    return distance.jensenshannon(r / r.sum(), c / c.sum(), base=2) >= 0.1


def main(ref_path, cur_path):
    ref, cur = pd.read_csv(ref_path), pd.read_csv(cur_path)
    problems = 0
    for col in ["f1", "f5", "f9"]:
        problems += int((cur[col] < 0).sum())
    for col in ["f2", "f6", "f10"]:
        problems += int(((cur[col] < 0) | (cur[col] > 2000)).sum())
    problems += int((~cur["color"].isin(["red", "green", "blue", "amber", "violet"])).sum())
    problems += int(((cur["score"] < 0) | (cur["score"] > 1)).sum())
    drifted = [col for col in ref.columns if drift(ref[col], cur[col])]
    num = [c for c in ref.columns if pd.api.types.is_numeric_dtype(ref[c])]
    change = (ref[num].corr() - cur[num].corr()).abs()
    print(f"schema problems {problems}, drifted {len(drifted)}, max corr change {change.max().max():.4f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
