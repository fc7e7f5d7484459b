"""autosmote.under_sampling (TomekLinks, EditedNearestNeighbours) and autosmote.combine (SMOTETomek,
SMOTEENN) against imbalanced-learn: the same removed rows (sample_indices_) for every cleaning
sampling_strategy form, the combinations equal to imbalanced-learn's cleaner run on autosmote's
SMOTE rows, imbalanced-learn's row order, parameters and errors."""

import numpy as np
import pandas as pd
import pytest
from imblearn import under_sampling as imb_under
from imblearn.pipeline import make_pipeline
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_val_score

from autosmote import combine, over_sampling, under_sampling

from conftest import class_counts

# (imbalanced-learn 0.10 takes a callable but refuses the dict it must return for cleaning.)
CLEANING_STRATEGIES = ["auto", "majority", "not minority", "not majority", "all", [0], [0, 2]]


def imblearn_cleaner(name, **kwargs):
    return getattr(imb_under, name)(**kwargs)


@pytest.mark.parametrize("name", ["TomekLinks", "EditedNearestNeighbours"])
@pytest.mark.parametrize("strategy", CLEANING_STRATEGIES, ids=repr)
def test_same_rows_removed_as_imblearn(name, strategy, multiclass_data):
    X, y = multiclass_data
    theirs = imblearn_cleaner(name, sampling_strategy=strategy)
    X_theirs, y_theirs = theirs.fit_resample(X, y)
    ours = getattr(under_sampling, name)(sampling_strategy=strategy)
    X_ours, y_ours = ours.fit_resample(X, y)
    np.testing.assert_array_equal(ours.sample_indices_, theirs.sample_indices_)
    np.testing.assert_array_equal(X_ours, X_theirs)
    np.testing.assert_array_equal(y_ours, y_theirs)


@pytest.mark.parametrize("n_neighbors, kind_sel", [(3, "all"), (5, "mode"), (1, "all")])
def test_enn_parameters_as_imblearn(n_neighbors, kind_sel, multiclass_data):
    X, y = multiclass_data
    theirs = imb_under.EditedNearestNeighbours(n_neighbors=n_neighbors, kind_sel=kind_sel, sampling_strategy="all")
    theirs.fit_resample(X, y)
    ours = under_sampling.EditedNearestNeighbours(n_neighbors=n_neighbors, kind_sel=kind_sel, sampling_strategy="all")
    ours.fit_resample(X, y)
    np.testing.assert_array_equal(ours.sample_indices_, theirs.sample_indices_)


def test_cleaners_remove_rows_and_keep_labels_and_pandas(binary_data):
    X, y = binary_data
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    labels = pd.Series(np.where(y == 1, "rare", "common"), name="target")
    sampler = under_sampling.TomekLinks()
    X_res, y_res = sampler.fit_resample(frame, labels)
    assert isinstance(X_res, pd.DataFrame) and y_res.name == "target"
    assert len(X_res) < len(frame) and class_counts(y_res.to_numpy())["rare"] == class_counts(y)[1]
    pd.testing.assert_frame_equal(X_res.reset_index(drop=True), frame.iloc[sampler.sample_indices_].reset_index(drop=True))


@pytest.mark.parametrize(
    "combination, cleaner",
    [
        ("SMOTETomek", lambda: imb_under.TomekLinks(sampling_strategy="all")),
        ("SMOTEENN", lambda: imb_under.EditedNearestNeighbours(sampling_strategy="all")),
    ],
)
@pytest.mark.parametrize("strategy", ["auto", "not majority", 0.7, {1: 150, 2: 100}], ids=repr)
def test_combination_is_imblearn_cleaner_on_our_smote_rows(combination, cleaner, strategy, multiclass_data):
    """The combination makes SMOTE's rows (the same seed gives the same rows) and then cleans every
    class as imbalanced-learn's cleaner does: the output is imbalanced-learn's cleaner run on
    autosmote's SMOTE output, row for row and in its order."""
    X, y = multiclass_data
    if isinstance(strategy, float):
        y = np.where(y == 2, 1, y)  # a float strategy is for two classes
    smote_rows = over_sampling.SMOTE(sampling_strategy=strategy, random_state=4).fit_resample(X, y)
    X_expected, y_expected = cleaner().fit_resample(*smote_rows)
    X_res, y_res = getattr(combine, combination)(sampling_strategy=strategy, random_state=4).fit_resample(X, y)
    np.testing.assert_array_equal(y_res, y_expected)
    np.testing.assert_allclose(X_res, X_expected, rtol=0, atol=0)


def test_combination_takes_smote_and_cleaner_objects(binary_data):
    X, y = binary_data
    with_objects = combine.SMOTEENN(
        smote=over_sampling.SMOTE(k_neighbors=3),
        enn=under_sampling.EditedNearestNeighbours(n_neighbors=4, sampling_strategy="all"),
        random_state=0,
    )
    smote_rows = over_sampling.SMOTE(k_neighbors=3, random_state=0).fit_resample(X, y)
    expected = under_sampling.EditedNearestNeighbours(n_neighbors=4, sampling_strategy="all").fit_resample(*smote_rows)
    np.testing.assert_array_equal(with_objects.fit_resample(X, y)[1], expected[1])
    tomek = combine.SMOTETomek(tomek=under_sampling.TomekLinks(sampling_strategy="all"), random_state=0)
    assert len(tomek.fit_resample(X, y)[1]) > len(y)


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: combine.SMOTEENN(enn=under_sampling.EditedNearestNeighbours()), ValueError, "sampling_strategy='auto'"),
        (lambda: combine.SMOTEENN(enn=under_sampling.EditedNearestNeighbours(kind_sel="mode", sampling_strategy="all")),
         ValueError, "kind_sel"),
        (lambda: combine.SMOTETomek(tomek=under_sampling.TomekLinks()), ValueError, "tomek.sampling_strategy"),
        (lambda: combine.SMOTETomek(smote=3), TypeError, "autosmote.over_sampling.SMOTE"),
        (lambda: combine.SMOTEENN(enn=imb_under.EditedNearestNeighbours()), TypeError, "EditedNearestNeighbours"),
        (lambda: under_sampling.EditedNearestNeighbours(kind_sel="most"), ValueError, "kind_sel"),
        (lambda: under_sampling.EditedNearestNeighbours(n_neighbors=0), ValueError, "n_neighbors"),
        (lambda: under_sampling.TomekLinks(sampling_strategy="minority"), ValueError, "sampling_strategy"),
    ],
)
def test_errors_are_one_line(make, error, message, binary_data):
    X, y = binary_data
    with pytest.raises(error, match=message) as raised:
        make().fit_resample(X, y)
    assert "\n" not in str(raised.value)


def test_get_params_and_clone():
    sampler = combine.SMOTEENN(smote=over_sampling.SMOTE(k_neighbors=3), random_state=1)
    params = sampler.get_params(deep=False)
    assert set(params) == {"sampling_strategy", "smote", "enn", "random_state", "n_jobs"}
    assert clone(sampler).smote.k_neighbors == 3
    assert set(under_sampling.TomekLinks().get_params()) == {"sampling_strategy", "n_jobs"}
    assert set(under_sampling.EditedNearestNeighbours().get_params()) == {
        "sampling_strategy", "n_neighbors", "kind_sel", "n_jobs"
    }


def test_in_pipelines(binary_data):
    X, y = binary_data
    combined = make_pipeline(combine.SMOTEENN(random_state=0), LogisticRegression())
    scores = cross_val_score(combined, X, y, cv=3, scoring="balanced_accuracy")
    assert scores.shape == (3,) and np.all(scores > 0.5)
    cleaned = make_pipeline(under_sampling.EditedNearestNeighbours(), LogisticRegression())
    search = GridSearchCV(cleaned, {"editednearestneighbours__n_neighbors": [3, 5]}, cv=3, scoring="balanced_accuracy")
    search.fit(X, y)
    assert search.best_params_["editednearestneighbours__n_neighbors"] in (3, 5)
