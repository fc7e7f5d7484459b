"""autosmote: fast over-samplers for scikit-learn and imbalanced-learn users (docs/python.md).

``autosmote.over_sampling``, ``autosmote.under_sampling`` and ``autosmote.combine`` hold the samplers
with imbalanced-learn's names and parameters; ``autosmote.AutoSMOTE`` is the learned over-sampler.
"""

from . import _autosmote, combine, over_sampling, under_sampling
from .auto_smote import AutoSMOTE
from .classifiers import AutoClassifier, AutoSMOTEClassifier, MLPClassifier

__version__ = _autosmote.__version__


def sampler_names():
    """The C++ sampler registry's names (what ``autosmote resample --sampler`` takes)."""
    return list(_autosmote.sampler_names())


__all__ = [
    "over_sampling",
    "under_sampling",
    "combine",
    "AutoSMOTE",
    "MLPClassifier",
    "AutoSMOTEClassifier",
    "AutoClassifier",
    "sampler_names",
    "__version__",
]
