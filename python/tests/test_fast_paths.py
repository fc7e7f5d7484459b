"""The Python layer's shortcuts (docs/python.md, Speed) give what the general path gives: label codes
without a sort, and a float32 input whose output is the C++ array itself."""

import numpy as np
import pytest

from autosmote import over_sampling as ours
from autosmote._base import label_codes


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
