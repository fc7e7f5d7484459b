#!/usr/bin/env python3
"""What threshold tuning does to each sampler's edge over `none` (issue 13).

Reads a bench runs.csv (default docs/confirm/runs.csv), keeps the datasets on which every method
of the mlp grid has all its seeds, and prints per method the mean macro-F1 and minority F1 over
those datasets, and the edge of each sampler over `none` with the same operating point.
Usage: scripts/threshold_edges.py [runs.csv]
"""
import collections
import csv
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "docs/confirm/runs.csv"
runs = [r for r in csv.DictReader(open(path, encoding="utf-8")) if r["status"] == "ok"]


def label(model, sampler):
    tuned = "threshold=tuned" in model
    base = model.replace(",threshold=tuned", "").replace("threshold=tuned", "").rstrip(":")
    name = "tuned-" + sampler.split(":")[0] if "|" in sampler else sampler
    if base != "mlp":
        name = base if sampler == "none" else base + " + " + name
    return name + (" (t)" if tuned else "")


values = collections.defaultdict(lambda: collections.defaultdict(list))  # method -> dataset -> runs
seeds = collections.defaultdict(set)
for r in runs:
    m = label(r["model"], r["sampler"])
    values[m][r["dataset"]].append(r)
methods = sorted(values)
datasets = sorted({d for m in methods for d in values[m]})
complete = [d for d in datasets if all(len(values[m].get(d, [])) >= 5 for m in methods)]
print(f"{len(complete)} datasets with every method and 5 seeds: {', '.join(complete)}")
print(f"methods: {len(methods)}")


def mean(m, key):
    per_dataset = [sum(float(r[key]) for r in values[m][d]) / len(values[m][d]) for d in complete]
    return sum(per_dataset) / len(per_dataset) if per_dataset else float("nan")


def seconds(m):
    keys = ("resample_seconds", "fit_seconds", "tuning_seconds")
    per = [sum(sum(float(r[k]) for k in keys) for r in values[m][d]) / len(values[m][d]) for d in complete]
    return sum(per)


print(f"\n| method | macro-F1 | minority F1 | seconds per run, summed over datasets | inner fits per run |")
print("|---|---:|---:|---:|---:|")
for m in sorted(methods, key=lambda m: -mean(m, "macro_f1")):
    fits = [float(r["inner_fits"]) for d in complete for r in values[m][d]]
    print(f"| {m} | {mean(m, 'macro_f1'):.4f} | {mean(m, 'minority_f1'):.4f} | {seconds(m):.1f} | "
          f"{sum(fits) / len(fits):.1f} |")
print("\n| sampler | edge over none, macro-F1 (argmax) | with threshold=tuned | "
      "edge over none, minority F1 (argmax) | with threshold=tuned |")
print("|---|---:|---:|---:|---:|")
for s in ["random", "smote", "svm-smote", "tuned-smote", "tuned-random"]:
    if s not in values or s + " (t)" not in values:
        continue
    cells = []
    for key in ("macro_f1", "minority_f1"):
        cells.append(mean(s, key) - mean("none", key))
        cells.append(mean(s + " (t)", key) - mean("none (t)", key))
    print(f"| {s} | {cells[0]:+.4f} | {cells[1]:+.4f} | {cells[2]:+.4f} | {cells[3]:+.4f} |")
