"""scikit-learn classifiers over the C++ classifier registry: ``MLPClassifier`` (model ``mlp``) and
``AutoSMOTEClassifier`` (model ``auto-smote``: the MLP that learns its own over-sampling policy).

Each parameter is a key of the model's spec (``autosmote train --model 'mlp:epochs=50'``) under the
same name, read from the registry when the module loads (as ``autosmote.AutoSMOTE``'s), plus
``random_state`` (``--seed``) and ``n_jobs`` (``--threads``). Every key defaults to None, the
library's default (include/autosmote/models/mlp_classifier.h, docs/autosmote.md). A value is passed
to C++ as its spec text (a number as written, a string as is, a list as ``a/b/c``), and C++ checks
it: a bad value is a ``ValueError`` with the library's one-line message.

``fit`` runs the pipeline of ``autosmote train`` (min-max scaling of every column fitted on X, the
classifier, and with ``threshold='tuned'`` the per-class offsets chosen on held-out training rows),
so the same rows and seed give the CLI's model: ``predict`` returns what ``autosmote predict`` writes
(docs/python.md, "Estimators"). X may be a pandas DataFrame (or an object array) with text,
categorical and boolean columns and missing values: each column is read as the CLI reads that
column of ``X.to_csv()`` (numeric when every value is a number, else categorical and one-hot
encoded; missing values imputed with the median / the most frequent category), so the model's bytes
are ``autosmote train``'s on that CSV. A fitted estimator pickles as the bytes of that model file, read
back through the same validated reader (a pickle is untrusted input like any model file).
"""

import inspect
import json

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_consistent_length, check_is_fitted, column_or_1d

from . import _autosmote
from ._base import _seed, _threads
from .auto_smote import registry_keys, spec_value


# explain()'s policy columns: the fields of a group of `autosmote explain --json` but its centroid.
_POLICY_COLUMNS = (
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
)


def _is_numeric(series):
    return pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype)


def _text_cells(series):
    """A column's values as the CSV fields ``to_csv`` would write (None: missing)."""
    return [None if pd.isna(v) else str(v) for v in series.tolist()]


def _columns_of(X, categorical=None):
    """X as the binding's columns, or None when X is a plain numeric array (the matrix path).
    Numeric columns go as float64 arrays (NaN: missing), the others as text cells; with
    ``categorical`` (a fitted model's categorical column names), those go as text whatever their dtype."""
    if isinstance(X, pd.DataFrame):
        frame = X
    elif sparse.issparse(X):
        return None  # the matrix path's check refuses it with sklearn's message
    else:
        array = np.asarray(X)
        if array.dtype.kind not in "OUSb" and not categorical:
            return None
        if array.ndim != 2:
            raise ValueError(f"Expected 2D array, got {array.ndim}D array instead")
        frame = pd.DataFrame(array)
        if array.dtype.kind == "O":
            frame = frame.infer_objects()
    columns = []
    for j in range(frame.shape[1]):
        series = frame.iloc[:, j]
        as_text = categorical is not None and j in categorical
        if _is_numeric(series) and not as_text:
            values = series.to_numpy(dtype=np.float64, na_value=np.nan)
            if np.isinf(values).any():
                raise ValueError("Input X contains infinity or a value too large for dtype('float64').")
            columns.append(values)
        else:
            columns.append(_text_cells(series))
    return columns


def _names_or_none(names):
    """Texts usable as the model file's names (unique, non-empty), else None."""
    names = [str(n) for n in names]
    return names if all(names) and len(set(names)) == len(names) else None


class _RegistryClassifier(ClassifierMixin, BaseEstimator):
    """The common part: fit / predict / predict_proba / explain over ``_autosmote.Model``."""

    _registry_name = ""
    _keys = ()

    def _more_tags(self):
        return {
            "X_types": ["2darray", "string"],
            "allow_nan": True,
            "_xfail_checks": {
                "check_class_weight_classifiers": "class_weight is None, 'balanced' or 'effective' (the spec's values), "
                "not a dict of weights",
            },
        }

    def _spec_params(self):
        params = {}
        for key in self._keys:
            text = spec_value(key, getattr(self, key))
            if text is not None:
                params[key] = text
        return params

    def fit(self, X, y):
        """Trains the model as ``autosmote train`` does on (X, y); X numbers, or a DataFrame with text,
        categorical, boolean columns and missing values (read as the CLI reads its CSV); y any labels."""
        columns = _columns_of(X)
        if columns is None:
            X, y = self._validate_data(X, y, dtype=np.float64, force_all_finite="allow-nan")
        else:
            self._check_feature_names(X, reset=True)
            self._check_n_features(X, reset=True)
            y = column_or_1d(y, warn=True)
            check_consistent_length(X, y)
        check_classification_targets(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError(f"y has one class ({self.classes_[0]!r}); a classifier needs at least two")
        features = _names_or_none(getattr(self, "feature_names_in_", ()))
        features = features or [f"x{i}" for i in range(X.shape[1])]
        target = "class"
        while target in features:
            target = "_" + target
        train = _autosmote.Model.train if columns is None else _autosmote.Model.train_columns
        self.model_ = train(
            self._registry_name,
            self._spec_params(),
            X if columns is None else columns,
            codes.astype(np.int64),
            _names_or_none(self.classes_) or [str(i) for i in range(len(self.classes_))],
            features,
            target,
            _seed(self.random_state),
            _threads(self.n_jobs),
        )
        self.warnings_ = list(self.model_.warnings)
        return self

    def _checked_X(self, X):
        """(X checked as a matrix, None) or (None, its columns) when it, or the model, has text columns."""
        check_is_fitted(self, "model_")
        names = self.model_.feature_names
        categorical = {names.index(n) for n in self.model_.categorical_features}
        columns = _columns_of(X, categorical or None)
        if columns is None:
            return self._validate_data(X, dtype=np.float64, reset=False, force_all_finite="allow-nan"), None
        self._check_feature_names(X, reset=False)
        self._check_n_features(X, reset=False)
        return None, columns

    def predict_proba(self, X):
        """Class probabilities [rows, classes] in the order of ``classes_``."""
        X, columns = self._checked_X(X)
        threads = _threads(self.n_jobs)
        proba = self.model_.predict_proba(X, threads) if columns is None else self.model_.predict_proba_columns(columns, threads)
        return proba.astype(np.float64)

    def predict(self, X):
        """The predicted labels; with ``threshold='tuned'``, argmax of log p + the class's offset."""
        X, columns = self._checked_X(X)
        threads = _threads(self.n_jobs)
        codes = self.model_.predict(X, threads) if columns is None else self.model_.predict_columns(columns, threads)
        return self.classes_[codes]

    def explain(self, as_dict=False):
        """The model as ``autosmote explain`` shows it.

        ``as_dict=True``: the dict of ``autosmote explain --json``. Else a DataFrame with one row per
        class, or for AutoSMOTE per group of the learned policy (class and cohort; a class without
        one is a row of its own): ``class`` (the label as in ``classes_``), for AutoSMOTE the policy
        (``cohort, size, danger, participation, expected_amount, k_probs, aggregation_probs,
        position_probs, amount_probs, centroid_summary``), and ``offset``: the class's offset on
        log-probabilities of the operating point (0 with ``threshold='none'``).
        """
        check_is_fitted(self, "model_")
        doc = json.loads(self.model_.explain_json())
        if as_dict:
            return doc
        label_of = dict(zip(self.model_.class_names, self.classes_))
        offsets = doc["operating_point"]["class_offsets"]
        groups = doc.get("groups", [])
        rows = []
        for name in self.model_.class_names:
            for group in [g for g in groups if g["class"] == name] or [{}]:
                rows.append({**group, "class": label_of[name], "offset": offsets.get(name, 0.0)})
        table = pd.DataFrame(rows, columns=["class", *(_POLICY_COLUMNS if groups else ()), "offset"])
        return table.astype({"cohort": "Int64", "size": "Int64"}) if groups else table

    def __getstate__(self):
        state = dict(super().__getstate__())  # a copy: on Python 3.11 it is the instance's __dict__
        if "model_" in state:
            state["model_"] = state["model_"].to_bytes()
        return state

    def __setstate__(self, state):
        if "model_" in state:
            state = {**state, "model_": _autosmote.Model.from_bytes(state["model_"])}
        super().__setstate__(state)


class _SelectingClassifier(_RegistryClassifier):
    """A classifier whose fit chooses among candidates (``auto``): the leaderboard of its choice."""

    def _more_tags(self):
        tags = super()._more_tags()
        tags["_xfail_checks"] = {
            **tags["_xfail_checks"],
            "check_classifiers_train": "every candidate predicts at its tuned operating point: argmax of "
            "log p + the class offsets, not argmax p",
        }
        return tags

    def leaderboard(self):
        """What the selection tried, as ``autosmote explain`` prints it: a DataFrame with one row
        per candidate, best first (``model, sampler, score`` (inner macro-F1 of its pooled
        out-of-fold decisions), ``spread`` (standard deviation over folds), ``folds, seconds,
        outcome``)."""
        check_is_fitted(self, "model_")
        record = json.loads(self.model_.explain_json())["selection"]
        rows = [
            {
                "model": c["model"],
                "sampler": c["sampler"],
                "score": c["score"] if c["fold_scores"] else np.nan,
                "spread": float(np.std(c["fold_scores"], ddof=1)) if len(c["fold_scores"]) > 1 else 0.0,
                "folds": len(c["fold_scores"]),
                "seconds": c["seconds"],
                "outcome": c["outcome"],
            }
            for c in record["candidates"]
        ]
        table = pd.DataFrame(rows)
        return table.sort_values(["folds", "score"], ascending=False, kind="stable").reset_index(drop=True)


def _make_classifier(class_name, registry_name, doc, base=_RegistryClassifier):
    """A classifier class whose constructor takes each key of registry model ``registry_name``,
    random_state and n_jobs as keywords defaulting to None (sklearn's get_params reads the
    signature)."""
    keys = registry_keys(registry_name, kind="model")
    defaults = {**dict.fromkeys(keys), "random_state": None, "n_jobs": None}

    def __init__(self, **kwargs):
        unknown = set(kwargs) - set(defaults)
        if unknown:
            raise TypeError(f"{class_name}() got unexpected keyword arguments {sorted(unknown)}")
        for name, default in defaults.items():
            setattr(self, name, kwargs.get(name, default))

    __init__.__signature__ = inspect.Signature(
        [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        + [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=d) for n, d in defaults.items()]
    )
    namespace = {
        "__init__": __init__,
        "__doc__": doc + "\n\n    Parameters: " + ", ".join(keys) + "; random_state, n_jobs.",
        "__module__": __name__,
        "_registry_name": registry_name,
        "_keys": tuple(keys),
    }
    return type(class_name, (base,), namespace)


MLPClassifier = _make_classifier(
    "MLPClassifier",
    "mlp",
    """autosmote's MLP (model ``mlp``, docs/host.md): by default the AutoSMOTE paper's network
    (``layers`` hidden layers of ``hidden`` ReLU units, Adam, constant learning rate, ``epochs``
    passes over mini-batches of ``batch`` rows); ``preset='modern'`` is the RealMLP-style host
    (robust scaling with smooth clipping, PBLD numeric embeddings, a front scale, NTK
    parametrisation, SELU, label smoothing, the coslog4 schedule, best-epoch selection on held-out
    training rows), every ingredient a keyword (the CLI spec's keys). ``class_weight='balanced'``
    weights the loss by n / (C n_c), ``'effective'`` by effective numbers; ``loss`` is 'ce', 'focal',
    'logit-adjusted' or 'ldam' (docs/losses.md); ``threshold='tuned'`` tunes per-class offsets for macro-F1 on
    held-out training rows. ``random_state``: the seed (an int is ``--seed``); ``n_jobs``: threads
    (None = 1, -1 = every core).""",
)

AutoSMOTEClassifier = _make_classifier(
    "AutoSMOTEClassifier",
    "auto-smote",
    """AutoSMOTE (model ``auto-smote``, docs/autosmote.md): the paper's MLP (``mlp`` preset 'paper')
    trained with a learned over-sampling policy per minority class and cohort; the paper network's
    ``mlp`` keys too (the modern host's are refused). ``explain()`` shows the policy.
    ``random_state``: the seed (an int is ``--seed``); ``n_jobs``: threads (None = 1, -1 = every core).""",
)

AutoClassifier = _make_classifier(
    "AutoClassifier",
    "auto",
    """The best model for this data (model ``auto``, docs/auto.md): candidates (xgboost and the
    MLPs at their tuned operating points, with no over-sampling, random over-sampling, SMOTE, and
    AutoSMOTE) compared by stratified inner cross-validation of the training rows with successive
    halving inside ``budget`` seconds; the winner is refitted on every row. ``folds``: inner folds;
    ``eta``: the halving rate; ``candidates``: 'all' or 'fast'. ``leaderboard()`` shows what was
    tried; ``explain()`` the winner's operating point. ``random_state``: the seed (an int is
    ``--seed``); ``n_jobs``: threads (None = 1, -1 = every core).""",
    base=_SelectingClassifier,
)

__all__ = ["MLPClassifier", "AutoSMOTEClassifier", "AutoClassifier"]
