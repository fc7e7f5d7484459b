"""Over-sampling then cleaning, with imbalanced-learn's names, parameters and semantics: SMOTETomek
and SMOTEENN, run by autosmote's C++ compositions (SMOTE, then Tomek links / ENN over every class).
Each class is one row of ``_COMBINATIONS`` (see ``_base.make_sampler_class``).

``smote`` is None or an ``autosmote.over_sampling.SMOTE`` (its k_neighbors is used; the combination's
own sampling_strategy, random_state and n_jobs apply); ``tomek`` / ``enn`` are None or the
``autosmote.under_sampling`` cleaner cleaning every class (sampling_strategy='all', as imbalanced-learn's
default inside a combination; ENN with kind_sel='all')."""

from ._base import AutosmoteCombination, Param, define_sampler_classes, neighbours_count
from .over_sampling import SMOTE
from .under_sampling import EditedNearestNeighbours, TomekLinks

_COMMON = "sampling_strategy, random_state (int or None) and n_jobs (threads) as in imbalanced-learn."


def _smote_k(name, value):
    """None (SMOTE's k_neighbors=5) or an autosmote SMOTE, whose k_neighbors is used."""
    if value is None:
        return None
    if not isinstance(value, SMOTE):
        raise TypeError(f"{name} must be None or an autosmote.over_sampling.SMOTE, got {type(value).__name__}")
    return neighbours_count(f"{name}.k_neighbors", value.k_neighbors)


def _cleaner(cls, fixed):
    """None or an autosmote cleaner of class ``cls`` whose parameters ``fixed`` have the values the
    C++ composition uses; returns its n_neighbors (when it has one) for the spec."""

    def to_spec(name, value):
        if value is None:
            return None
        if not isinstance(value, cls):
            raise TypeError(f"{name} must be None or an autosmote.under_sampling.{cls.__name__}, got {type(value).__name__}")
        for param, expected in fixed.items():
            if getattr(value, param) != expected:
                raise ValueError(
                    f"{name}.{param}={getattr(value, param)!r} is not supported: autosmote's combination cleans "
                    f"with {param}={expected!r}"
                )
        return neighbours_count(f"{name}.n_neighbors", value.n_neighbors) if hasattr(value, "n_neighbors") else None

    return to_spec


# (imbalanced-learn class, registry name, parameters, summary, rows grouped by class)
_COMBINATIONS = [
    (
        "SMOTETomek",
        "smote-tomek",
        [
            Param("smote", None, "k_neighbors", _smote_k),
            Param("tomek", None, None, _cleaner(TomekLinks, {"sampling_strategy": "all"})),
        ],
        "SMOTE, then Tomek links removed over every class.",
        False,
    ),
    (
        "SMOTEENN",
        "smote-enn",
        [
            Param("smote", None, "k_neighbors", _smote_k),
            Param("enn", None, "n_neighbors", _cleaner(EditedNearestNeighbours, {"sampling_strategy": "all", "kind_sel": "all"})),
        ],
        "SMOTE, then edited nearest neighbours over every class (rows grouped by class).",
        True,
    ),
]

__all__ = define_sampler_classes(globals(), _COMBINATIONS, _COMMON, base=AutosmoteCombination)
