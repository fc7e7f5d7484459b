"""The imbalanced-learn-compatible base of every autosmote sampler.

A sampler class is a row of a table (``over_sampling._SAMPLERS``, ``under_sampling._CLEANERS``,
``combine._COMBINATIONS``): its imbalanced-learn name, the registry name of the C++ sampler and its
parameters, each with its default and a function that turns the Python value into the spec value (or
``None``: the C++ default). ``make_sampler_class`` builds the class from the row, so a new C++ sampler
needs one row there and no C++ glue. What features a sampler takes comes from the registry
(``_autosmote.sampler_feature_needs``): a sampler that needs numeric and categorical features (SMOTE-NC)
gets imbalanced-learn's ``categorical_features`` parameter, one that needs categorical features only
(SMOTEN) treats every column as categorical; both take object / string columns (``_features``).

imbalanced-learn's bases do the input checks and resolve ``sampling_strategy`` exactly as
imbalanced-learn does. Over-samplers and combinations (``BaseOverSampler``, ``BaseSampler`` of
over-sampling type) pass the resolved rows per class to C++ as per-class targets, so the class counts
equal imbalanced-learn's. Cleaners (``BaseCleaningSampler``) run the C++ cleaner on every class and
keep the rows of the classes ``sampling_strategy`` does not clean: a row's removal depends only on
its neighbours, so this is imbalanced-learn's rule for every form (strings, list, callable).
"""

import inspect
import numbers
from dataclasses import dataclass
from typing import Any, Callable, Optional

import numpy as np
from imblearn.base import BaseSampler
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.under_sampling.base import BaseCleaningSampler
from imblearn.utils import check_target_type
from imblearn.utils._param_validation import StrOptions
from sklearn.utils import _safe_indexing, check_random_state

from . import _autosmote, _features

# Spec values may not contain these; labels that do are passed to C++ by index.
_SPEC_SEPARATORS = set(",=:/")


@dataclass(frozen=True)
class Param:
    """One constructor parameter: its imbalanced-learn name and default, the C++ key, and
    ``to_spec(value) -> str or None`` (``None``: leave the C++ default)."""

    name: str
    default: Any
    key: Optional[str]
    to_spec: Callable[[str, Any], Optional[str]]


def neighbours_count(name, value):
    """An int k (imbalanced-learn also takes a NearestNeighbors object: not here)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be an int, got {type(value).__name__}; autosmote finds neighbours itself "
            "(exact Euclidean k-NN) and does not take a NearestNeighbors object"
        )
    return str(int(value))


def integer(name, value):
    """An int (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    return str(int(value))


def optional_integer(name, value):
    """None (the C++ default) or an int."""
    return None if value is None else integer(name, value)


def real_number(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    return repr(float(value))


def optional_real(name, value):
    """None or a number (None: the C++ default)."""
    return None if value is None else real_number(name, value)


def auto_or_real(name, value):
    return "auto" if isinstance(value, str) and value == "auto" else real_number(name, value)


def only_default(name, value, default=None):
    """A parameter kept for imbalanced-learn's signature that autosmote does not vary."""
    if value is not default and not (isinstance(value, str) and value == default):
        raise TypeError(f"{name}={value!r} is not supported by autosmote (only {default!r})")
    return None


def choice(mapping):
    """A string parameter whose values map to spec values."""

    def to_spec(name, value):
        if not isinstance(value, str) or value not in mapping:
            raise ValueError(f"{name} must be one of {sorted(mapping)}, got {value!r}")
        return mapping[value]

    return to_spec


def _threads(n_jobs):
    """imbalanced-learn's n_jobs -> autosmote's threads (0: every core)."""
    if n_jobs is None:
        return 1
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, numbers.Integral) or n_jobs == 0:
        raise ValueError(f"n_jobs must be None, a positive int or a negative int (-1: all cores), got {n_jobs!r}")
    return int(n_jobs) if n_jobs > 0 else 0


def _seed(random_state):
    """An int seed is used as is (the CLI's --seed); None / a RandomState draw one."""
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        if random_state < 0:
            raise ValueError(f"random_state must be a non-negative int, got {random_state}")
        return int(random_state)
    return int(check_random_state(random_state).randint(0, 2**31 - 1))


def label_codes(y):
    """``np.unique(y, return_inverse=True)`` with int64 codes; small non-negative integer labels
    (the common case) are coded in one pass instead of a sort."""
    if y.dtype.kind in "iu" and len(y) and 0 <= y.min() and y.max() < 2 * len(y) + 1024:
        present = np.bincount(y) > 0
        classes = np.flatnonzero(present).astype(y.dtype)
        code_of = np.cumsum(present) - 1
        return classes, code_of[y]
    classes, codes = np.unique(y, return_inverse=True)
    return classes, codes.astype(np.int64)


def _class_names(classes):
    """Labels as C++ names them in messages and targets; None when one cannot be a spec word."""
    names = [str(c) for c in classes]
    if len(set(names)) != len(names) or any(not n or _SPEC_SEPARATORS & set(n) for n in names):
        return None
    return names


class _RegistrySampler:
    """What every generated sampler shares: its spec from the parameters, the categorical encoding
    its registry row asks for, and the call of the C++ sampler."""

    _registry_name: str = ""
    _params: tuple = ()
    _feature_needs: str = "any"  # the registry's: any | numeric-and-categorical | categorical-only
    _rows_by_class: bool = False  # output rows grouped by class (imbalanced-learn's ENN order)

    def _more_tags(self):
        tags = {"X_types": ["2darray", "dataframe"]}
        if self._feature_needs == "categorical-only":
            tags["X_types"].append("string")
        return tags

    def _check_X_y(self, X, y, accept_sparse=None):
        if self._feature_needs == "any":
            # Dense only: a sparse X is sklearn's TypeError.
            return super()._check_X_y(X, y, accept_sparse=False)
        # Categorical samplers take objects and strings, as imbalanced-learn's SMOTENC / SMOTEN.
        self._input_dtypes = list(X.dtypes) if hasattr(X, "dtypes") and hasattr(X, "columns") else None
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        X, y = self._validate_data(X, y, reset=True, dtype=None, accept_sparse=False)
        return X, y, binarize_y

    def _spec_params(self):
        params = {}
        for p in self._params:
            value = p.to_spec(p.name, getattr(self, p.name))
            if value is not None and p.key is not None:
                params[p.key] = value
        return params

    def _categorical_columns(self, X):
        """Indices of the columns C++ gets one-hot encoded; None when the sampler takes numbers."""
        if self._feature_needs == "any":
            return None
        if self._feature_needs == "categorical-only":
            return np.arange(X.shape[1])
        return _features.categorical_indices(
            self.categorical_features, X.shape[1], getattr(self, "feature_names_in_", None)
        )

    def _run(self, X, codes, classes, strategy):
        """Calls the C++ sampler with ``strategy`` (its sampling_strategy spec value); returns the
        output rows (the original rows as given, the new rows decoded) and label codes."""
        params = self._spec_params()
        params["sampling_strategy"] = strategy
        categorical = self._categorical_columns(X)
        matrix, layout, categories = X, [], None
        if categorical is not None:
            matrix, layout, categories = _features.encode(X, categorical, getattr(self, "_input_dtypes", None))
        X_new, codes_new, original_rows, warnings = _autosmote.fit_resample(
            self._registry_name,
            params,
            matrix,
            codes,
            len(classes),
            _class_names(classes) or [],
            _seed(self.random_state) if hasattr(self, "random_state") else 0,
            _threads(self.n_jobs),
            layout,
        )
        self.warnings_ = list(warnings)
        kept = len(original_rows)
        every_row_in_order = kept == len(X) and np.array_equal(original_rows, np.arange(kept))
        if categorical is None and X.dtype == np.float32 and every_row_in_order:
            X_out = X_new  # C++ copied the float32 rows bit for bit: its output is the answer
        else:
            # The original rows exactly as given (C++ works in float32), then the new rows; each
            # part written once into the output.
            if categorical is None:
                X_out = np.empty(X_new.shape, dtype=X.dtype if X.dtype in (np.float32, np.float64) else np.float64)
                X_out[kept:] = X_new[kept:]
            else:
                X_out = np.empty(X_new.shape[:1] + X.shape[1:], dtype=_categorical_output_dtype(X, categorical))
                _features.decode(X_new[kept:], layout, categories, X_out[kept:])
            X_out[:kept] = X if every_row_in_order else X[original_rows]
        if self._rows_by_class:
            order = np.argsort(codes_new, kind="stable")
            X_out, codes_new = X_out[order], codes_new[order]
        return X_out, codes_new, original_rows


def _categorical_output_dtype(X, categorical):
    """Every column categorical: the input's dtype (each value is one of its values). Mixed: objects
    for object / string input (numbers and categories side by side), else float32 kept or float64."""
    if len(categorical) == X.shape[1]:
        return X.dtype
    if X.dtype.kind in "OUS":
        return object
    return X.dtype if X.dtype in (np.float32, np.float64) else np.float64


def _targets_spec(classes, counts, names, add_per_class):
    """Rows to add per class (imbalanced-learn's sampling_strategy_) -> the C++ per-class targets."""
    words = names if names is not None else [str(i) for i in range(len(classes))]
    parts = []
    for code, label in enumerate(classes):
        parts.append(f"{words[code]}:{counts[code] + int(add_per_class.get(label, 0))}")
    return "/".join(parts)


# imbalanced-learn 0.10.0 documents sampling_strategy='minority' but its validation refuses it.
_OVER_SAMPLING_CONSTRAINTS = {
    **BaseOverSampler._parameter_constraints,
    "sampling_strategy": [
        *BaseOverSampler._parameter_constraints["sampling_strategy"][:1],
        StrOptions({"auto", "minority", "majority", "not minority", "not majority", "all"}),
        *BaseOverSampler._parameter_constraints["sampling_strategy"][2:],
    ],
}


class _AddsRows(_RegistrySampler):
    """Over-samplers and combinations: the resolved sampling_strategy_ becomes per-class targets."""

    _parameter_constraints = _OVER_SAMPLING_CONSTRAINTS

    def _fit_resample(self, X, y):
        classes, codes = label_codes(y)
        counts = np.bincount(codes, minlength=len(classes))
        strategy = _targets_spec(classes, counts, _class_names(classes), self.sampling_strategy_)
        X_out, codes_out, _ = self._run(X, codes, classes, strategy)
        return X_out, classes[codes_out]


class AutosmoteSampler(_AddsRows, BaseOverSampler):
    """An over-sampler (imbalanced-learn's BaseOverSampler): the original rows, then the new rows."""


class AutosmoteCombination(_AddsRows, BaseSampler):
    """Over-sampling then cleaning every class (SMOTETomek, SMOTEENN): imbalanced-learn's combinations
    are BaseSampler of over-sampling type (rows are removed, so no class count is guaranteed)."""

    _sampling_type = "over-sampling"


class AutosmoteCleaner(_RegistrySampler, BaseCleaningSampler):
    """A cleaner (imbalanced-learn's BaseCleaningSampler): the C++ cleaner runs on every class, the
    rows of classes sampling_strategy_ leaves alone are kept; ``sample_indices_`` are the kept rows."""

    def _more_tags(self):
        return {**super()._more_tags(), "sample_indices": True}

    def _fit_resample(self, X, y):
        classes, codes = label_codes(y)
        _, _, kept_by_cpp = self._run(X, codes, classes, "all")
        cleaned = np.isin(y, list(self.sampling_strategy_))
        keep = np.zeros(len(y), dtype=bool)
        keep[kept_by_cpp] = True
        keep |= ~cleaned
        kept = np.flatnonzero(keep)
        if self._rows_by_class:
            kept = kept[np.argsort(codes[kept], kind="stable")]
        self.sample_indices_ = kept
        return _safe_indexing(X, kept), _safe_indexing(y, kept)


def make_sampler_class(class_name, registry_name, params, doc, base=AutosmoteSampler, rows_by_class=False):
    """A sampler class with imbalanced-learn's constructor: ``sampling_strategy``, the ``params``,
    ``random_state`` (not for cleaners) and ``n_jobs``, each a keyword with its default (sklearn's
    get_params reads the signature). A sampler the registry says needs numeric and categorical
    features first takes imbalanced-learn's required ``categorical_features`` (positional too)."""
    feature_needs = _autosmote.sampler_feature_needs()[registry_name]
    required = ["categorical_features"] if feature_needs == "numeric-and-categorical" else []
    seeded = base is not AutosmoteCleaner
    names = [*required, "sampling_strategy", *[p.name for p in params], *(["random_state"] if seeded else []), "n_jobs"]
    defaults = {"sampling_strategy": "auto", "random_state": None, "n_jobs": None}
    defaults.update({p.name: p.default for p in params})
    P = inspect.Parameter
    signature = inspect.Signature(
        [P("self", P.POSITIONAL_OR_KEYWORD)]
        + [P(n, P.POSITIONAL_OR_KEYWORD) for n in required]
        + [P(n, P.KEYWORD_ONLY, default=defaults[n]) for n in names[len(required) :]]
    )

    def __init__(self, *args, **kwargs):
        try:
            bound = signature.bind(self, *args, **kwargs)
        except TypeError as error:
            raise TypeError(f"{class_name}(): {error}") from None
        bound.apply_defaults()
        for name in names:
            setattr(self, name, bound.arguments[name])

    __init__.__signature__ = signature
    namespace = {
        "__init__": __init__,
        "__doc__": doc,
        "__module__": "autosmote." + _MODULE_OF_BASE[base],
        "_registry_name": registry_name,
        "_params": tuple(params),
        "_feature_needs": feature_needs,
        "_rows_by_class": rows_by_class,
    }
    if required:
        namespace["_required_parameters"] = required
    return type(class_name, (base,), namespace)


_MODULE_OF_BASE = {AutosmoteSampler: "over_sampling", AutosmoteCleaner: "under_sampling", AutosmoteCombination: "combine"}


def define_sampler_classes(namespace, rows, common, base=AutosmoteSampler):
    """Defines in ``namespace`` (a module's ``globals()``) one class per row of ``rows``: (class
    name, registry name, parameters, summary) and optionally the output-rows-grouped-by-class flag;
    ``common`` ends every docstring. Returns the class names, for ``__all__``."""
    for class_name, registry_name, params, summary, *by_class in rows:
        names = ", ".join(p.name for p in params) or "none of its own"
        namespace[class_name] = make_sampler_class(
            class_name,
            registry_name,
            params,
            f"{summary}\n\nParameters: {names}; {common}",
            base=base,
            rows_by_class=bool(by_class and by_class[0]),
        )
    return [row[0] for row in rows]

