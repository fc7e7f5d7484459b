#!/usr/bin/env python3
"""fit_resample time from Python, autosmote vs imbalanced-learn at equal thread counts, with the C++
core's own time on the same data, so the binding's overhead is a measured number.

    PYTHONPATH=build/python /usr/bin/python3 python/benchmarks/bench_smote.py \\
        [--rows 100000,1000000] [--features 20] [--threads 1,2] [--minority 0.05,0.1] \\
        [--samplers SMOTE,BorderlineSMOTE,ADASYN] [--repeats N] [--cpp-timer PATH | --no-cpp-timer]

Data: scikit-learn's ``make_classification`` (two classes, ``--minority`` the minority's share),
min-max scaled to [0, 1] as ``benchmarks/compare_imblearn.sh`` and the CLI do, float64. Both
libraries run with ``threads`` threads: autosmote's ``n_jobs``; imbalanced-learn's NearestNeighbors
``n_jobs`` and numpy's BLAS / OpenMP pools (threadpoolctl's ``threadpool_limits``, which hold for
autosmote's run too). One line per rows x minority x sampler x threads, each time the best of
``--repeats`` runs (default 3, 1 at 1M rows and more), all measured in this run:

- ``python``: ``autosmote.over_sampling.<sampler>().fit_resample(X, y)``, what a user calls;
- ``binding``: the raw ``_autosmote.fit_resample`` on the same X (float64, converted by the binding)
  with the label codes and per-class targets prepared beforehand (the C++ call without the Python
  layer);
- ``c++``: ``benchmarks/resample_timer`` (the C++ sampler alone, no Python) on the same rows written to
  a CSV, when that program is found: ``--cpp-timer PATH``, else ``<build>/benchmarks/resample_timer``
  next to the imported package's build folder;
- ``imblearn``: imbalanced-learn's sampler with ``k_neighbors`` / ``m_neighbors`` / ``n_neighbors`` a
  ``NearestNeighbors(n_jobs=threads)`` of its default size.

The ratios printed are imblearn / python (the issue's figure) and python / c++ (the overhead of
everything the Python call adds to the C++ sampler). The first line names numpy's BLAS kernels:
above 15 features scikit-learn's NearestNeighbors searches by brute force through BLAS, so
imbalanced-learn's times depend on them (``OPENBLAS_CORETYPE`` overrides OpenBLAS's choice).
"""

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
from imblearn import over_sampling as imb
from sklearn.datasets import make_classification
from sklearn.neighbors import NearestNeighbors
from threadpoolctl import threadpool_info, threadpool_limits

import autosmote
from autosmote import _autosmote
from autosmote import over_sampling as ours

# imbalanced-learn name -> (autosmote registry name, its neighbour parameters and their defaults)
SAMPLERS = {
    "SMOTE": ("smote", {"k_neighbors": 5}),
    "BorderlineSMOTE": ("borderline-smote", {"k_neighbors": 5, "m_neighbors": 10}),
    "ADASYN": ("adasyn", {"n_neighbors": 5}),
}


def best_time(run, repeats):
    """The shortest of ``repeats`` wall-clock times of ``run()``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def make_data(rows, features, minority):
    """make_classification with the minority share ``minority``, min-max scaled to [0, 1]."""
    X, y = make_classification(
        n_samples=rows, n_features=features, weights=[1 - minority, minority], random_state=0
    )
    low, span = X.min(axis=0), X.max(axis=0) - X.min(axis=0)
    return (X - low) / np.where(span > 0, span, 1), y


def imblearn_sampler(name, threads):
    """imbalanced-learn's sampler whose neighbour searches use ``threads`` jobs."""
    _, neighbours = SAMPLERS[name]
    params = {key: NearestNeighbors(n_neighbors=k + 1, n_jobs=threads) for key, k in neighbours.items()}
    return getattr(imb, name)(random_state=0, **params)


def raw_binding_call(name, X, y, threads):
    """The raw ``_autosmote.fit_resample`` call for ``name`` with the inputs prepared: what the C++
    side costs through the binding without the Python layer (balancing the two classes)."""
    registry_name, neighbours = SAMPLERS[name]
    codes = y.astype(np.int64)
    counts = np.bincount(codes)
    params = {key: str(k) for key, k in neighbours.items()}
    params["sampling_strategy"] = f"0:{counts.max()}/1:{counts.max()}"
    return lambda: _autosmote.fit_resample(registry_name, params, X, codes, 2, ["0", "1"], 0, threads, [])


def find_cpp_timer(given):
    """resample_timer: ``given``, else the one in the build folder the package was imported from."""
    if given:
        return Path(given)
    candidate = Path(autosmote.__file__).resolve().parents[2] / "benchmarks" / "resample_timer"
    return candidate if candidate.is_file() and os.access(candidate, os.X_OK) else None


def cpp_time(timer, csv_path, name, threads, repeats):
    """The C++ sampler's own time (resample_timer prints: seconds rows_in rows_out)."""
    registry_name, neighbours = SAMPLERS[name]
    spec = registry_name + ":" + ",".join(f"{key}={k}" for key, k in neighbours.items())
    out = subprocess.run([str(timer), str(csv_path), spec, str(threads), str(repeats)], check=True,
                         capture_output=True, text=True).stdout
    return float(out.split()[0])


def write_csv(path, X, y):
    """X and the class column as the CLI reads them (float32 is what C++ reads; 9 digits keep it)."""
    header = ",".join([f"f{i}" for i in range(X.shape[1])] + ["class"])
    np.savetxt(path, np.column_stack([X, y]), delimiter=",", header=header, comments="", fmt="%.9g")


def comma_list(kind):
    return lambda text: [kind(part) for part in text.split(",")]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=comma_list(int), default=[100000])
    parser.add_argument("--features", type=int, default=20)
    parser.add_argument("--threads", type=comma_list(int), default=[1])
    parser.add_argument("--minority", type=comma_list(float), default=[0.05, 0.1])
    parser.add_argument("--samplers", type=comma_list(str), default=list(SAMPLERS))
    parser.add_argument("--repeats", type=int, default=None, help="runs per time (default: 3, 1 at 1M rows and more)")
    parser.add_argument("--cpp-timer", default=None, help="benchmarks/resample_timer (default: found next to the package)")
    parser.add_argument("--no-cpp-timer", action="store_true", help="skip the C++-alone timing")
    args = parser.parse_args()
    unknown = sorted(set(args.samplers) - set(SAMPLERS))
    if unknown:
        parser.error(f"unknown sampler(s) {unknown}; known: {list(SAMPLERS)}")
    return args


def bench_one(args, timer, csv_path, X, y, name, threads):
    """Times one sampler at one thread count; returns its report line."""
    repeats = args.repeats or (1 if len(X) >= 1000000 else 3)
    with threadpool_limits(limits=threads):
        python = best_time(lambda: getattr(ours, name)(random_state=0, n_jobs=threads).fit_resample(X, y), repeats)
        binding = best_time(raw_binding_call(name, X, y, threads), repeats)
        theirs = best_time(lambda: imblearn_sampler(name, threads).fit_resample(X, y), repeats)
    cpp = cpp_time(timer, csv_path, name, threads, repeats) if timer else float("nan")
    return (f"{name}: {len(X)}x{X.shape[1]}, minority {y.mean():.0%}, {threads} thread(s): python {python:.4f} s, "
            f"binding {binding:.4f} s, c++ {cpp:.4f} s, imblearn {theirs:.4f} s; "
            f"imblearn/python {theirs / python:.2f}x, python/c++ {python / cpp:.2f}")


def main():
    args = parse_args()
    timer = None if args.no_cpp_timer else find_cpp_timer(args.cpp_timer)
    blas = [pool.get("architecture") for pool in threadpool_info() if pool.get("user_api") == "blas"]
    print(f"c++ timer: {timer or 'none'}; repeats: {args.repeats or '3, 1 at 1M rows and more'}; numpy's BLAS "
          f"kernels: {', '.join(str(b) for b in blas) or 'unknown'}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            for minority in args.minority:
                X, y = make_data(rows, args.features, minority)
                csv_path = Path(tmp) / "data.csv"
                if timer:
                    write_csv(csv_path, X, y)
                for name in args.samplers:
                    for threads in args.threads:
                        print(bench_one(args, timer, csv_path, X, y, name, threads), flush=True)


if __name__ == "__main__":
    main()
