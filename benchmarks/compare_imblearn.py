#!/usr/bin/python3
"""Times imbalanced-learn's fit_resample on a CSV (min-max scaled like ours), the best of REPEATS
runs, with N_JOBS threads for its neighbour searches (SMOTE family; RandomOverSampler has none).
Run with Debian's python3 (python3-imblearn). Usage: compare_imblearn.py CSV METHOD REPEATS N_JOBS
Prints: seconds rows_out."""
import sys
import time

import numpy as np
from imblearn.over_sampling import ADASYN, SMOTE, BorderlineSMOTE, RandomOverSampler

path, method, repeats, n_jobs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
raw = np.loadtxt(path, delimiter=",", skiprows=1)
X, y = raw[:, :-1], raw[:, -1].astype(int)
span = X.max(axis=0) - X.min(axis=0)
X = (X - X.min(axis=0)) / np.where(span > 0, span, 1)
from sklearn.neighbors import NearestNeighbors


def nn(k):
    return NearestNeighbors(n_neighbors=k + 1, n_jobs=n_jobs)


def make(random_state):
    if method == "random":
        return RandomOverSampler(random_state=random_state)
    if method == "smote":
        return SMOTE(random_state=random_state, k_neighbors=nn(5))
    if method == "borderline-smote":
        return BorderlineSMOTE(random_state=random_state, k_neighbors=nn(5), m_neighbors=nn(10))
    if method == "adasyn":
        return ADASYN(random_state=random_state, n_neighbors=nn(5))
    raise SystemExit(f"unknown method {method}")


best, rows = float("inf"), 0
for r in range(repeats):
    t0 = time.perf_counter()
    Xr, _ = make(r).fit_resample(X, y)
    best = min(best, time.perf_counter() - t0)
    rows = Xr.shape[0]
print(f"{best:.6f} {rows}")
