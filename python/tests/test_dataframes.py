"""The classifiers on pandas DataFrames as a new user has them (issue 26): text, categorical and
boolean columns and missing values, read as `autosmote train` reads the same rows as a CSV."""

import subprocess

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score

from autosmote import AutoSMOTEClassifier, MLPClassifier
from test_classifiers import cli_binary


def credit_like_frame(n=240, seed=0):
    """A small credit-scoring-like table: numbers with gaps, text, a pandas categorical, a bool."""
    rng = np.random.RandomState(seed)
    income = rng.gamma(4.0, 900.0, n).round(2)
    income[rng.rand(n) < 0.1] = np.nan
    frame = pd.DataFrame(
        {
            "income": income,
            "age": rng.randint(18, 75, n),
            "home": rng.choice(["rent", "owner", "parents", "other"], n),
            "job": pd.Categorical(rng.choice(["fixed", "freelance", "partime"], n)),
            "married": rng.rand(n) < 0.5,
        }
    )
    frame.loc[rng.rand(n) < 0.08, "home"] = None
    risk = (frame["home"] == "rent") * 1.2 + (frame["job"] == "partime") * 1.0 - frame["age"] / 40
    y = np.where(risk + rng.normal(0, 0.6, n) > 0.4, "bad", "good")
    return frame, y


def test_a_dataframe_with_text_categorical_bool_and_missing_values_trains_and_predicts():
    frame, y = credit_like_frame()
    model = MLPClassifier(threshold="tuned", epochs=20, random_state=0).fit(frame, y)
    assert model.model_.categorical_features == ["home", "job", "married"]
    np.testing.assert_array_equal(model.feature_names_in_, frame.columns)
    proba = model.predict_proba(frame)
    assert proba.shape == (len(frame), 2) and np.allclose(proba.sum(axis=1), 1, atol=1e-5)
    assert set(model.predict(frame)) <= {"bad", "good"}
    # A category the training rows never had, and a missing one, predict (all-zero one-hot / the mode).
    unseen = frame.head(3).copy()
    unseen["home"] = ["castle", None, "rent"]
    assert model.predict(unseen).shape == (3,)
    # A text column where the model has numbers: a one-line error naming it.
    wrong = frame.head(3).copy()
    wrong["income"] = ["a lot", "1", "2"]
    with pytest.raises(ValueError, match="'a lot' in column 'income' is not a number"):
        model.predict(wrong)


@pytest.mark.parametrize("cls, spec", [(MLPClassifier, "mlp:epochs=10,threshold=tuned"), (AutoSMOTEClassifier, "auto-smote:epochs=3")])
def test_the_same_model_bytes_as_the_cli_on_the_frames_csv(cls, spec, tmp_path):
    cli = cli_binary()
    frame, y = credit_like_frame(n=160, seed=1)
    frame.assign(**{"class": y}).to_csv(tmp_path / "data.csv", index=False)
    model_file = tmp_path / "cli.model"
    subprocess.run(
        [cli, "train", "--data", str(tmp_path / "data.csv"), "--model", spec, "--seed", "5", "--threads", "1",
         "--out", str(model_file)],
        check=True,
        capture_output=True,
    )
    params = dict(word.split("=") for word in spec.partition(":")[2].split(","))
    model = cls(**params, random_state=5, n_jobs=1).fit(frame, y)
    assert model.__getstate__()["model_"] == model_file.read_bytes()


def test_cross_val_score_and_grid_search_take_the_dataframe():
    frame, y = credit_like_frame()
    folds = StratifiedKFold(3, shuffle=True, random_state=0)
    scores = cross_val_score(MLPClassifier(epochs=15, random_state=0), frame, y, cv=folds, scoring="f1_macro")
    assert scores.shape == (3,) and np.all(scores > 0.4)
    search = GridSearchCV(MLPClassifier(epochs=10, random_state=0), {"threshold": ["none", "tuned"]}, cv=folds,
                          scoring="f1_macro")
    search.fit(frame, y)
    assert search.best_params_["threshold"] in ("none", "tuned")


def test_an_object_array_of_strings_and_numbers_is_read_like_the_dataframe():
    frame, y = credit_like_frame(n=120, seed=2)
    from_frame = MLPClassifier(epochs=5, random_state=3).fit(frame, y)
    from_array = MLPClassifier(epochs=5, random_state=3).fit(frame.astype(object).to_numpy(), y)
    # Column names differ (x0.. for an array); the columns' types and the fitted network do not.
    assert len(from_array.model_.categorical_features) == 3
    np.testing.assert_allclose(from_frame.predict_proba(frame), from_array.predict_proba(frame.astype(object).to_numpy()))


def test_the_bindings_column_errors_are_one_line_value_errors():
    """What the Python layer never sends, the binding still refuses with a message naming the column."""
    from autosmote import _autosmote

    y = np.array([0, 1] * 5)

    def train(columns, names=("a", "b")):
        _autosmote.Model.train_columns("mlp", {"epochs": "1"}, columns, y, ["n", "p"], list(names), "class", 0, 1)

    for columns, message in [
        ([np.arange(10.0), np.arange(9.0)], r"^X: column 'b' has 9 rows, the first column 10$"),
        ([np.arange(10.0), np.r_[np.inf, np.arange(9.0)]], r"^X: column 'b' holds an infinite value$"),
        ([np.arange(10.0), np.full(10, np.nan)], r"^X: column 'b' is entirely missing$"),
        ([np.arange(10.0), np.zeros((10, 1))], r"^X: column 'b' is not 1-d$"),
        ([np.arange(10.0)], r"^X has 1 columns, but 2 feature names were given$"),
    ]:
        with pytest.raises(ValueError, match=message):
            train(columns)
    model = _autosmote.Model.train_columns(
        "mlp", {"epochs": "1"}, [np.arange(10.0), ["u", "v"] * 5], y, ["n", "p"], ["a", "b"], "class", 0, 1
    )
    with pytest.raises(ValueError, match=r"^X: column 'b' is categorical in the model; pass its values as text$"):
        model.predict_columns([np.arange(2.0), np.arange(2.0)], 1)
