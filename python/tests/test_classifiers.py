"""autosmote.MLPClassifier and autosmote.AutoSMOTEClassifier: scikit-learn's own checks, the CLI's
model and predictions for the same rows and seed, pickles as model-file bytes, explain().

scikit-learn's checks that do not pass, each expected to fail through the classifiers' tags:
check_class_weight_classifiers (class_weight is None or 'balanced', the spec's none | balanced, not a
dict of weights). The checks run with few epochs to be fast.
"""

import json
import os
import pickle
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from imblearn.pipeline import make_pipeline
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.utils.estimator_checks import parametrize_with_checks

import autosmote
from autosmote import AutoClassifier, AutoSMOTEClassifier, MLPClassifier, _autosmote
from autosmote.over_sampling import SMOTE
from conftest import call_and_longest_pause, grown_until_long

CLASSIFIERS = [MLPClassifier, AutoSMOTEClassifier]


@parametrize_with_checks(
    [
        MLPClassifier(epochs=20, random_state=0),
        MLPClassifier(preset="modern", epochs=20, random_state=0),
        AutoSMOTEClassifier(epochs=20, random_state=0),
        AutoClassifier(candidates="fast", random_state=0),
    ]
)
def test_sklearn_checks(estimator, check):
    check(estimator)


def test_parameters_are_the_registry_keys():
    mlp = set(MLPClassifier().get_params())
    assert {"hidden", "layers", "lr", "epochs", "batch", "weight_decay", "class_weight", "threshold"} <= mlp
    assert mlp - {"random_state", "n_jobs"} < set(AutoSMOTEClassifier().get_params())
    assert {"variant", "k_max", "cohorts", "objective"} <= set(AutoSMOTEClassifier().get_params())
    assert all(v is None for v in MLPClassifier().get_params().values())


@pytest.mark.parametrize("cls", CLASSIFIERS)
def test_pickle_gives_identical_probabilities(cls, binary_data):
    X, y = binary_data
    model = cls(epochs=10, threshold="tuned", random_state=3).fit(X, y)
    state = model.__getstate__()
    assert isinstance(state["model_"], bytes) and state["model_"].startswith(b'{"checksum":')
    loaded = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(loaded.predict_proba(X), model.predict_proba(X))
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    assert loaded.explain(as_dict=True) == model.explain(as_dict=True)


def test_a_damaged_pickle_is_refused_with_the_model_file_message(binary_data):
    X, y = binary_data
    state = MLPClassifier(epochs=2, random_state=0).fit(X, y).__getstate__()
    assert b'"spec":"mlp:epochs=2"' in state["model_"]
    state["model_"] = state["model_"].replace(b'"spec":"mlp:epochs=2"', b'"spec":"mlp:epochs=3"')
    with pytest.raises(RuntimeError, match=r"^<pickled autosmote model>: model file is damaged \(checksum mismatch\)$"):
        MLPClassifier().__setstate__(state)


@pytest.mark.parametrize("cls", CLASSIFIERS)
def test_clone_and_same_seed_give_the_same_predictions(cls, multiclass_data):
    X, y = multiclass_data
    model = cls(epochs=10, hidden=16, random_state=5)
    first = model.fit(X, y).predict_proba(X)
    again = clone(model).fit(X, y)
    assert again.get_params() == model.get_params()
    np.testing.assert_array_equal(again.predict_proba(X), first)
    other = clone(model).set_params(random_state=6).fit(X, y)
    assert not np.array_equal(other.predict_proba(X), first)


def test_labels_of_any_dtype_come_back_as_given(binary_data):
    X, y = binary_data
    names = np.array(["neg", "pos"], dtype=object)[y]
    model = MLPClassifier(epochs=5, random_state=0).fit(X, names)
    assert list(model.classes_) == ["neg", "pos"]
    assert set(model.predict(X)) <= {"neg", "pos"}
    floats = MLPClassifier(epochs=5, random_state=0).fit(X, y * 3.0)
    assert floats.classes_.dtype == np.float64 and floats.classes_.tolist() == [0.0, 3.0]
    assert set(floats.predict(X)) <= {0.0, 3.0}


def test_in_an_imbalanced_learn_pipeline_and_a_grid_search(binary_data):
    X, y = binary_data
    pipeline = make_pipeline(SMOTE(random_state=0), MLPClassifier(epochs=60, random_state=0))
    scores = cross_val_score(pipeline, X, y, cv=3, scoring="f1_macro")
    assert scores.shape == (3,) and np.all(scores > 0.5)
    search = GridSearchCV(pipeline, {"mlpclassifier__threshold": ["none", "tuned"]}, cv=3, scoring="f1_macro")
    search.fit(X, y)
    assert search.best_params_["mlpclassifier__threshold"] in ("none", "tuned")
    assert search.best_estimator_[-1].threshold == search.best_params_["mlpclassifier__threshold"]


def test_pandas_feature_names_reach_the_model(binary_data):
    X, y = binary_data
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    model = AutoSMOTEClassifier(epochs=5, random_state=0).fit(frame, pd.Series(y, name="label"))
    np.testing.assert_array_equal(model.feature_names_in_, frame.columns)
    assert model.model_.feature_names == list(frame.columns)
    assert model.explain(as_dict=True)["feature_names"] == list(frame.columns)
    with pytest.warns(UserWarning, match="X does not have valid feature names"):
        np.testing.assert_array_equal(model.predict(frame), model.predict(X))


@pytest.mark.parametrize(
    "X, y, message",
    [
        (np.array([[0.0, np.inf], [1.0, 2.0]] * 5), [0, 1] * 5, "infinity"),
        (np.zeros((10, 2)), [0] * 10, "one class"),
        (np.zeros(10), [0, 1] * 5, "2D array"),
        (np.zeros((10, 2)), [0, 1] * 4, "inconsistent numbers of samples"),
        (pd.DataFrame({"a": [1.0, np.inf] * 5}), [0, 1] * 5, "infinity"),
        (pd.DataFrame({"a": [None] * 10, "b": range(10)}), [0, 1] * 5, "column 'a' is entirely missing"),
    ],
)
@pytest.mark.parametrize("cls", CLASSIFIERS)
def test_bad_inputs_are_value_errors(cls, X, y, message):
    with pytest.raises(ValueError, match=message):
        cls(epochs=2).fit(X, y)


def test_bad_spec_values_are_the_library_value_errors(binary_data):
    X, y = binary_data
    with pytest.raises(ValueError, match=r"^model 'mlp': .*epochs"):
        MLPClassifier(epochs=0).fit(X, y)
    with pytest.raises(ValueError, match=r"threshold"):
        MLPClassifier(threshold="best").fit(X, y)
    with pytest.raises(ValueError, match=r"may not contain ',' or '='"):
        AutoSMOTEClassifier(variant="self,k_max=3").fit(X, y)
    with pytest.raises(TypeError, match="class_weight"):
        MLPClassifier(class_weight={0: 1.0, 1: 5.0}).fit(X, y)


def test_the_binding_refuses_what_would_make_an_unreadable_model_file():
    X, y = np.random.RandomState(0).rand(20, 2), np.array([0, 1] * 10)

    def train(classes=("a", "b"), features=("f0", "f1"), target="class", codes=y):
        _autosmote.Model.train("mlp", {"epochs": "2"}, X, codes, list(classes), list(features), target, 0, 1)

    for kwargs, message in [
        ({"classes": ("a", "a")}, "^class name 'a' is given twice$"),
        ({"classes": ("a", "")}, "^class name 1 is empty$"),
        ({"features": ("f0", "f0")}, "^feature name 'f0' is given twice$"),
        ({"features": ("f0",)}, "^X has 2 columns, but 1 feature names were given$"),
        ({"target": "f1"}, "^the target name 'f1' is a feature's$"),
        ({"target": ""}, "^the target name is empty$"),
        ({"codes": y + 1}, r"^y holds class code 2, outside \[0, 2\)$"),
        ({"codes": y[:5]}, "^y must be a 1-d array with one label per row of X$"),
    ]:
        with pytest.raises(ValueError, match=message):
            train(**kwargs)
    for data in [b"", b"[" * 100000, b"{}"]:
        with pytest.raises(RuntimeError, match="^<pickled autosmote model>: not an autosmote model file"):
            _autosmote.Model.from_bytes(data)


def test_wrong_width_at_predict_is_a_value_error(binary_data):
    X, y = binary_data
    model = MLPClassifier(epochs=2, random_state=0).fit(X, y)
    with pytest.raises(ValueError, match="X has 5 features, but MLPClassifier is expecting 6"):
        model.predict(X[:, :5])
    with pytest.raises(ValueError, match="Input X contains infinity"):
        model.predict_proba(np.full_like(X, np.inf))


def test_the_gil_is_released_while_cpp_trains(multiclass_data):
    """Another Python thread keeps running during fit: the longest pause between its steps is far
    below the time fit spends in C++ (holding the GIL, it would be all of it)."""
    X, y = multiclass_data
    fit = grown_until_long(lambda epochs: lambda: AutoSMOTEClassifier(epochs=epochs, random_state=0).fit(X, y), 150)
    fit_seconds, longest_pause = call_and_longest_pause(fit)
    assert longest_pause < fit_seconds / 3, (fit_seconds, longest_pause)


def test_tuned_threshold_is_applied(binary_data):
    X, y = binary_data
    model = MLPClassifier(epochs=10, threshold="tuned", random_state=0).fit(X, y)
    operating_point = model.explain(as_dict=True)["operating_point"]
    assert operating_point["threshold"] == "tuned"
    offsets = np.array([operating_point["class_offsets"][str(c)] for c in model.classes_])
    assert np.any(offsets != 0)
    decided = model.classes_[np.argmax(np.log(model.predict_proba(X)) + offsets, axis=1)]
    np.testing.assert_array_equal(model.predict(X), decided)
    table = model.explain()
    assert list(table.columns) == ["class", "offset"]
    np.testing.assert_allclose(table["offset"], offsets)


def test_explain_shows_the_policy_per_class_and_cohort(binary_data):
    X, y = binary_data
    model = AutoSMOTEClassifier(epochs=5, random_state=0, cohorts=3).fit(X, y)
    table = model.explain()
    assert list(table.columns) == [
        "class",
        "cohort",
        "size",
        "danger",
        "participation",
        "expected_amount",
        "k_probs",
        "aggregation_probs",
        "position_probs",
        "amount_probs",
        "centroid_summary",
        "offset",
    ]
    # The majority class is not over-sampled: one row without a policy; the minority, one per cohort.
    assert table["class"].tolist() == [0, 1, 1, 1]
    assert table["cohort"].isna().tolist() == [True, False, False, False]
    assert table["size"].sum() == np.sum(y == 1)
    assert table["participation"].between(0, 1).iloc[1:].all()
    assert (table["offset"] == 0).all()
    assert len(model.explain(as_dict=True)["groups"]) == 3


def cli_binary():
    cli = Path(os.environ.get("AUTOSMOTE_CLI", Path(autosmote.__file__).parents[2] / "autosmote"))
    if not cli.exists():
        pytest.skip(f"no autosmote CLI at {cli} (set AUTOSMOTE_CLI)")
    return str(cli)


@pytest.mark.parametrize(
    "cls, spec",
    [(MLPClassifier, "mlp:epochs=15,threshold=tuned"), (AutoSMOTEClassifier, "auto-smote:epochs=5")],
)
def test_same_model_and_predictions_as_the_cli(cls, spec, multiclass_data, tmp_path):
    """`autosmote train` + `autosmote predict` on a CSV of the same numbers and seed: the same model
    file, byte for byte, the same predictions, and explain(as_dict=True) is `autosmote explain --json`."""
    cli = cli_binary()
    X, y = multiclass_data
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    frame.assign(**{"class": y}).to_csv(tmp_path / "data.csv", index=False, float_format="%.17g")
    model_file = tmp_path / "cli.model"
    data = str(tmp_path / "data.csv")
    for command in (
        ["train", "--data", data, "--model", spec, "--seed", "11", "--out", str(model_file)],
        ["predict", "--model", str(model_file), "--data", data, "--out", str(tmp_path / "pred.csv")],
    ):
        subprocess.run([cli, *command, "--threads", "1"], check=True, capture_output=True)
    params = dict(word.split("=") for word in spec.partition(":")[2].split(","))
    model = cls(**params, random_state=11, n_jobs=1).fit(frame, y)
    assert model.__getstate__()["model_"] == model_file.read_bytes()
    np.testing.assert_array_equal(model.predict(frame), pd.read_csv(tmp_path / "pred.csv")["prediction"])
    explained = subprocess.run([cli, "explain", "--model", str(model_file), "--json"], check=True, capture_output=True)
    assert model.explain(as_dict=True) == json.loads(explained.stdout)
