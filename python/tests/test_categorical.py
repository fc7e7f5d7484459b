"""SMOTENC and SMOTEN (categorical columns): imbalanced-learn's class counts for every
sampling_strategy form, new categorical values are values of their class, categorical_features as
indices / bool mask / names, pandas categorical and object columns kept with their dtypes, numpy
object and string arrays, one-line errors, and the rows of `autosmote resample` for the same CSV."""

import os
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from imblearn import over_sampling as imb

import autosmote
from autosmote import over_sampling as ours

from conftest import class_counts

STRATEGIES = ["auto", "not majority", "all", 0.6, 1.0, {1: 120}, lambda y: {1: 200}]


@pytest.fixture(scope="module")
def mixed(binary_data):
    """binary_data's 6 numeric columns, then two categorical ones (strings, ints) that follow the
    numbers, so the classes differ in them."""
    X, y = binary_data
    colour = np.array(["red", "green", "blue"], dtype=object)[np.digitize(X[:, 0], [-0.5, 0.5])]
    size = np.digitize(X[:, 1] + X[:, 2], [-1.0, 0.0, 1.0]).astype(object)
    return np.column_stack([X.astype(object), colour, size]), y


def class_values(X, y, column, label):
    return set(X[y == label, column].tolist())


@pytest.mark.parametrize("strategy", STRATEGIES, ids=repr)
def test_smotenc_counts_equal_imblearn(strategy, mixed):
    X, y = mixed
    expected = class_counts(imb.SMOTENC([6, 7], sampling_strategy=strategy, random_state=0).fit_resample(X, y)[1])
    assert class_counts(ours.SMOTENC([6, 7], sampling_strategy=strategy, random_state=0).fit_resample(X, y)[1]) == expected


@pytest.mark.parametrize("strategy", STRATEGIES, ids=repr)
def test_smoten_counts_equal_imblearn(strategy, mixed):
    X, y = mixed
    X_cat = X[:, 6:]
    expected = class_counts(imb.SMOTEN(sampling_strategy=strategy, random_state=0).fit_resample(X_cat, y)[1])
    assert class_counts(ours.SMOTEN(sampling_strategy=strategy, random_state=0).fit_resample(X_cat, y)[1]) == expected


def test_smotenc_new_categories_are_values_of_their_class(mixed):
    X, y = mixed
    grow_both = {label: count + 50 for label, count in class_counts(y).items()}
    X_res, y_res = ours.SMOTENC([6, 7], sampling_strategy=grow_both, random_state=1).fit_resample(X, y)
    assert X_res.dtype == object
    np.testing.assert_array_equal(X_res[: len(X)], X)
    new, new_labels = X_res[len(X) :], y_res[len(y) :]
    assert set(new_labels.tolist()) == {0, 1}
    for label in (0, 1):
        rows = new[new_labels == label]
        for column in (6, 7):
            assert set(rows[:, column].tolist()) <= class_values(X, y, column, label)
        numbers = rows[:, :6].astype(float)
        own = X[y == label, :6].astype(float)
        assert np.all(numbers >= own.min(axis=0) - 1e-5) and np.all(numbers <= own.max(axis=0) + 1e-5)


def test_categorical_features_as_indices_mask_and_names(mixed):
    X, y = mixed
    by_index = ours.SMOTENC([7, 6], random_state=2).fit_resample(X, y)[0]
    mask = np.zeros(8, dtype=bool)
    mask[6:] = True
    np.testing.assert_array_equal(ours.SMOTENC(mask, random_state=2).fit_resample(X, y)[0], by_index)
    frame = pd.DataFrame(X[:, :6].astype(float), columns=[f"x{i}" for i in range(6)])
    frame["colour"] = pd.Categorical(X[:, 6])
    frame["size"] = X[:, 7].astype(np.int64)
    by_name = ours.SMOTENC(categorical_features=["colour", "size"], random_state=2).fit_resample(frame, y)[0]
    np.testing.assert_array_equal(by_name.to_numpy(dtype=object)[:, 6], by_index[:, 6])
    np.testing.assert_array_equal(by_name["size"].to_numpy(), by_index[:, 7].astype(np.int64))
    np.testing.assert_allclose(by_name.iloc[:, :6].to_numpy(), by_index[:, :6].astype(float))


def test_pandas_keeps_categorical_and_object_dtypes(mixed):
    X, y = mixed
    frame = pd.DataFrame(X[:, :6].astype(float), columns=[f"x{i}" for i in range(6)])
    frame["colour"] = pd.Categorical(X[:, 6], categories=["red", "green", "blue", "unused"])
    frame["label_text"] = X[:, 7].astype(str)  # object column
    target = pd.Series(np.where(y == 1, "yes", "no"), name="target")
    X_res, y_res = ours.SMOTENC(["colour", "label_text"], random_state=0).fit_resample(frame, target)
    assert list(X_res.columns) == list(frame.columns) and (X_res.dtypes == frame.dtypes).all()
    assert list(X_res["colour"].cat.categories) == ["red", "green", "blue", "unused"]
    assert "unused" not in set(X_res["colour"].tolist())
    assert isinstance(y_res, pd.Series) and y_res.name == "target"
    pd.testing.assert_frame_equal(X_res.iloc[: len(frame)], frame)
    assert class_counts(y_res.to_numpy()) == {"no": class_counts(y)[0], "yes": class_counts(y)[0]}


@pytest.mark.parametrize("dtype", [object, str])
def test_smoten_numpy_object_and_string_arrays(dtype, mixed):
    X, y = mixed
    X_cat = X[:, 6:].astype(str).astype(dtype)
    X_res, y_res = ours.SMOTEN(random_state=0).fit_resample(X_cat, y)
    assert X_res.dtype == X_cat.dtype
    np.testing.assert_array_equal(X_res[: len(X_cat)], X_cat)
    new, new_labels = X_res[len(X_cat) :], y_res[len(y) :]
    for column in (0, 1):
        assert set(new[:, column].tolist()) <= class_values(X_cat, y, column, 1)
    assert len(new) == class_counts(y)[0] - class_counts(y)[1]


def test_smoten_integer_codes_stay_integers(mixed):
    X, y = mixed
    codes = X[:, 7].astype(np.int64)[:, None]
    X_res = ours.SMOTEN(random_state=0).fit_resample(codes, y)[0]
    assert X_res.dtype == np.int64 and set(X_res.ravel().tolist()) <= set(codes.ravel().tolist())


def test_smoten_pandas_categorical(mixed):
    X, y = mixed
    frame = pd.DataFrame({"colour": pd.Categorical(X[:, 6]), "size": X[:, 7].astype(np.int64)})
    X_res, _ = ours.SMOTEN(random_state=0).fit_resample(frame, y)
    assert (X_res.dtypes == frame.dtypes).all()
    assert set(X_res["size"].tolist()) <= set(frame["size"].tolist())


def test_same_seed_same_rows_and_threads_do_not_matter(mixed):
    X, y = mixed
    first = ours.SMOTENC([6, 7], random_state=5).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, ours.SMOTENC([6, 7], random_state=5, n_jobs=2).fit_resample(X, y)[0])
    assert not np.array_equal(first, ours.SMOTENC([6, 7], random_state=6).fit_resample(X, y)[0])


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: ours.SMOTENC([8]), ValueError, "out of range"),
        (lambda: ours.SMOTENC(["colour"]), ValueError, "has no column names"),
        (lambda: ours.SMOTENC(list(range(8))), ValueError, "needs both numeric and categorical"),
        (lambda: ours.SMOTENC([7]), ValueError, "column 6 is not numeric"),
        (lambda: ours.SMOTENC([]), ValueError, "non-empty"),
        (lambda: ours.SMOTENC([True, False]), ValueError, "bool mask must have 8 entries"),
        (lambda: ours.SMOTENC([1.5]), TypeError, "must hold ints"),
        (lambda: ours.SMOTENC([6, 7], k_neighbors=0), ValueError, "k_neighbors"),
    ],
)
def test_errors_are_one_line(make, error, message, mixed):
    X, y = mixed
    with pytest.raises(error, match=message) as raised:
        make().fit_resample(X, y)
    assert "\n" not in str(raised.value)


def test_smotenc_requires_categorical_features():
    with pytest.raises(TypeError, match="categorical_features"):
        ours.SMOTENC()
    assert ours.SMOTENC([1]).get_params()["categorical_features"] == [1]


@pytest.mark.parametrize("registry_name", ["smote-nc", "smoten"])
def test_same_seed_same_rows_as_the_cli(registry_name, tmp_path):
    """`autosmote resample` one-hot encodes categorical columns (sorted categories) and scales
    numeric columns to [0, 1]: on numeric columns spanning [0, 1] the matrix is the same."""
    cli = Path(os.environ.get("AUTOSMOTE_CLI", Path(autosmote.__file__).parents[2] / "autosmote"))
    if not cli.exists():
        pytest.skip(f"no autosmote CLI at {cli} (set AUTOSMOTE_CLI)")
    rng = np.random.RandomState(0)
    X = rng.randint(0, 65, size=(200, 3)) / 64.0
    X[0], X[1] = 0.0, 1.0
    colour = np.array(["blue", "green", "red"])[(X[:, 0] * 2.99).astype(int)]
    shape = np.array(["round", "square"])[(X[:, 1] > 0.5).astype(int)]
    y = np.where(np.arange(200) % 8 == 3, "pos", "neg")
    frame = pd.DataFrame(X, columns=list("abc")).assign(colour=colour, shape=shape, **{"class": y})
    if registry_name == "smoten":
        frame = frame.drop(columns=list("abc"))
        sampler = ours.SMOTEN(k_neighbors=3, random_state=7)
    else:
        sampler = ours.SMOTENC(["colour", "shape"], k_neighbors=3, random_state=7)
    frame.to_csv(tmp_path / "in.csv", index=False)
    command = [str(cli), "resample", "--data", str(tmp_path / "in.csv"), "--sampler", f"{registry_name}:k_neighbors=3"]
    subprocess.run(command + ["--seed", "7", "--out", str(tmp_path / "out.csv")], check=True, capture_output=True)
    expected = pd.read_csv(tmp_path / "out.csv")
    features = [c for c in frame.columns if c != "class"]
    X_res, y_res = sampler.fit_resample(frame[features], frame["class"])
    assert len(X_res) == len(expected) == 350
    np.testing.assert_array_equal(y_res.to_numpy(), expected["class"].to_numpy())
    for column in features:
        if column in ("colour", "shape"):
            np.testing.assert_array_equal(X_res[column].to_numpy(), expected[column].to_numpy())
        else:
            np.testing.assert_allclose(X_res[column].to_numpy(), expected[column].to_numpy(), rtol=1e-6, atol=0)
