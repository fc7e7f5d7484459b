"""imbalanced-learn's own sampler checks on every autosmote sampler.

Not run (the samplers' tags say so, as imbalanced-learn's checks expect):
- check_samplers_sparse: autosmote takes dense X only (a sparse X is sklearn's TypeError);
- check_samplers_string on all but SMOTEN: string features are SMOTEN's (SMOTEN runs it; SMOTENC
  needs a numeric column, which that check's one-column data lacks; the others take numbers);
- check_samplers_nan: NaN is refused (ValueError), not a value.
Parameters the checks need: SMOTENC gets categorical_features=[0] (the checks' first column, its
floats as categories); AutoSMOTE and the generative samplers (DeepSMOTE, CWGAN, TVAE) train a few
epochs (the checks fit each a dozen times).
"""

from imblearn.utils.estimator_checks import parametrize_with_checks

import autosmote
from autosmote import combine, over_sampling, under_sampling


_SHORT_FITS = {"DeepSMOTE": {"epochs": 3}, "CWGAN": {"epochs": 3}, "TVAE": {"epochs": 3, "min_steps": 0}}


def _instance(module, name):
    cls = getattr(module, name)
    if name == "SMOTENC":
        return cls(categorical_features=[0], random_state=0)
    if name in _SHORT_FITS:
        return cls(**_SHORT_FITS[name], random_state=0)
    return cls() if module is under_sampling else cls(random_state=0)


SAMPLERS = [_instance(module, name) for module in (over_sampling, under_sampling, combine) for name in module.__all__]
SAMPLERS.append(autosmote.AutoSMOTE(epochs=3, random_state=0))
# imbalanced-learn's checks give KMeansSMOTE 12 clusters (they set kmeans_estimator=12 themselves).


@parametrize_with_checks(SAMPLERS)
def test_imblearn_checks(estimator, check):
    check(estimator)
