// Internal: strict reading of model-file JSON, which is untrusted input. A JsonField is a value
// and its path in the document ("state.groups[2].class"); every accessor checks the JSON type and
// the range before converting and throws ModelFileError naming the path, the value found and what
// was expected, e.g. "preprocessor.columns[0].scale is null, expected a finite number". No
// accessor throws a JSON library exception or converts out of range.
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "autosmote/core/error.h"

namespace autosmote {

// Upper bound of every size and count read from a model file (rows, columns, classes): far above
// any real model, low enough that sums and products of a few sizes stay exact in int64 and double.
constexpr int64_t kMaxModelSize = int64_t(1) << 40;

class JsonField {
 public:
  JsonField(const nlohmann::json& value, std::string path) : value_(&value), path_(std::move(path)) {}

  const nlohmann::json& value() const { return *value_; }
  const std::string& path() const { return path_; }

  // The error for this field: "<path> <problem>".
  [[noreturn]] void fail(const std::string& problem) const { throw ModelFileError(path_ + " " + problem); }
  // The value as text for messages (cut to 40 characters).
  std::string shown() const {
    const std::string text = value_->dump();
    return text.size() > 40 ? text.substr(0, 37) + "..." : text;
  }

  // Member `key` of an object.
  JsonField at(const std::string& key) const {
    if (!value_->is_object()) fail("is " + shown() + ", expected an object");
    const auto it = value_->find(key);
    const std::string child = path_.empty() ? key : path_ + "." + key;
    if (it == value_->end()) throw ModelFileError(child + " is missing");
    return JsonField(*it, child);
  }
  // The elements of an array (`expected_size` >= 0: it must have exactly that many).
  std::vector<JsonField> items(int64_t expected_size = -1) const {
    check_array(expected_size);
    std::vector<JsonField> out;
    out.reserve(value_->size());
    for (size_t i = 0; i < value_->size(); ++i) out.emplace_back((*value_)[i], element_path(i));
    return out;
  }

  // An integral number in [lo, hi] (an integral float such as 2.0 counts).
  int64_t integer(int64_t lo, int64_t hi) const { return integer_of(*value_, path_, lo, hi); }
  // A finite number in [lo, hi].
  double number(double lo = -std::numeric_limits<double>::max(), double hi = std::numeric_limits<double>::max()) const {
    return number_of(*value_, path_, lo, hi);
  }
  bool boolean() const {
    if (!value_->is_boolean()) fail("is " + shown() + ", expected true or false");
    return value_->get<bool>();
  }
  std::string string() const {
    if (!value_->is_string()) fail("is " + shown() + ", expected a string");
    return value_->get<std::string>();
  }
  // An array of strings, none repeated (`what` names them in the message: "class name").
  std::vector<std::string> distinct_strings(const std::string& what) const {
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const JsonField& f : items()) {
      out.push_back(f.string());
      if (!seen.insert(out.back()).second) f.fail("repeats the " + what + " " + f.shown());
    }
    return out;
  }
  // Arrays of numbers, each checked as by integer() / number().
  std::vector<int64_t> integers(int64_t expected_size, int64_t lo, int64_t hi) const {
    check_array(expected_size);
    std::vector<int64_t> out;
    out.reserve(value_->size());
    for (size_t i = 0; i < value_->size(); ++i) out.push_back(integer_of((*value_)[i], element_path(i), lo, hi));
    return out;
  }
  std::vector<double> numbers(int64_t expected_size, double lo = -std::numeric_limits<double>::max(),
                              double hi = std::numeric_limits<double>::max()) const {
    check_array(expected_size);
    std::vector<double> out;
    out.reserve(value_->size());
    for (size_t i = 0; i < value_->size(); ++i) out.push_back(number_of((*value_)[i], element_path(i), lo, hi));
    return out;
  }

  void check_array(int64_t expected_size) const {
    if (!value_->is_array()) fail("is " + shown() + ", expected an array");
    if (expected_size >= 0 && static_cast<int64_t>(value_->size()) != expected_size)
      fail("has " + std::to_string(value_->size()) + " elements, expected " + std::to_string(expected_size));
  }
  std::string element_path(size_t i) const { return path_ + "[" + std::to_string(i) + "]"; }

  // The checks behind integer() and number(), for values read without a JsonField per element.
  static int64_t integer_of(const nlohmann::json& v, const std::string& path, int64_t lo, int64_t hi) {
    if (v.is_number_unsigned()) {
      const uint64_t u = v.get<uint64_t>();
      if (hi >= 0 && u <= static_cast<uint64_t>(hi) && static_cast<int64_t>(u) >= lo) return static_cast<int64_t>(u);
    } else if (v.is_number_integer()) {
      const int64_t i = v.get<int64_t>();
      if (i >= lo && i <= hi) return i;
    } else if (v.is_number_float()) {
      const double d = v.get<double>();
      // Inside (-2^63, 2^63) first, so that the conversion is defined whatever lo and hi are.
      const double two_63 = 9223372036854775808.0;
      if (std::isfinite(d) && d == std::floor(d) && d > -two_63 && d < two_63 && static_cast<int64_t>(d) >= lo &&
          static_cast<int64_t>(d) <= hi)
        return static_cast<int64_t>(d);
    }
    throw ModelFileError(path + " is " + short_dump(v) + ", expected an integer in " + std::to_string(lo) + ".." +
                         std::to_string(hi));
  }
  static double number_of(const nlohmann::json& v, const std::string& path, double lo, double hi) {
    if (v.is_number()) {
      const double d = v.get<double>();
      if (std::isfinite(d) && d >= lo && d <= hi) return d;
    }
    std::string range = "a finite number";
    if (lo != -std::numeric_limits<double>::max() || hi != std::numeric_limits<double>::max())
      range += " in " + short_number(lo) + ".." + short_number(hi);
    throw ModelFileError(path + " is " + short_dump(v) + ", expected " + range);
  }

 private:
  static std::string short_dump(const nlohmann::json& v) { return JsonField(v, "").shown(); }
  static std::string short_number(double d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", d);
    return buf;
  }

  const nlohmann::json* value_;
  std::string path_;
};

}  // namespace autosmote
