"""The module _autosmote directly: every bad input is a ValueError with the library's one-line
message (never a crash), and the registry is reachable by name without Python glue."""

import numpy as np
import pytest

from autosmote import _autosmote

X = np.random.RandomState(0).rand(20, 3)
Y = np.array([0] * 16 + [1] * 4, dtype=np.int64)


def run(name="smote", params=None, x=X, y=Y, n_classes=2):
    return _autosmote.fit_resample(name, params or {}, x, y, n_classes, [], 0, 1)


def test_every_registry_name_is_listed():
    names = _autosmote.sampler_names()
    assert names[:3] == ["none", "random", "smote"] and "auto-smote" in names


def test_a_registry_sampler_without_a_python_class_runs():
    x_out, y_out, original_rows, warnings = run("smote-tomek")
    assert x_out.dtype == np.float32 and x_out.shape == (len(y_out), 3)
    np.testing.assert_array_equal(y_out[: len(original_rows)], Y[original_rows])


def test_output_is_original_rows_then_new_rows():
    x_out, y_out, original_rows, warnings = run(params={"k_neighbors": "3", "sampling_strategy": "0:16/1:10"})
    np.testing.assert_array_equal(original_rows, np.arange(20))
    np.testing.assert_array_equal(x_out[:20], X.astype(np.float32))
    np.testing.assert_array_equal(y_out, np.r_[Y, np.ones(6, dtype=np.int64)])
    assert warnings == []


def test_canonical_spec():
    assert _autosmote.canonical_spec("smote", {"k_neighbors": "5"}) == "smote"
    assert _autosmote.canonical_spec("smote", {"k_neighbors": "3"}) == "smote:k_neighbors=3"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"name": "nope"}, "unknown sampler 'nope'"),
        ({"params": {"k_neighbors": "x"}}, "k_neighbors=x is not an integer"),
        ({"params": {"k_neighbors": "3,a=1"}}, "may not contain"),
        ({"x": np.where(X > 0.5, np.nan, X)}, "non-finite value"),
        ({"x": np.where(X > 0.5, np.inf, X)}, "non-finite value"),
        ({"y": Y + 5}, "outside"),
        ({"x": X[:, 0]}, "2-d array"),
        ({"y": Y[:5]}, "20 rows but 5 labels"),
        ({"y": np.zeros(20, dtype=np.int64), "n_classes": 1}, "single class"),
        ({"x": np.full((20, 3), "a", dtype=object)}, "must hold numbers"),
        ({"y": Y.reshape(4, 5)}, "1-d array"),
        ({"params": {"sampling_strategy": "0:16/1:2"}}, "more than its target"),
    ],
)
def test_bad_input_is_a_one_line_value_error(kwargs, message):
    with pytest.raises(ValueError, match=message) as error:
        run(**kwargs)
    assert "\n" not in str(error.value)


def test_feature_needs_come_from_the_registry():
    needs = _autosmote.sampler_feature_needs()
    assert set(needs) == set(_autosmote.sampler_names())
    assert needs["smote-nc"] == "numeric-and-categorical" and needs["smoten"] == "categorical-only"
    assert needs["smote"] == "any"


def test_layout_reaches_the_sampler():
    """Two numeric columns and one categorical feature as a one-hot block of two columns."""
    x = np.c_[X[:, :2], np.eye(2)[np.arange(20) % 2]]
    layout = [(0, 1, False), (1, 1, False), (2, 2, True)]
    x_out, y_out, _, _ = _autosmote.fit_resample("smote-nc", {}, x, Y, 2, [], 0, 1, layout)
    assert len(y_out) == 32
    np.testing.assert_array_equal(x_out[20:, 2:].sum(axis=1), np.ones(12))  # one-hot rows
    with pytest.raises(ValueError, match="needs both numeric and categorical"):
        _autosmote.fit_resample("smote-nc", {}, x, Y, 2, [], 0, 1)
    with pytest.raises(ValueError, match="layout does not match"):
        _autosmote.fit_resample("smote-nc", {}, x, Y, 2, [], 0, 1, [(0, 1, False), (1, 4, True)])
