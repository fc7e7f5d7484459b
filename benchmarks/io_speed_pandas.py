#!/usr/bin/python3
"""The pandas + imbalanced-learn side of benchmarks/io_speed.sh, one thread (the script sets
OMP_NUM_THREADS=1 and friends). Run with Debian's python3 (python3-pandas, python3-imblearn).
  io_speed_pandas.py resample IN.csv OUT.csv SEED   read_csv, SMOTE().fit_resample, to_csv
  io_speed_pandas.py read IN.csv                    prints the seconds of read_csv alone"""
import sys
import time

import pandas as pd

mode, path = sys.argv[1], sys.argv[2]
if mode == "read":
    start = time.perf_counter()
    pd.read_csv(path)
    print(f"{time.perf_counter() - start:.6f}")
    sys.exit(0)

from imblearn.over_sampling import SMOTE

out, seed = sys.argv[3], int(sys.argv[4])
frame = pd.read_csv(path)
x, y = SMOTE(random_state=seed).fit_resample(frame.drop(columns="class"), frame["class"])
x["class"] = y
x.to_csv(out, index=False)
