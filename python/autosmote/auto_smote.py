"""``autosmote.AutoSMOTE``: the learned over-sampler as an imbalanced-learn sampler.

``fit_resample`` trains AutoSMOTE's policy with its MLP on (X, y) (with ``objective="heldout"`` on
held-out folds of the rows, cross-fitted) and returns the original rows followed by rows made by the learned policy,
as many per class as ``sampling_strategy`` asks, placed where the policy's learned amounts put them,
so any classifier can train on them (registry sampler ``auto-smote``, as ``autosmote resample
--sampler auto-smote``).

Its parameters are the registry's keys, read from the registry when the module loads (a key added
to the C++ options appears here without Python glue); each defaults to None, the library's default
(docs/autosmote.md lists every key and its default). Values are passed as spec text: numbers,
strings, and lists for the '/'-separated keys (``aggregations=['interpolate', 'max']``,
``amounts=[0, 0.5, 1]``). ``sampling_strategy`` is imbalanced-learn's (float, strings, dict,
callable), ``random_state`` the seed (an int gives ``autosmote resample --seed``'s rows), ``n_jobs``
the threads.
"""

import numbers
import re

from . import _autosmote
from ._base import Param, make_sampler_class

_REGISTRY_NAME = "auto-smote"
# Keys of the registry sampler that the imbalanced-learn signature provides itself.
_SAMPLER_KEYS = {"sampling_strategy"}


def registry_keys(name, kind="sampler"):
    """The spec keys the registry's sampler (``kind="sampler"``) or model (``kind="model"``)
    ``name`` reads, in sorted order (from the registry's own unknown-key message, the one place
    that lists them)."""
    canonical = _autosmote.canonical_spec if kind == "sampler" else _autosmote.canonical_model_spec
    try:
        canonical(name, {"__no_such_key__": "1"})
    except ValueError as error:
        found = re.search(r"\(valid keys: ([^)]*)\)", str(error))
        if found and found.group(1) != "none":
            return found.group(1).split(", ")
        return []
    raise RuntimeError(f"{kind} '{name}' accepted an unknown key")


def spec_value(name, value):
    """A Python value -> the spec text of its key (None: the library's default)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a number, a string or a list, got a bool")
    if isinstance(value, (list, tuple)):
        return "/".join(spec_value(name, v) for v in value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    if isinstance(value, str):
        return value
    raise TypeError(f"{name} must be a number, a string or a list, got {type(value).__name__}")


_KEYS = [key for key in registry_keys(_REGISTRY_NAME) if key not in _SAMPLER_KEYS]
AutoSMOTE = make_sampler_class(
    "AutoSMOTE",
    _REGISTRY_NAME,
    [Param(key, None, key, spec_value) for key in _KEYS],
    __doc__ + "\nParameters: " + ", ".join(_KEYS) + "; sampling_strategy, random_state, n_jobs.",
)
AutoSMOTE.__module__ = "autosmote"

__all__ = ["AutoSMOTE"]
