// Options structs read from and printed as spec keys by one list.
//
// An options struct holds its defaults as member initialisers and lists its keys once, in canonical
// order, in a static `visit`:
//
//   struct SmoteOptions {
//     int64_t k_neighbors = 5;
//     template <class V> static void visit(V& v) { v.integer("k_neighbors", &SmoteOptions::k_neighbors, 1, 1000); }
//   };
//
// read_options() fills it from a ParamReader (range checks and messages are ParamReader's);
// option_parts() gives the non-default keys as "key=value" in that order (the canonical spec).
// A field is named by a pointer to member or by a callable returning a reference into the struct
// (for a field of a member struct). The visitor calls:
//   integer(key, field, min, max)           int64_t
//   number(key, field, min, max)            double
//   choice(key, field, {{"name", value}})   any ==-comparable type (an enum); several names may map
//                                           to one value, the first is printed
//   number_or_auto(key, field, min, max)    std::optional<double>, "auto" when empty
//   group(field)                            every key of a member options struct, in its order
//   check(fn)                               reading only: fn(options) throws SpecError when the keys
//                                           read so far do not go together
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "autosmote/core/params.h"

namespace autosmote {

template <class T>
using ChoiceNames = std::vector<std::pair<const char*, T>>;

// Fills `options` (already holding the defaults) from `reader`. `owner` ("sampler 'kmeans-smote'")
// names the spec in messages of keys that are read in two steps (number_or_auto).
template <class Options>
class OptionReader {
 public:
  OptionReader(ParamReader& reader, std::string owner, Options& options)
      : reader_(reader), owner_(std::move(owner)), options_(options) {}

  template <class F>
  void integer(const std::string& key, F field, int64_t lo, int64_t hi) {
    int64_t& v = std::invoke(field, options_);
    v = reader_.get_int(key, v, lo, hi);
  }
  template <class F>
  void number(const std::string& key, F field, double lo, double hi) {
    double& v = std::invoke(field, options_);
    v = reader_.get_double(key, v, lo, hi);
  }
  template <class F, class T>
  void choice(const std::string& key, F field, const ChoiceNames<T>& names) {
    auto& v = std::invoke(field, options_);
    std::vector<std::string> allowed;
    std::string current;
    for (const auto& [name, value] : names) {
      allowed.push_back(name);
      if (current.empty() && value == v) current = name;
    }
    const std::string picked = reader_.get_choice(key, current, allowed);
    for (const auto& [name, value] : names)
      if (picked == name) v = value;
  }
  template <class F>
  void number_or_auto(const std::string& key, F field, double lo, double hi) {
    std::optional<double>& v = std::invoke(field, options_);
    const std::string text = reader_.get_string(key, "auto");
    if (text == "auto") return;
    ParamReader value_reader(Spec::parse("x:v=" + text), owner_ + " " + key);
    v = value_reader.get_double("v", 0, lo, hi);
  }
  template <class F>
  void group(F field) {
    auto& sub = std::invoke(field, options_);
    OptionReader<std::decay_t<decltype(sub)>> sub_reader(reader_, owner_, sub);
    std::decay_t<decltype(sub)>::visit(sub_reader);
  }
  template <class Fn>
  void check(Fn fn) {
    std::invoke(fn, static_cast<const Options&>(options_));
  }

 private:
  ParamReader& reader_;
  std::string owner_;
  Options& options_;
};

// Appends "key=value" for every key whose value differs from the default's.
template <class Options>
class OptionPrinter {
 public:
  OptionPrinter(const Options& options, const Options& defaults, std::vector<std::string>& parts)
      : options_(options), defaults_(defaults), parts_(parts) {}

  template <class F>
  void integer(const std::string& key, F field, int64_t, int64_t) {
    add_if_changed(key, field, [](int64_t v) { return std::to_string(v); });
  }
  template <class F>
  void number(const std::string& key, F field, double, double) {
    add_if_changed(key, field, [](double v) { return format_number(v); });
  }
  template <class F, class T>
  void choice(const std::string& key, F field, const ChoiceNames<T>& names) {
    add_if_changed(key, field, [&](const T& v) {
      for (const auto& [name, value] : names)
        if (value == v) return std::string(name);
      return std::string();
    });
  }
  template <class F>
  void number_or_auto(const std::string& key, F field, double, double) {
    const std::optional<double>& v = std::invoke(field, options_);
    if (v && v != std::invoke(field, defaults_)) parts_.push_back(key + "=" + format_number(*v));
  }
  template <class F>
  void group(F field) {
    const auto& sub = std::invoke(field, options_);
    OptionPrinter<std::decay_t<decltype(sub)>> sub_printer(sub, std::invoke(field, defaults_), parts_);
    std::decay_t<decltype(sub)>::visit(sub_printer);
  }
  template <class Fn>
  void check(Fn) {}

 private:
  template <class F, class Format>
  void add_if_changed(const std::string& key, F field, Format format) {
    const auto& v = std::invoke(field, options_);
    if (!(v == std::invoke(field, defaults_))) parts_.push_back(key + "=" + format(v));
  }

  const Options& options_;
  const Options& defaults_;
  std::vector<std::string>& parts_;
};

template <class Options>
void read_options(ParamReader& reader, const std::string& owner, Options& options) {
  OptionReader<Options> visitor(reader, owner, options);
  Options::visit(visitor);
}

// The non-default keys of `options` as "key=value", in the visit order.
template <class Options>
std::vector<std::string> option_parts(const Options& options) {
  const Options defaults{};
  std::vector<std::string> parts;
  OptionPrinter<Options> visitor(options, defaults, parts);
  Options::visit(visitor);
  return parts;
}

}  // namespace autosmote
