"""Cleaning under-samplers with imbalanced-learn's names, parameters and semantics, run by autosmote's
C++ cleaners. Each class is one row of ``_CLEANERS`` (see ``_base.make_sampler_class``).

``sampling_strategy`` is imbalanced-learn's cleaning one (the strings, a list of classes, a callable):
the C++ cleaner runs on every class and the rows of the classes it does not name are kept, which is
imbalanced-learn's rule. ``sample_indices_`` are the kept rows; TomekLinks keeps the input order,
EditedNearestNeighbours groups the rows by class (both as imbalanced-learn)."""

from ._base import AutosmoteCleaner, Param, choice, define_sampler_classes, neighbours_count

_COMMON = "sampling_strategy (cleaning: strings, list, callable) and n_jobs (threads) as in imbalanced-learn."

# (imbalanced-learn class, registry name, parameters, summary, rows grouped by class)
_CLEANERS = [
    (
        "TomekLinks",
        "tomek",
        [],
        "Tomek links: removes the rows of the cleaned classes that form a Tomek link (mutual nearest "
        "neighbours of different classes).",
        False,
    ),
    (
        "EditedNearestNeighbours",
        "enn",
        [
            Param("n_neighbors", 3, "n_neighbors", neighbours_count),
            Param("kind_sel", "all", "kind_sel", choice({"all": "all", "mode": "mode"})),
        ],
        "Edited nearest neighbours: removes the rows of the cleaned classes whose n_neighbors nearest "
        "neighbours disagree with their class (kind_sel='all': any; 'mode': the most frequent).",
        True,
    ),
]

__all__ = define_sampler_classes(globals(), _CLEANERS, _COMMON, base=AutosmoteCleaner)
