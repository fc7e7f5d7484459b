"""Over-samplers with imbalanced-learn's names, parameters and semantics, run by autosmote's C++
samplers. Each class is one row of ``_SAMPLERS`` (see ``_base.make_sampler_class``); SMOTENC's
``categorical_features`` comes from the registry's feature needs, not from its row."""

from ._base import (
    Param,
    auto_or_real,
    choice,
    define_sampler_classes,
    optional_integer,
    neighbours_count,
    only_default,
    optional_real,
    real_number,
)


def _kmeans_clusters(name, value):
    """None (8 clusters, imbalanced-learn's KMeans default) or an int n_clusters; a KMeans object
    is not taken."""
    if value is None:
        return None
    try:
        return neighbours_count(name, value)
    except TypeError:
        raise TypeError(
            f"{name} must be None or an int (the number of clusters); autosmote runs its own k-means "
            "and does not take a KMeans object"
        ) from None


def _k(name, default):
    return Param(name, default, name, neighbours_count)


_COMMON = "sampling_strategy, random_state (int or None) and n_jobs (threads) as in imbalanced-learn."

# (imbalanced-learn class, registry name, parameters, summary)
_SAMPLERS = [
    (
        "RandomOverSampler",
        "random",
        [Param("shrinkage", None, "shrinkage", optional_real)],
        "Random over-sampling: duplicates rows (smoothed by shrinkage, a float, when given).",
    ),
    ("SMOTE", "smote", [_k("k_neighbors", 5)], "SMOTE: new rows on segments between same-class neighbours."),
    (
        "BorderlineSMOTE",
        "borderline-smote",
        [
            _k("k_neighbors", 5),
            _k("m_neighbors", 10),
            Param("kind", "borderline-1", "kind", choice({"borderline-1": "1", "borderline-2": "2"})),
        ],
        "Borderline-SMOTE: SMOTE from the minority rows in danger.",
    ),
    (
        "SVMSMOTE",
        "svm-smote",
        [
            _k("k_neighbors", 5),
            _k("m_neighbors", 10),
            Param("svm_estimator", None, None, only_default),
            Param("out_step", 0.5, "out_step", real_number),
        ],
        "SVM-SMOTE: SMOTE around the support vectors of an RBF SVM (C=1; svm_estimator only None).",
    ),
    ("ADASYN", "adasyn", [_k("n_neighbors", 5)], "ADASYN: more new rows where the majority is denser."),
    (
        "KMeansSMOTE",
        "kmeans-smote",
        [
            _k("k_neighbors", 2),
            Param("kmeans_estimator", None, "n_clusters", _kmeans_clusters),
            Param("cluster_balance_threshold", "auto", "cluster_balance_threshold", auto_or_real),
            Param("density_exponent", "auto", None, lambda name, value: only_default(name, value, "auto")),
        ],
        "K-Means SMOTE: SMOTE inside the k-means clusters where the minority is dense.",
    ),
    (
        "SMOTENC",
        "smote-nc",
        [_k("k_neighbors", 5)],
        "SMOTE-NC: SMOTE on numeric columns, the most frequent category of the neighbours on the "
        "categorical_features (indices, a bool mask or DataFrame column names).",
    ),
    (
        "SMOTEN",
        "smoten",
        [_k("k_neighbors", 5)],
        "SMOTEN: every column categorical (numbers, strings or objects); neighbours by the value "
        "difference metric, each new value the most frequent among the neighbours.",
    ),
    (
        "DeepSMOTE",
        "deep-smote",
        [
            _k("k_neighbors", 5),
            Param("hidden", None, "hidden", optional_integer),
            Param("latent", None, "latent", optional_integer),
            Param("epochs", None, "epochs", optional_integer),
            Param("batch", None, "batch", optional_integer),
            Param("lr", None, "lr", optional_real),
        ],
        "DeepSMOTE (Dablain et al., 2022) for tables: SMOTE in an autoencoder's latent space, decoded "
        "(docs/generative.md; None: the library's default).",
    ),
    (
        "CWGAN",
        "cwgan",
        [
            Param("epochs", None, "epochs", optional_integer),
            Param("batch", None, "batch", optional_integer),
            Param("lr", None, "lr", optional_real),
            Param("gp_weight", None, "gp_weight", optional_real),
            Param("aux_weight", None, "aux_weight", optional_real),
        ],
        "Conditional WGAN-GP over-sampling (Engelmann & Lessmann, 2021): new rows drawn from a "
        "label-conditioned generator (docs/generative.md; None: the library's default).",
    ),
    (
        "TVAE",
        "tvae",
        [
            Param("epochs", None, "epochs", optional_integer),
            Param("batch", None, "batch", optional_integer),
            Param("lr", None, "lr", optional_real),
            Param("min_steps", None, "min_steps", optional_integer),
        ],
        "TVAE (Xu et al., 2019): a variational autoencoder on mode-specific normalised columns; the rows "
        "of the wanted classes kept from its draws (docs/generative.md; None: the library's default).",
    ),
]

__all__ = define_sampler_classes(globals(), _SAMPLERS, _COMMON)
