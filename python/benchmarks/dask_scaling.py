"""Scaling and overhead of ``python3 -m autosmote.distributed`` (issue 17, docs/distributed.md).

    PYTHONPATH=build/python /usr/bin/python3 python/benchmarks/dask_scaling.py [--autosmote build/autosmote]

Measures, in one run, the wall time of whole commands (cluster start, planning and report included):
1. scaling: one grid on a LocalCluster of 1 worker vs 2 workers (and --max-workers when larger), also
   the time from the first task to the last result (the driver's final "s elapsed"), and as the
   machine's own figure the same grid under ``autosmote bench --jobs 1`` vs ``--jobs 2``;
2. overhead: a grid of 200 tiny cells (mlp:epochs=1 on 200-row synthetic data) on 2 Dask workers vs
   ``autosmote bench --jobs 2``. Prints each time and the ratios.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

def scaling_flags(datasets, seeds):
    """The scaling grid: `datasets` synthetic data sets x 4 samplers x seeds 0..seeds-1 (mlp, 200 epochs)."""
    data = ",".join(f"synthetic:n=2000,d=10,weights=0.9/0.1,seed={i + 1}" for i in range(datasets))
    return ["--data", data, "--models", "mlp:epochs=200", "--samplers", "none,smote,random,adasyn",
            "--seeds", f"0-{seeds - 1}"]  # fmt: skip


# 20 datasets x 10 samplers x 1 seed = 200 cells of a fraction of a second each.
TINY_DATA = ",".join(f"synthetic:n=200,d=5,weights=0.8/0.2,seed={i}" for i in range(20))
TINY_SAMPLERS = ",".join(f"smote:k_neighbors={k}" for k in range(1, 11))
OVERHEAD_FLAGS = ["--data", TINY_DATA, "--models", "mlp:epochs=1", "--samplers", TINY_SAMPLERS, "--seeds", "0"]


def timed(command):
    """Seconds the command took, and its stderr; exits on its failure."""
    start = time.perf_counter()
    done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode != 0:
        sys.exit(f"error: {' '.join(command[:6])} ... failed: {done.stderr.decode()[-500:]}")
    return time.perf_counter() - start, done.stderr.decode()


def on_dask(autosmote, workers, flags, out):
    """The driver's whole time on a LocalCluster of `workers`, and its cells' time (first task to last result)."""
    driver = [sys.executable, "-m", "autosmote.distributed", "--autosmote", autosmote, "--local", str(workers)]
    seconds, stderr = timed([*driver, *flags, "--out", out])
    return seconds, float(re.findall(r"runs done, \d+ failed, ([0-9.]+)s elapsed", stderr)[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--autosmote", default="build/autosmote", help="the autosmote executable")
    parser.add_argument("--max-workers", type=int, default=2, help="also time this many workers when above 2")
    parser.add_argument("--datasets", type=int, default=2, help="data sets of the scaling grid (x 4 samplers)")
    parser.add_argument("--seeds", type=int, default=4, help="seeds per cell of the scaling grid")
    args = parser.parse_args()
    autosmote = os.path.abspath(args.autosmote)
    scaling = scaling_flags(args.datasets, args.seeds)
    grid = f"{args.datasets * 4 * args.seeds} runs, {args.datasets * 4} cells"
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the start")
    with tempfile.TemporaryDirectory(prefix="autosmote-dask-bench-") as tmp:
        whole, cells = {}, {}
        for workers in sorted({1, 2, max(2, args.max_workers)}):
            whole[workers], cells[workers] = on_dask(autosmote, workers, scaling, f"{tmp}/scaling-{workers}")
            speed_up = f"; speed-up over 1 worker {whole[1] / whole[workers]:.2f}x"
            speed_up += f" (cells {cells[1] / cells[workers]:.2f}x)"
            print(f"scaling grid ({grid}), {workers} worker(s): {whole[workers]:.1f} s, cells "
                  f"{cells[workers]:.1f} s" + (speed_up if workers > 1 else ""), flush=True)
        bench_1, _ = timed([autosmote, "bench", *scaling, "--jobs", "1", "--threads", "1", "--out", f"{tmp}/j1"])
        bench_2, _ = timed([autosmote, "bench", *scaling, "--jobs", "2", "--threads", "2", "--out", f"{tmp}/j2"])
        print(f"the same grid under autosmote bench: --jobs 1 {bench_1:.1f} s, --jobs 2 {bench_2:.1f} s; "
              f"speed-up {bench_1 / bench_2:.2f}x", flush=True)
        dask_2, dask_cells = on_dask(autosmote, 2, OVERHEAD_FLAGS, f"{tmp}/tiny-dask")
        bench_flags = [*OVERHEAD_FLAGS, "--jobs", "2", "--threads", "2", "--out", f"{tmp}/tiny"]
        bench_2, _ = timed([autosmote, "bench", *bench_flags])
        print(f"overhead grid (200 tiny cells): 2 Dask workers {dask_2:.1f} s (cells {dask_cells:.1f} s), "
              f"bench --jobs 2 {bench_2:.1f} s; "
              f"ratio {dask_2 / bench_2:.2f}x (cells alone {dask_cells / bench_2:.2f}x)")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
