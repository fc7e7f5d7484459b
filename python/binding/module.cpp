// _autosmote: the pybind11 module under the Python package autosmote (python/autosmote/,
// docs/python.md). It exposes the sampler registry generically, so a sampler added to
// src/registry/samplers.cpp is callable from Python without new glue here:
//
//   sampler_names() -> list[str]                         the registry's names, in its order
//   canonical_spec(name, params) -> str                  checks the keys (SpecError -> ValueError)
//   sampler_feature_needs() -> dict[str, str]           per name: "any", "numeric-and-categorical"
//                                                        (smote-nc) or "categorical-only" (smoten)
//   fit_resample(name, params, X, y, n_classes, class_names, seed, n_threads, layout=[])
//       -> (X_out float32 [rows, cols], y_out int64 [rows], original_rows int64, warnings list[str])
//   _input_rows_address(X) -> int                       for tests: where the rows fit_resample reads lie
//
// `layout` is the library's FeatureLayout as (start, size, categorical) triples: which columns of X
// form one feature, a numeric column or the one-hot block of a categorical one (empty: all numeric).
// The Python layer one-hot encodes categorical columns and decodes the blocks of the new rows.
// `params` maps spec keys to their text ("k_neighbors" -> "5"). X is float32 or float64 [rows, cols],
// y int64 codes in [0, n_classes); a float32 C-contiguous X is read in place (no copy), any other is
// converted once. The same seed gives the rows `autosmote resample --seed` makes
// from the same matrix (the CLI's matrix is the min-max scaled data: the same when each column spans
// [0, 1]). autosmote::SpecError / InputError become ValueError, other autosmote and standard errors
// RuntimeError, each with the library's one-line message. The GIL is released while C++ works.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "autosmote/core/error.h"
#include "autosmote/core/params.h"
#include "autosmote/core/random.h"
#include "autosmote/core/runtime.h"
#include "autosmote/registry/samplers.h"

namespace py = pybind11;

namespace {

using autosmote::Labels;
using autosmote::Matrix;

// name + keys -> the registry's spec text. Keys are passed in sorted order (std::map); values with
// a spec separator would be read as other keys, so they are refused.
std::string spec_of(const std::string& name, const std::map<std::string, std::string>& params) {
  autosmote::Spec spec{name, {}};
  for (const auto& [key, value] : params) {
    if (value.find_first_of(",=") != std::string::npos)
      throw autosmote::SpecError("sampler '" + name + "': the value of " + key + " ('" + value +
                                 "') may not contain ',' or '='");
    spec.args.emplace_back(key, value);
  }
  return spec.str();
}

// X as a float32 or float64 C-contiguous [rows, cols] array: a float32 or float64 C-contiguous
// input as is, anything else converted (py::array_t with c_style | forcecast).
py::array contiguous_numbers(const py::array& x) {
  if (x.ndim() != 2)
    throw autosmote::InputError("X must be a 2-d array [rows, features], got " + std::to_string(x.ndim()) +
                                " dimension(s)");
  if (py::isinstance<py::array_t<double>>(x)) return py::array_t<double, py::array::c_style>::ensure(x);
  auto as_float = py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(x);
  if (!as_float) throw autosmote::InputError("X must hold numbers (float32 or float64)");
  return std::move(as_float);
}

// The rows of a contiguous_numbers array as the library's Matrix: float32 rows are borrowed (no
// copy; the caller keeps the array alive and unchanged while the matrix is used), float64 rows are
// narrowed into an owned float32 copy. It reads the buffer only, so it runs without the GIL.
struct RowsView {
  const void* data;
  bool is_double;
  int64_t rows, cols;

  explicit RowsView(const py::array& x)
      : data(x.data()), is_double(x.itemsize() == sizeof(double)), rows(x.shape(0)), cols(x.shape(1)) {}

  Matrix to_matrix() const {
    if (!is_double) return Matrix::borrowed(static_cast<const float*>(data), rows, cols);
    Matrix m;
    m.rows = rows;
    m.cols = cols;
    const auto* values = static_cast<const double*>(data);
    m.data.assign(values, values + rows * cols);
    return m;
  }
};

// Moves a std::vector into a numpy array that owns it (no copy).
template <class T>
py::array_t<T> owned_array(std::vector<T>&& values, std::vector<py::ssize_t> shape) {
  auto* owner = new std::vector<T>(std::move(values));
  py::capsule free_owner(owner, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(shape, owner->data(), free_owner);
}

using LayoutTriples = std::vector<std::tuple<int64_t, int64_t, bool>>;

autosmote::FeatureLayout layout_from(const LayoutTriples& triples) {
  autosmote::FeatureLayout layout;
  for (const auto& [start, size, categorical] : triples) layout.push_back({start, size, categorical});
  return layout;
}

std::map<std::string, std::string> sampler_feature_needs() {
  std::map<std::string, std::string> needs;
  for (const auto& row : autosmote::sampler_rows())
    needs[row.name] = row.needs == autosmote::FeatureNeeds::kNumericAndCategorical ? "numeric-and-categorical"
                      : row.needs == autosmote::FeatureNeeds::kCategoricalOnly     ? "categorical-only"
                                                                                   : "any";
  return needs;
}

py::tuple fit_resample(const std::string& name, const std::map<std::string, std::string>& params, const py::array& x,
                       const py::array_t<int64_t, py::array::c_style | py::array::forcecast>& y, int64_t n_classes,
                       const std::vector<std::string>& class_names, uint64_t seed, int n_threads,
                       const LayoutTriples& layout) {
  const auto sampler = autosmote::make_oversampler(spec_of(name, params));
  if (y.ndim() != 1) throw autosmote::InputError("y must be a 1-d array of labels");
  const py::array numbers = contiguous_numbers(x);
  const RowsView input(numbers);
  const int64_t* codes = y.data();
  const auto n_labels = static_cast<size_t>(y.shape(0));
  autosmote::SampleContext context;
  context.class_names = class_names;
  context.layout = layout_from(layout);
  autosmote::Resampled out;
  {
    py::gil_scoped_release release;  // the input conversions too: they read the arrays' buffers only
    const Matrix matrix = input.to_matrix();
    const Labels labels(codes, codes + n_labels);
    autosmote::set_threads(n_threads);
    autosmote::Rng rng(autosmote::derive_seed(seed, 1));  // as `autosmote resample --seed` (resample_training)
    out = sampler->fit_resample(matrix, labels, n_classes, rng, context);
  }
  const auto rows = static_cast<py::ssize_t>(out.x.rows);
  const auto cols = static_cast<py::ssize_t>(out.x.cols);
  const auto kept = static_cast<py::ssize_t>(out.original_rows.size());
  return py::make_tuple(owned_array(std::move(out.x.data), {rows, cols}), owned_array(std::move(out.y), {rows}),
                        owned_array(std::move(out.original_rows), {kept}), out.warnings);
}

// For tests: the address of the rows a sampler reads for X (X's own buffer when it is borrowed).
uintptr_t input_rows_address(const py::array& x) {
  const py::array numbers = contiguous_numbers(x);
  const Matrix matrix = RowsView(numbers).to_matrix();
  return reinterpret_cast<uintptr_t>(matrix.values());
}

}  // namespace

void bind_estimators(py::module_& m);  // estimators.cpp: the classifiers

PYBIND11_MODULE(_autosmote, m) {
  m.doc() = "autosmote's C++ samplers (use the autosmote package, not this module)";
  m.attr("__version__") = AUTOSMOTE_VERSION;

  // Spec and input errors are the caller's values: ValueError; the rest RuntimeError, on one line.
  py::register_exception_translator([](std::exception_ptr error) {
    try {
      if (error) std::rethrow_exception(error);
    } catch (const autosmote::SpecError& e) {
      PyErr_SetString(PyExc_ValueError, autosmote::one_line(e.what()).c_str());
    } catch (const autosmote::InputError& e) {
      PyErr_SetString(PyExc_ValueError, autosmote::one_line(e.what()).c_str());
    } catch (const autosmote::Error& e) {
      PyErr_SetString(PyExc_RuntimeError, autosmote::one_line(e.what()).c_str());
    } catch (const py::builtin_exception&) {
      throw;  // pybind11's own (py::value_error ...): its translator maps them
    } catch (const std::runtime_error& e) {
      PyErr_SetString(PyExc_RuntimeError, autosmote::one_line(e.what()).c_str());  // other library errors
    }
  });

  m.def("sampler_names", &autosmote::oversampler_names, "The sampler registry's names, in its order.");
  m.def(
      "canonical_spec",
      [](const std::string& name, const std::map<std::string, std::string>& params) {
        return autosmote::make_oversampler(spec_of(name, params))->spec();
      },
      py::arg("name"), py::arg("params"), "The sampler's canonical spec; ValueError for a bad name or key.");
  m.def("sampler_feature_needs", &sampler_feature_needs,
        "Per registry name, the features it needs: any, numeric-and-categorical or categorical-only.");
  m.def("fit_resample", &fit_resample, py::arg("name"), py::arg("params"), py::arg("X"), py::arg("y"),
        py::arg("n_classes"), py::arg("class_names"), py::arg("seed"), py::arg("n_threads"),
        py::arg("layout") = LayoutTriples{},
        "Runs sampler `name` with `params` on (X, y codes) and the feature layout (start, size, categorical) "
        "triples; returns (X_out, y_out, original_rows, warnings).");
  m.def("_input_rows_address", &input_rows_address, py::arg("X"),
        "For tests: the address of the rows the samplers read for X (X's buffer when it is borrowed).");
  bind_estimators(m);
}
