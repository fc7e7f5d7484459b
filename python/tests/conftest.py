"""Shared data for the autosmote Python tests (run with PYTHONPATH=<build>/python: make python-test)."""

import threading
import time

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


def call_and_longest_pause(call):
    """Runs call() on another thread while this one wakes every millisecond; returns the call's
    seconds and the longest gap between this thread's wake-ups. A call that holds the GIL stalls
    this thread for its whole length; one that releases it, hardly at all."""
    done = threading.Event()
    seconds = []

    def work():
        start = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - start)
        done.set()

    worker = threading.Thread(target=work)
    last, longest_pause = time.perf_counter(), 0.0
    worker.start()
    while not done.is_set():
        time.sleep(0.001)
        now = time.perf_counter()
        longest_pause, last = max(longest_pause, now - last), now
    worker.join()
    return seconds[0], longest_pause


def grown_until_long(make_call, first_size, min_seconds=0.3, max_doublings=12):
    """Returns make_call(size) for the first size (first_size, doubled each time) whose call takes
    at least min_seconds here, so that a probe of it is long compared with the probe's millisecond
    resolution on any machine: the workload is sized by construction, not assumed slow enough."""
    size = first_size
    for _ in range(max_doublings):
        call = make_call(size)
        start = time.perf_counter()
        call()
        if time.perf_counter() - start >= min_seconds:
            return call
        size *= 2
    return make_call(size)
