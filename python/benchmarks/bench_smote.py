#!/usr/bin/env python3
"""fit_resample time from Python, autosmote vs imbalanced-learn, on synthetic data sets.

    PYTHONPATH=build/python /usr/bin/python3 python/benchmarks/bench_smote.py [rows] [features] [threads]

`rows` and `threads` take comma lists (e.g. `100000,1000000 20 1,2`: issue 16's grid). Prints one line
per rows x sampler x threads: both times (best of 3) and their ratio, measured in this run; `threads`
is autosmote's n_jobs (imbalanced-learn runs with its defaults, timed once per rows and sampler).
"""

import sys
import time

import numpy as np
from imblearn import over_sampling as imb
from sklearn.datasets import make_classification

from autosmote import over_sampling as ours

SAMPLERS = ["SMOTE", "BorderlineSMOTE", "ADASYN"]


def best_time(sampler, X, y, repeats=3):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        sampler.fit_resample(X, y)
        times.append(time.perf_counter() - start)
    return min(times)


def int_list(text):
    return [int(part) for part in text.split(",")]


def main():
    rows_list = int_list(sys.argv[1]) if len(sys.argv) > 1 else [50000]
    features = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    threads_list = int_list(sys.argv[3]) if len(sys.argv) > 3 else [1]
    for rows in rows_list:
        X, y = make_classification(n_samples=rows, n_features=features, weights=[0.9, 0.1], random_state=0)
        X = X.astype(np.float64)
        for name in SAMPLERS:
            theirs = best_time(getattr(imb, name)(random_state=0), X, y)  # its defaults (n_jobs is deprecated)
            for threads in threads_list:
                mine = best_time(getattr(ours, name)(random_state=0, n_jobs=threads), X, y)
                print(f"{name}: {rows}x{features}, {threads} thread(s): autosmote {mine:.3f} s, "
                      f"imbalanced-learn {theirs:.3f} s, ratio {theirs / mine:.1f}x", flush=True)


if __name__ == "__main__":
    main()
