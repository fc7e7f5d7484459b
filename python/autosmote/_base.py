"""The imbalanced-learn-compatible base of every autosmote sampler.

A sampler class is a row of a table (``over_sampling._SAMPLERS``): its imbalanced-learn name, the
registry name of the C++ sampler and its parameters, each with its default and a function that turns
the Python value into the spec value (or ``None``: the C++ default). ``make_sampler_class`` builds the
class from the row, so a new C++ sampler needs one row here and no C++ glue.

imbalanced-learn's ``BaseOverSampler`` does the input checks and resolves ``sampling_strategy``
(float, strings, dict, callable) into rows to add per class, exactly as imbalanced-learn does; the
C++ sampler then gets those targets per class, so the class counts equal imbalanced-learn's.
"""

import inspect
import numbers
from dataclasses import dataclass
from typing import Any, Callable, Optional

import numpy as np
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.utils._param_validation import StrOptions
from sklearn.utils import check_random_state

from . import _autosmote

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


def _class_names(classes):
    """Labels as C++ names them in messages and targets; None when one cannot be a spec word."""
    names = [str(c) for c in classes]
    if len(set(names)) != len(names) or any(not n or _SPEC_SEPARATORS & set(n) for n in names):
        return None
    return names


class AutosmoteSampler(BaseOverSampler):
    """The common part of the generated samplers: ``_fit_resample`` calls the C++ sampler."""

    # imbalanced-learn 0.10.0 documents sampling_strategy='minority' but its validation refuses it.
    _parameter_constraints = {
        **BaseOverSampler._parameter_constraints,
        "sampling_strategy": [
            *BaseOverSampler._parameter_constraints["sampling_strategy"][:1],
            StrOptions({"auto", "minority", "majority", "not minority", "not majority", "all"}),
            *BaseOverSampler._parameter_constraints["sampling_strategy"][2:],
        ],
    }

    _registry_name: str = ""
    _params: tuple = ()

    def _more_tags(self):
        return {"X_types": ["2darray", "dataframe"]}

    def _check_X_y(self, X, y, accept_sparse=None):
        # Dense only: a sparse X is sklearn's TypeError.
        return super()._check_X_y(X, y, accept_sparse=False)

    def _spec_params(self):
        params = {}
        for p in self._params:
            value = p.to_spec(p.name, getattr(self, p.name))
            if value is not None and p.key is not None:
                params[p.key] = value
        return params

    def _targets_spec(self, classes, counts, names):
        """sampling_strategy_ (rows to add per class) -> the C++ per-class targets text."""
        words = names if names is not None else [str(i) for i in range(len(classes))]
        parts = []
        for code, label in enumerate(classes):
            target = counts[code] + int(self.sampling_strategy_.get(label, 0))
            parts.append(f"{words[code]}:{target}")
        return "/".join(parts)

    def _fit_resample(self, X, y):
        params = self._spec_params()
        threads = _threads(self.n_jobs)
        classes, codes = np.unique(y, return_inverse=True)
        counts = np.bincount(codes, minlength=len(classes))
        names = _class_names(classes)
        params["sampling_strategy"] = self._targets_spec(classes, counts, names)
        X_new, codes_new, original_rows, warnings = _autosmote.fit_resample(
            self._registry_name,
            params,
            X,
            codes.astype(np.int64),
            len(classes),
            names or [],
            _seed(self.random_state),
            threads,
        )
        self.warnings_ = list(warnings)
        # The original rows exactly as given (C++ works in float32), then the new rows.
        X_out = X_new.astype(X.dtype if X.dtype in (np.float32, np.float64) else np.float64)
        X_out[: len(original_rows)] = X[original_rows]
        return X_out, classes[codes_new]


def make_sampler_class(class_name, registry_name, params, doc):
    """A sampler class with imbalanced-learn's constructor: ``sampling_strategy``, the ``params``,
    ``random_state`` and ``n_jobs``, each a keyword with its default (sklearn's get_params reads the
    signature)."""
    names = ["sampling_strategy", *[p.name for p in params], "random_state", "n_jobs"]
    defaults = {"sampling_strategy": "auto", "random_state": None, "n_jobs": None}
    defaults.update({p.name: p.default for p in params})

    def __init__(self, **kwargs):
        unknown = set(kwargs) - set(names)
        if unknown:
            raise TypeError(f"{class_name}() got unexpected keyword arguments {sorted(unknown)}")
        for name in names:
            setattr(self, name, kwargs.get(name, defaults[name]))

    __init__.__signature__ = inspect.Signature(
        [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        + [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=defaults[n]) for n in names]
    )
    namespace = {
        "__init__": __init__,
        "__doc__": doc,
        "__module__": "autosmote.over_sampling",
        "_registry_name": registry_name,
        "_params": tuple(params),
    }
    return type(class_name, (AutosmoteSampler,), namespace)
