#!/usr/bin/env python3
"""What reading a float32 C-contiguous X in place saves: ``_autosmote.fit_resample`` (SMOTE, 1 thread)
on the same rows three ways, interleaved, best of ``--repeats`` each, in one run:

    PYTHONPATH=build/python /usr/bin/python3 python/benchmarks/bench_input_copy.py [--rows 100000] \\
        [--features 20] [--repeats 7]

- ``float32 in place``: X float32 C-contiguous, read without a copy;
- ``float32 + copy``: the same call after copying X (``np.array(X)``), the one copy the binding made
  before it borrowed the rows;
- ``float64``: X as float64, narrowed into a float32 copy by the binding (one conversion).

Data: ``make_classification`` (10% minority), min-max scaled to [0, 1].
"""

import argparse
import time

import numpy as np
from sklearn.datasets import make_classification

from autosmote import _autosmote


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--features", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    x, y = make_classification(
        n_samples=args.rows, n_features=args.features, n_informative=args.features // 2, weights=[0.9], random_state=0
    )
    x = (x - x.min(axis=0)) / (x.max(axis=0) - x.min(axis=0))
    x32, x64, codes = np.ascontiguousarray(x, dtype=np.float32), x.astype(np.float64), y.astype(np.int64)
    assert _autosmote._input_rows_address(x32) == x32.__array_interface__["data"][0]

    def call(matrix):
        return _autosmote.fit_resample("smote", {}, matrix, codes, 2, [], 0, 1)

    ways = {
        "float32 in place": lambda: call(x32),
        "float32 + copy": lambda: call(np.array(x32)),
        "float64": lambda: call(x64),
    }
    best = {name: float("inf") for name in ways}
    for _ in range(args.repeats):
        for name, run in ways.items():
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(args.repeats):
        np.array(x32)
    copy_ms = (time.perf_counter() - start) / args.repeats * 1000
    print(f"{args.rows} x {args.features}, X float32 {x32.nbytes / 1e6:.1f} MB, one copy of it {copy_ms:.2f} ms")
    for name, seconds in best.items():
        print(f"{name:18s} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
