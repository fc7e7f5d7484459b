#!/usr/bin/env python3
"""Writes the CSV files of benchmarks/io_speed.sh: sklearn make_classification, ROWS x 20 features,
5% minority, seed 0, written by pandas (repr-shortest floats). Usage: io_speed_data.py ROWS OUT.csv"""
import sys

import pandas as pd
from sklearn.datasets import make_classification

rows, out = int(sys.argv[1]), sys.argv[2]
x, y = make_classification(n_samples=rows, n_features=20, n_informative=10, weights=[0.95, 0.05], random_state=0)
frame = pd.DataFrame(x, columns=[f"f{i}" for i in range(x.shape[1])])
frame["class"] = y
frame.to_csv(out, index=False)
