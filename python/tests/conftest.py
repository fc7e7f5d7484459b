"""Shared data for the autosmote Python tests (run with PYTHONPATH=<build>/python: make python-test)."""

import numpy as np
import pytest
from sklearn.datasets import make_classification


@pytest.fixture(scope="session")
def binary_data():
    X, y = make_classification(
        n_samples=300, n_features=6, n_informative=4, weights=[0.85, 0.15], class_sep=1.0, random_state=0
    )
    return X, y


@pytest.fixture(scope="session")
def multiclass_data():
    X, y = make_classification(
        n_samples=400,
        n_features=6,
        n_informative=4,
        n_classes=3,
        n_clusters_per_class=1,
        weights=[0.6, 0.3, 0.1],
        random_state=1,
    )
    return X, y


def class_counts(y):
    labels, counts = np.unique(y, return_counts=True)
    return dict(zip(labels.tolist(), counts.tolist()))
