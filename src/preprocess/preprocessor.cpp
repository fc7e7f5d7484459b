#include "autosmote/preprocess/preprocessor.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "autosmote/core/error.h"
#include "autosmote/core/params.h"
#include "autosmote/io/csv.h"
#include "serialize/json_field.h"

namespace autosmote {

Scaling parse_scaling(const std::string& text) {
  if (text == "minmax") return Scaling::kMinMax;
  if (text == "standard") return Scaling::kStandard;
  throw SpecError("scaling '" + text + "' is not one of: minmax, standard");
}

std::string scaling_name(Scaling s) { return s == Scaling::kMinMax ? "minmax" : "standard"; }

static std::vector<int64_t> all_rows(int64_t n) {
  std::vector<int64_t> r(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) r[i] = i;
  return r;
}

// Median of finite values (reorders them); the mean of the middle two never overflows.
static double median_of(std::vector<double>& values) {
  const size_t m = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + m, values.end());
  const double upper = values[m];
  if (values.size() % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + m);
  const double sum = lower + upper;
  return std::isfinite(sum) ? 0.5 * sum : 0.5 * lower + 0.5 * upper;
}

// offset and scale of one numeric column from its (finite, imputed) training values. The standard
// scaler's sums run on the values times the power of two that brings the largest magnitude into
// [1, 2), so they cannot overflow (a power of two: ordinary data gets the same bits as summing
// the values themselves). A range (min-max) or standard deviation beyond the largest double is
// an InputError naming the column.
static void fit_scale(Scaling scaling, const std::vector<double>& values, const std::string& source,
                      const std::string& column, ColumnTransform* ct) {
  const auto mm = std::minmax_element(values.begin(), values.end());
  const double min = *mm.first, max = *mm.second;
  auto spread_too_large = [&](const char* what) {
    throw InputError(source + ": column '" + column + "' has values from " + format_number(min) + " to " +
                     format_number(max) + ", whose " + what +
                     " is beyond the largest double; rescale the column (e.g. divide it by 1e10)");
  };
  if (scaling == Scaling::kMinMax) {
    const double range = max - min;
    if (!std::isfinite(range)) spread_too_large("range");
    ct->offset = min;
    ct->scale = range > 0 ? range : 1.0;
    return;
  }
  const double largest = std::max(std::fabs(min), std::fabs(max));
  const int exponent = largest > 0 ? std::ilogb(largest) : 0;
  double mean = 0;
  for (double v : values) mean += std::ldexp(v, -exponent);
  mean /= static_cast<double>(values.size());
  double var = 0;
  for (double v : values) {
    const double d = std::ldexp(v, -exponent) - mean;
    var += d * d;
  }
  var /= static_cast<double>(values.size());
  ct->offset = std::ldexp(mean, exponent);
  const double sd = std::ldexp(std::sqrt(var), exponent);
  if (!std::isfinite(sd)) spread_too_large("standard deviation");
  ct->scale = sd > 0 ? sd : 1.0;
}

void Preprocessor::fit(const Table& table, const std::vector<int64_t>& rows_in) {
  const std::vector<int64_t> rows = rows_in.empty() ? all_rows(table.n_rows) : rows_in;
  columns_.clear();
  for (const Column& col : table.columns) {
    ColumnTransform ct;
    ct.name = col.name;
    ct.categorical = col.categorical;
    if (col.categorical) {
      ct.categories = col.categories;
      std::vector<int64_t> freq(col.categories.size(), 0);
      for (int64_t r : rows) {
        const double v = col.values[r];
        if (!std::isnan(v)) ++freq[static_cast<size_t>(v)];
      }
      // Keep only categories seen in training (unknown at test time -> all zeros).
      std::vector<std::string> kept;
      int64_t best = -1, best_count = 0;
      for (size_t k = 0; k < freq.size(); ++k) {
        if (freq[k] == 0) continue;
        if (freq[k] > best_count) best_count = freq[k], best = static_cast<int64_t>(kept.size());
        kept.push_back(col.categories[k]);
      }
      ct.categories = kept;
      ct.fill = static_cast<double>(best);
    } else {
      std::vector<double> present;
      present.reserve(rows.size());
      for (int64_t r : rows)
        if (!std::isnan(col.values[r])) present.push_back(col.values[r]);
      ct.integer_valued = col.integer_valued;
      if (!present.empty()) {
        ct.fill = median_of(present);
        // Imputed values take part in the scaler's statistics, as in a sklearn Pipeline.
        present.insert(present.end(), rows.size() - present.size(), ct.fill);
        fit_scale(scaling_, present, table.source, col.name, &ct);
      }
    }
    columns_.push_back(std::move(ct));
  }
}

int64_t Preprocessor::output_dim() const {
  int64_t d = 0;
  for (const auto& c : columns_) d += c.categorical ? static_cast<int64_t>(c.categories.size()) : 1;
  return d;
}

FeatureLayout Preprocessor::layout() const {
  FeatureLayout out;
  int64_t start = 0;
  for (const auto& c : columns_) {
    FeatureGroup g;
    g.start = start;
    g.size = c.categorical ? static_cast<int64_t>(c.categories.size()) : 1;
    g.categorical = c.categorical;
    if (g.size > 0) out.push_back(g);
    start += g.size;
  }
  return out;
}

std::vector<std::string> Preprocessor::output_names() const {
  std::vector<std::string> names;
  for (const auto& c : columns_) {
    if (!c.categorical) {
      names.push_back(c.name);
    } else {
      for (const auto& cat : c.categories) names.push_back(c.name + "=" + cat);
    }
  }
  return names;
}

Matrix Preprocessor::transform(const Table& table, const std::vector<int64_t>& rows_in) const {
  if (!fitted()) throw InputError("preprocessor used before it was fitted");
  const std::vector<int64_t> rows = rows_in.empty() ? all_rows(table.n_rows) : rows_in;
  Matrix out(static_cast<int64_t>(rows.size()), output_dim());
  int64_t offset = 0;
  for (const auto& ct : columns_) {
    const Column* col = table.find_column(ct.name);
    if (!col) throw InputError(table.source + ": column '" + ct.name + "' that the model was trained on is missing");
    if (col->categorical != ct.categorical)
      throw InputError(table.source + ": column '" + ct.name + "' is " +
                       (col->categorical ? "categorical" : "numeric") + " here but was " +
                       (ct.categorical ? "categorical" : "numeric") + " in training");
    if (!ct.categorical) {
      for (size_t i = 0; i < rows.size(); ++i) {
        double v = col->values[rows[i]];
        if (std::isnan(v)) v = ct.fill;
        const double scaled = (v - ct.offset) / ct.scale;  // +-inf when v - offset overflows
        out.at(static_cast<int64_t>(i), offset) =
            static_cast<float>(std::clamp(scaled, -kMaxScaledMagnitude, kMaxScaledMagnitude));
      }
      offset += 1;
    } else {
      // Map this table's category indices onto the fitted ones by text.
      std::unordered_map<std::string, int64_t> fitted_index;
      for (size_t k = 0; k < ct.categories.size(); ++k) fitted_index[ct.categories[k]] = static_cast<int64_t>(k);
      std::vector<int64_t> map(col->categories.size(), -1);
      for (size_t k = 0; k < col->categories.size(); ++k) {
        auto it = fitted_index.find(col->categories[k]);
        if (it != fitted_index.end()) map[k] = it->second;
      }
      for (size_t i = 0; i < rows.size(); ++i) {
        const double v = col->values[rows[i]];
        const int64_t k = std::isnan(v) ? static_cast<int64_t>(ct.fill) : map[static_cast<size_t>(v)];
        if (k >= 0) out.at(static_cast<int64_t>(i), offset + k) = 1.0f;
      }
      offset += static_cast<int64_t>(ct.categories.size());
    }
  }
  return out;
}

void Preprocessor::inverse_transform_row(const Matrix& x, int64_t row, std::vector<double>* values) const {
  if (x.cols != output_dim())
    throw InputError("inverse_transform: " + std::to_string(x.cols) + " columns, expected " +
                     std::to_string(output_dim()));
  values->resize(columns_.size());
  const float* in = x.row(row);
  for (size_t c = 0; c < columns_.size(); ++c) {
    const auto& ct = columns_[c];
    if (!ct.categorical) {
      const double v = static_cast<double>(*in++) * ct.scale + ct.offset;
      (*values)[c] = ct.integer_valued ? std::round(v) : v;
      continue;
    }
    const int64_t size = static_cast<int64_t>(ct.categories.size());
    int64_t hot = -1, ones = 0;
    bool clean = true;
    for (int64_t j = 0; j < size; ++j) {
      const float v = in[j];
      if (v == 1.0f)
        hot = j, ++ones;
      else if (v != 0.0f)
        clean = false;
    }
    if (!clean || ones != 1)
      throw InputError("row " + std::to_string(row) + ": the one-hot columns of categorical column '" + ct.name +
                       "' do not name one category (a sampler interpolated them); use smote-nc for mixed data "
                       "or smoten for categorical-only data");
    (*values)[c] = static_cast<double>(hot);
    in += size;
  }
}

void Preprocessor::write_inverse_value(size_t column, double value, CsvWriter& out) const {
  const auto& ct = columns_[column];
  if (ct.categorical)
    out.text(ct.categories[static_cast<size_t>(value)]);
  else if (ct.integer_valued)
    out.fixed(value);
  else
    out.general(value, 7);
}

nlohmann::json Preprocessor::to_json() const {
  nlohmann::json cols = nlohmann::json::array();
  for (const auto& c : columns_) {
    nlohmann::json j = {{"name", c.name}, {"categorical", c.categorical}, {"fill", c.fill}};
    if (c.categorical) {
      j["categories"] = c.categories;
    } else {
      j["offset"] = c.offset;
      j["scale"] = c.scale;
      j["integer_valued"] = c.integer_valued;
    }
    cols.push_back(j);
  }
  return {{"scaling", scaling_name(scaling_)}, {"columns", cols}};
}

Preprocessor Preprocessor::from_json(const nlohmann::json& j) {
  const JsonField root(j, "preprocessor");
  const JsonField scaling = root.at("scaling");
  const std::string scaling_text = scaling.string();
  if (scaling_text != "minmax" && scaling_text != "standard")
    scaling.fail("is " + scaling.shown() + ", expected \"minmax\" or \"standard\"");
  Preprocessor p(parse_scaling(scaling_text));
  const std::vector<JsonField> columns = root.at("columns").items();
  if (columns.empty()) root.at("columns").fail("is empty, expected at least one column");
  std::set<std::string> names;
  for (const JsonField& c : columns) {
    ColumnTransform ct;
    ct.name = c.at("name").string();
    if (!names.insert(ct.name).second) c.at("name").fail("repeats the column name " + c.at("name").shown());
    ct.categorical = c.at("categorical").boolean();
    if (ct.categorical) {
      ct.categories = c.at("categories").distinct_strings("category");
      // The index of the most frequent category, -1 when the column had no value in training.
      ct.fill = static_cast<double>(c.at("fill").integer(-1, static_cast<int64_t>(ct.categories.size()) - 1));
    } else {
      ct.fill = c.at("fill").number();
      ct.offset = c.at("offset").number();
      ct.scale = c.at("scale").number();
      if (!(ct.scale > 0)) c.at("scale").fail("is " + c.at("scale").shown() + ", expected a positive number");
      ct.integer_valued = c.at("integer_valued").boolean();
    }
    p.columns_.push_back(std::move(ct));
  }
  return p;
}

}  // namespace autosmote
