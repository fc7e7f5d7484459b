"""imbalanced-learn's own sampler checks on every autosmote sampler.

Not run (the samplers' tags say so, as imbalanced-learn's checks expect): check_samplers_sparse
(autosmote takes dense X only: a sparse X is sklearn's TypeError), check_samplers_string (string
features are SMOTEN's, not yet in the Python package) and check_samplers_nan (NaN is refused).
"""

from imblearn.utils.estimator_checks import parametrize_with_checks

from autosmote import over_sampling as ours

SAMPLERS = [getattr(ours, name)(random_state=0) for name in ours.__all__]
# imbalanced-learn's checks give KMeansSMOTE 12 clusters (they set kmeans_estimator=12 themselves).


@parametrize_with_checks(SAMPLERS)
def test_imblearn_checks(estimator, check):
    check(estimator)
