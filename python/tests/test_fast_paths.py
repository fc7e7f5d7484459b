"""The Python layer's shortcuts (docs/python.md, Speed) give what the general path gives: label codes
without a sort, a float32 input whose output is the C++ array itself, and the GIL released while
C++ copies the input and resamples."""

import numpy as np
import pytest
from sklearn.datasets import make_classification

from autosmote import over_sampling as ours
from autosmote._base import label_codes
from conftest import call_and_longest_pause, grown_until_long


@pytest.mark.parametrize(
    "y",
    [
        np.array([3, 1, 3, 7, 1]),  # small non-negative ints: the one-pass path
        np.array([0, 0, 1, 2], dtype=np.uint8),
        np.array([-1, 2, -1]),  # negative: np.unique
        np.array([10**12, 5, 5]),  # too far apart for a count table: np.unique
        np.array(["b", "a", "b"]),
        np.array([0.5, 0.25, 0.5]),
    ],
)
def test_label_codes_equal_numpy_unique(y):
    classes, codes = label_codes(y)
    expected_classes, expected_codes = np.unique(y, return_inverse=True)
    np.testing.assert_array_equal(classes, expected_classes)
    assert classes.dtype == expected_classes.dtype
    np.testing.assert_array_equal(codes, expected_codes)
    assert codes.dtype == np.int64


@pytest.mark.parametrize("layout", ["C", "F", "sliced"])
def test_float32_output_starts_with_the_input_rows(layout, binary_data):
    X, y = binary_data
    X32 = X.astype(np.float32)
    given = {"C": X32, "F": np.asfortranarray(X32), "sliced": np.hstack([X32, X32])[:, : X.shape[1]]}[layout]
    X_res, y_res = ours.SMOTE(random_state=0).fit_resample(given, y)
    assert X_res.dtype == np.float32 and X_res.shape == (len(y_res), X.shape[1])
    np.testing.assert_array_equal(X_res[: len(X)], X32)
    np.testing.assert_array_equal(X_res, ours.SMOTE(random_state=0).fit_resample(X, y)[0].astype(np.float32))
    np.testing.assert_array_equal(y_res[: len(y)], y)


def test_the_gil_is_released_while_cpp_resamples():
    """Another Python thread keeps running during fit_resample: the longest pause between its steps
    is far below the time the call spends in C++ (holding the GIL, it would be all of it)."""

    def resample_of(n_samples):
        X, y = make_classification(n_samples=n_samples, n_features=20, weights=[0.9, 0.1], random_state=0)
        return lambda: ours.BorderlineSMOTE(random_state=0).fit_resample(X, y)

    call_seconds, longest_pause = call_and_longest_pause(grown_until_long(resample_of, 60000, max_doublings=4))
    assert longest_pause < call_seconds / 3, (call_seconds, longest_pause)
