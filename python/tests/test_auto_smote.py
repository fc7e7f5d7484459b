"""autosmote.AutoSMOTE: its parameters are the registry's keys, fit_resample trains the policy and
returns the original rows then the learned rows in imbalanced-learn's class counts, the seed gives
the rows of `autosmote resample`, spec errors are one-line ValueErrors."""

import os
import pickle
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from imblearn.utils import check_sampling_strategy
from sklearn.base import clone

import autosmote
from autosmote.auto_smote import registry_keys

from conftest import class_counts

FAST = {"epochs": 4}


def test_parameters_are_the_registry_keys():
    params = set(autosmote.AutoSMOTE().get_params())
    keys = set(registry_keys("auto-smote"))
    assert {"epochs", "k_max", "variant", "hidden"} <= keys  # the message was read
    assert params == keys | {"random_state", "n_jobs"}
    assert all(value is None for name, value in autosmote.AutoSMOTE().get_params().items() if name in keys - {"sampling_strategy"})


@pytest.mark.parametrize("strategy", ["auto", "minority", 0.6, {1: 150}, lambda y: {1: 120}], ids=repr)
def test_counts_are_imblearns(strategy, binary_data):
    X, y = binary_data
    expected = class_counts(y)
    for label, add in check_sampling_strategy(strategy, y, "over-sampling").items():
        expected[label] += add
    X_res, y_res = autosmote.AutoSMOTE(sampling_strategy=strategy, random_state=0, **FAST).fit_resample(X, y)
    assert class_counts(y_res) == expected
    np.testing.assert_array_equal(X_res[: len(X)], X)
    np.testing.assert_array_equal(y_res[: len(y)], y)


def test_seed_and_threads(binary_data):
    X, y = binary_data
    first = autosmote.AutoSMOTE(random_state=3, **FAST).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, autosmote.AutoSMOTE(random_state=3, n_jobs=2, **FAST).fit_resample(X, y)[0])
    assert not np.array_equal(first, autosmote.AutoSMOTE(random_state=4, **FAST).fit_resample(X, y)[0])


def test_keys_take_numbers_strings_and_lists(binary_data):
    X, y = binary_data
    sampler = autosmote.AutoSMOTE(variant="self", aggregations=["interpolate", "max"], amounts=[0, 0.5, 1], lr=0.02,
                                  random_state=0, **FAST)
    X_res, y_res = sampler.fit_resample(X, y)
    assert X_res.shape == (len(y_res), X.shape[1]) and len(y_res) > len(y)


@pytest.mark.parametrize(
    "params, error, message",
    [
        ({"variant": "nope"}, ValueError, "variant"),
        ({"epochs": 0}, ValueError, "epochs"),
        ({"epochs": True}, TypeError, "bool"),
        ({"hidden": object()}, TypeError, "hidden must be"),
        ({"tau": "1,epochs=2"}, ValueError, "may not contain"),
    ],
)
def test_errors_are_one_line(params, error, message, binary_data):
    X, y = binary_data
    with pytest.raises(error, match=message) as raised:
        autosmote.AutoSMOTE(**params).fit_resample(X, y)
    assert "\n" not in str(raised.value)


def test_clone_and_pickle():
    sampler = autosmote.AutoSMOTE(epochs=7, variant="self", random_state=1)
    assert clone(sampler).get_params() == sampler.get_params()
    assert pickle.loads(pickle.dumps(sampler)).get_params() == sampler.get_params()
    assert "epochs=7" in repr(sampler)


def test_same_seed_same_rows_as_the_cli(tmp_path):
    """As SMOTE's test: on columns spanning [0, 1] the CLI's scaled matrix is the data itself."""
    cli = Path(os.environ.get("AUTOSMOTE_CLI", Path(autosmote.__file__).parents[2] / "autosmote"))
    if not cli.exists():
        pytest.skip(f"no autosmote CLI at {cli} (set AUTOSMOTE_CLI)")
    rng = np.random.RandomState(0)
    X = rng.randint(0, 65, size=(200, 4)) / 64.0
    X[0], X[1] = 0.0, 1.0
    y = np.where(np.arange(200) % 8 == 3, "pos", "neg")
    frame = pd.DataFrame(X, columns=list("abcd")).assign(**{"class": y})
    frame.to_csv(tmp_path / "in.csv", index=False)
    command = [str(cli), "resample", "--data", str(tmp_path / "in.csv"), "--sampler", "auto-smote:epochs=4"]
    subprocess.run(command + ["--seed", "7", "--out", str(tmp_path / "out.csv")], check=True, capture_output=True)
    expected = pd.read_csv(tmp_path / "out.csv")
    X_res, y_res = autosmote.AutoSMOTE(epochs=4, random_state=7).fit_resample(frame[list("abcd")], frame["class"])
    assert len(X_res) == len(expected) == 350
    np.testing.assert_array_equal(y_res.to_numpy(), expected["class"].to_numpy())
    np.testing.assert_allclose(X_res.to_numpy(), expected[list("abcd")].to_numpy(), rtol=1e-6, atol=0)
