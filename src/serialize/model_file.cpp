#include "autosmote/serialize/model_file.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "autosmote/core/error.h"
#include "autosmote/core/hash.h"
#include "autosmote/io/output_file.h"
#include "autosmote/registry/classifiers.h"
#include "serialize/json_field.h"
#include "serialize/selection_json.h"

namespace autosmote {

// The JSON path of the first number in `j` that is NaN or infinite (JSON would write it as null,
// and the file could not be loaded back), or "" when every number is finite.
static std::string first_non_finite(const nlohmann::json& j, const std::string& where) {
  if (j.is_number_float()) return std::isfinite(j.get<double>()) ? "" : where;
  if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) {
      std::string found = first_non_finite(j[i], where + "[" + std::to_string(i) + "]");
      if (!found.empty()) return found;
    }
  } else if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      std::string found = first_non_finite(value, where + "." + key);
      if (!found.empty()) return found;
    }
  }
  return "";
}

std::string model_file_text(const TrainedModel& m, const std::string& path) {
  const nlohmann::json state = m.classifier->state();
  const std::string bad = first_non_finite(state, "state");
  if (!bad.empty())
    throw InputError("cannot save the model to '" + path + "': training diverged (" + bad +
                     " is not a finite number); try a smaller lr");
  nlohmann::json body = {
      {"format", "autosmote-model"},
      {"version", kModelFormatVersion},
      {"kind", m.classifier->kind()},
      {"spec", m.classifier->spec()},
      {"sampler", m.sampler_spec},
      {"target", m.target_name},
      {"classes", m.class_names},
      {"preprocessor", m.preprocessor.to_json()},
      {"state", state},
  };
  if (!m.classifier->offsets().empty()) body["class_offsets"] = m.classifier->offsets();
  if (m.selection) body["selection"] = m.selection->to_json();
  body["checksum"] = fnv1a_hex(body.dump());
  return body.dump() + "\n";
}

void save_model(const std::string& path, const TrainedModel& m) { write_output_file(path, model_file_text(m, path)); }

// The whole file, refused from its size (or, for a pipe or device, while reading) beyond
// kMaxModelFileBytes, and from its first character when it is not a JSON object (/dev/zero, a
// binary file).
static std::string read_model_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError("cannot read model file '" + path + "': Is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot open model file '" + path + "': " + std::strerror(errno));
  const auto too_large = [&] {
    return ModelFileError(path + ": not an autosmote model file (larger than " +
                          std::to_string(kMaxModelFileBytes >> 20) + " MiB, the most this build reads)");
  };
  std::string text;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec) {
    if (size > kMaxModelFileBytes) throw too_large();
    text.reserve(static_cast<size_t>(size));
  }
  std::vector<char> chunk(size_t(1) << 16);
  bool starts_as_object = false;
  while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
    text.append(chunk.data(), static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxModelFileBytes) throw too_large();
    if (!starts_as_object) {
      const size_t first = text.find_first_not_of(" \t\r\n");
      if (first != std::string::npos && text[first] != '{')
        throw ModelFileError(path + ": not an autosmote model file");
      starts_as_object = first != std::string::npos;
    }
  }
  if (in.bad()) throw InputError("cannot read model file '" + path + "': read error");
  return text;
}

// The single validation pass over a parsed, checksum-verified body: every field's type, then the
// sizes each part implies checked against the others (class names vs the state's classes, the
// preprocessor's output width vs the state's inputs, the spec vs the stored weights in
// load_state) before anything is built. Throws ModelFileError naming the field.
static TrainedModel model_from_json(const nlohmann::json& body) {
  const JsonField root(body, "");
  TrainedModel m;
  const JsonField spec = root.at("spec");
  try {
    m.classifier = make_classifier(spec.string());
  } catch (const SpecError& e) {
    spec.fail("cannot be read by this build: " + std::string(e.what()));
  }
  const JsonField kind = root.at("kind");
  if (kind.string() != m.classifier->kind())
    kind.fail("is " + kind.shown() + ", but the spec makes a '" + m.classifier->kind() + "' model");
  m.sampler_spec = root.at("sampler").string();
  const JsonField target = root.at("target");
  m.target_name = target.string();
  if (m.target_name.empty()) target.fail("is empty, expected the label column's name");
  const JsonField classes = root.at("classes");
  m.class_names = classes.distinct_strings("class name");
  if (m.class_names.size() < 2)
    classes.fail("has " + std::to_string(m.class_names.size()) + " class names, expected at least 2");
  m.preprocessor = Preprocessor::from_json(root.at("preprocessor").value());
  for (const auto& c : m.preprocessor.columns())
    if (c.name == m.target_name)
      target.fail("is " + target.shown() + ", also the name of an input column (preprocessor.columns)");

  const JsonField state = root.at("state");
  const JsonField inputs = state.at("in"), n_classes = state.at("classes");
  const int64_t width = m.preprocessor.output_dim();
  if (inputs.integer(1, kMaxModelSize) != width)
    inputs.fail("is " + inputs.shown() + ", but the preprocessor makes " + std::to_string(width) +
                " columns (numeric columns plus one per category)");
  if (n_classes.integer(2, kMaxModelSize) != static_cast<int64_t>(m.class_names.size()))
    n_classes.fail("is " + n_classes.shown() + ", but the file names " + std::to_string(m.class_names.size()) +
                   " classes");
  m.classifier->load_state(state.value());
  if (body.contains("class_offsets")) {
    const JsonField offsets = root.at("class_offsets");
    if (m.classifier->threshold() != Threshold::kTuned)
      offsets.fail("is present, but the spec does not tune the threshold (threshold=tuned)");
    m.classifier->set_offsets(
        offsets.numbers(static_cast<int64_t>(m.class_names.size()), -kMaxClassOffset, kMaxClassOffset),
        static_cast<int64_t>(m.class_names.size()));
  }
  if (body.contains("selection")) {
    const JsonField selection = root.at("selection");
    m.selection = selection_from_json(selection, static_cast<int64_t>(m.class_names.size()));
    const CandidateRecord& winner = m.selection->candidates[static_cast<size_t>(m.selection->winner)];
    if (winner.model != m.classifier->spec() || winner.sampler != m.sampler_spec)
      selection.at("winner").fail("names " + winner.model + " + " + winner.sampler + ", but the file holds " +
                                  m.classifier->spec() + " + " + m.sampler_spec);
  }
  return m;
}

static ModelFileError out_of_memory(const std::string& path) {
  return ModelFileError(path + ": model file too large to load in the available memory");
}

TrainedModel load_model(const std::string& path) {
  std::string text;
  try {
    text = read_model_file(path);
  } catch (const std::bad_alloc&) {
    throw out_of_memory(path);
  }
  return model_from_text(text, path);
}

TrainedModel model_from_text(const std::string& text, const std::string& path) {
  try {
    if (text.size() > kMaxModelFileBytes)
      throw ModelFileError(path + ": not an autosmote model file (larger than " +
                           std::to_string(kMaxModelFileBytes >> 20) + " MiB, the most this build reads)");
    nlohmann::json body;
    try {
      // Model files nest a few levels; a deeper document is refused while parsing (unbounded
      // nesting would exhaust the stack in the parser and in dump()).
      body = nlohmann::json::parse(text, [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
        if (depth > kMaxModelFileDepth)
          throw ModelFileError(path + ": not an autosmote model file (JSON nested deeper than " +
                               std::to_string(kMaxModelFileDepth) + " levels)");
        return true;
      });
    } catch (const nlohmann::json::exception&) {
      throw ModelFileError(path + ": not an autosmote model file (not valid JSON; truncated or damaged?)");
    }
    if (!body.is_object() || !body.contains("format") || body["format"] != "autosmote-model")
      throw ModelFileError(path + ": not an autosmote model file");
    if (!body.contains("version") || !body["version"].is_number_integer() || body["version"] != kModelFormatVersion)
      throw ModelFileError(path + ": model file format version " +
                           (body.contains("version") ? JsonField(body["version"], "").shown() : "?") +
                           " is not supported (this build reads version " + std::to_string(kModelFormatVersion) + ")");
    if (!body.contains("checksum") || !body["checksum"].is_string())
      throw ModelFileError(path + ": model file is damaged (no checksum)");
    const std::string checksum = body["checksum"].get<std::string>();
    body.erase("checksum");
    if (fnv1a_hex(body.dump()) != checksum) throw ModelFileError(path + ": model file is damaged (checksum mismatch)");
    try {
      return model_from_json(body);
    } catch (const ModelFileError& e) {
      throw ModelFileError(path + ": invalid model file: " + e.what());
    }
  } catch (const std::bad_alloc&) {
    throw out_of_memory(path);
  }
}

}  // namespace autosmote
