"""Categorical columns for the C++ samplers that take them (SMOTE-NC, SMOTEN).

The library's samplers see one float32 matrix plus a feature layout (``FeatureLayout``): which
columns form one feature, a numeric column or the one-hot block of a categorical one, as
``autosmote resample`` builds it with its Preprocessor. ``encode`` builds that matrix and layout
from any 2-d array (numbers, strings, objects), ``decode`` turns the new rows back into the input's
values: a numeric column its float, a categorical column the category of its one-hot block.

Categories are sorted (strings in code-point order, as the CLI sorts them in byte order for ASCII),
so the same CSV gives the CLI's one-hot columns; a pandas categorical column keeps its dtype's
categories in their order (pandas in -> pandas out restores the dtype itself).
"""

import numbers

import numpy as np


def categorical_indices(categorical_features, n_features, feature_names=None):
    """imbalanced-learn's ``categorical_features`` -> sorted column indices: indices, a bool mask
    of n_features, or (for a DataFrame) column names."""
    values = np.asarray(categorical_features)
    if values.ndim != 1 or values.size == 0:
        raise ValueError("categorical_features must be a non-empty 1-d list of indices, a bool mask or column names")
    if values.dtype == bool:
        if values.size != n_features:
            raise ValueError(
                f"categorical_features as a bool mask must have {n_features} entries (one per feature), got {values.size}"
            )
        return np.flatnonzero(values)
    if values.dtype.kind in "OUS":
        if feature_names is None:
            raise ValueError("categorical_features names columns, but X has no column names (pass a DataFrame or indices)")
        names = list(feature_names)
        unknown = [str(v) for v in values if v not in names]
        if unknown:
            raise ValueError(f"categorical_features names columns X does not have: {', '.join(unknown)}")
        return np.unique([names.index(v) for v in values])
    if values.dtype.kind not in "iu" and not all(isinstance(v, numbers.Integral) for v in values.tolist()):
        raise TypeError(f"categorical_features must hold ints, bools or column names, got {values.dtype}")
    indices = values.astype(np.int64)
    if indices.min() < 0 or indices.max() >= n_features:
        raise ValueError(
            f"Some of the categorical indices are out of range. Indices should be between 0 and {n_features - 1}"
        )
    return np.unique(indices)


def _categories_of(column, dtype=None):
    """The sorted categories of one column (a pandas categorical dtype keeps its own)."""
    if dtype is not None and getattr(dtype, "name", "") == "category":
        categories = np.asarray(dtype.categories, dtype=object)
        codes = np.full(len(column), -1, dtype=np.int64)
        for code, category in enumerate(categories):
            codes[column == category] = code
        if (codes < 0).any():
            raise ValueError("a categorical column holds a value outside its categories (a missing value?)")
        return categories, codes
    try:
        return np.unique(column, return_inverse=True)
    except TypeError as error:  # e.g. str and float (NaN) in one object column
        raise ValueError(f"a categorical column mixes value types that cannot be ordered ({error})") from None


def encode(X, categorical, dtypes=None):
    """X [rows, features] -> (float64 matrix with one-hot blocks, layout triples, categories).

    ``categorical`` holds the categorical column indices; ``dtypes`` (a DataFrame's, optional)
    lets a pandas categorical column keep its categories. ``categories[j]`` is None for a numeric
    column."""
    n_rows, n_features = X.shape
    is_categorical = np.zeros(n_features, dtype=bool)
    is_categorical[categorical] = True
    blocks, layout, categories = [], [], []
    start = 0
    for j in range(n_features):
        column = X[:, j]
        if not is_categorical[j]:
            try:
                blocks.append(column.astype(np.float64)[:, None])
            except (TypeError, ValueError):
                raise ValueError(
                    f"column {j} is not numeric (e.g. {column[0]!r}); list it in categorical_features"
                ) from None
            layout.append((start, 1, False))
            categories.append(None)
            start += 1
            continue
        cats, codes = _categories_of(column, None if dtypes is None else dtypes[j])
        block = np.zeros((n_rows, len(cats)), dtype=np.float64)
        block[np.arange(n_rows), codes] = 1.0
        blocks.append(block)
        layout.append((start, len(cats), True))
        categories.append(cats)
        start += len(cats)
    return np.hstack(blocks), layout, categories


def decode(encoded, layout, categories, out):
    """Writes the rows of ``encoded`` (C++ output with one-hot blocks) into ``out`` [rows, features]:
    a numeric column its value, a categorical column the category of its block's largest entry."""
    for j, (start, size, categorical) in enumerate(layout):
        if categorical:
            out[:, j] = categories[j][np.argmax(encoded[:, start : start + size], axis=1)]
        else:
            out[:, j] = encoded[:, start]
    return out
