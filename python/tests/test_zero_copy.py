"""Input arrays reach the C++ samplers without a copy where their layout allows: a float32
C-contiguous X is read in place; other dtypes and layouts are converted once, with the same result."""

import tracemalloc

import numpy as np
import pytest

from autosmote import _autosmote
from autosmote.over_sampling import ADASYN, SMOTE, BorderlineSMOTE

RNG = np.random.RandomState(3)
X32 = RNG.rand(300, 6).astype(np.float32)
Y = np.array([0] * 240 + [1] * 60, dtype=np.int64)


def address(array):
    return array.__array_interface__["data"][0]


def test_float32_c_contiguous_rows_are_read_in_place():
    assert _autosmote._input_rows_address(X32) == address(X32)


@pytest.mark.parametrize(
    "converted",
    [X32.astype(np.float64), np.asfortranarray(X32), X32[:, ::2], X32.astype(np.float16)],
    ids=["float64", "fortran", "strided", "float16"],
)
def test_other_layouts_are_converted(converted):
    assert _autosmote._input_rows_address(converted) != address(converted)


@pytest.mark.parametrize("sampler", [SMOTE, BorderlineSMOTE, ADASYN])
def test_float32_in_place_equals_the_float64_path(sampler):
    x32, y32 = sampler(random_state=0).fit_resample(X32, Y)
    x64, y64 = sampler(random_state=0).fit_resample(X32.astype(np.float64), Y)
    assert x32.dtype == np.float32 and x64.dtype == np.float64
    np.testing.assert_array_equal(y32, y64)
    np.testing.assert_array_equal(x32, x64.astype(np.float32))
    np.testing.assert_array_equal(x32[: len(X32)], X32)


def test_the_python_layer_copies_no_float32_input():
    # numpy reports its allocations to tracemalloc (the C++ output is not numpy's): a copy of X
    # anywhere in the Python layer would make the peak at least X's size.
    x = np.random.RandomState(4).rand(20000, 50).astype(np.float32)
    y = np.array([0] * 19000 + [1] * 1000, dtype=np.int64)
    sampler = SMOTE(random_state=0)
    sampler.fit_resample(X32, Y)  # imports and caches outside the measurement
    tracemalloc.start()
    try:
        x_out, _ = sampler.fit_resample(x, y)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(x_out) == 38000
    assert peak < x.nbytes / 2, f"{peak} bytes traced for a {x.nbytes}-byte X"
