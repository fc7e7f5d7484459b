#include "autosmote/serialize/model_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "autosmote/core/error.h"
#include "autosmote/core/hash.h"
#include "autosmote/io/output_file.h"
#include "autosmote/models/factory.h"

namespace autosmote {

void save_model(const std::string& path, const TrainedModel& m) {
  nlohmann::json body = {
      {"format", "autosmote-model"},
      {"version", kModelFormatVersion},
      {"kind", m.classifier->kind()},
      {"spec", m.classifier->spec()},
      {"sampler", m.sampler_spec},
      {"target", m.target_name},
      {"classes", m.class_names},
      {"preprocessor", m.preprocessor.to_json()},
      {"state", m.classifier->state()},
  };
  body["checksum"] = fnv1a_hex(body.dump());
  write_output_file(path, body.dump() + "\n");
}

TrainedModel load_model(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot open model file '" + path + "': " + std::strerror(errno));
  std::stringstream ss;
  ss << in.rdbuf();
  nlohmann::json body;
  try {
    body = nlohmann::json::parse(ss.str());
  } catch (const nlohmann::json::exception&) {
    throw ModelFileError(path + ": not an autosmote model file (not valid JSON; truncated or damaged?)");
  }
  if (!body.is_object() || body.value("format", "") != "autosmote-model")
    throw ModelFileError(path + ": not an autosmote model file");
  if (!body.contains("version") || !body["version"].is_number_integer() || body["version"].get<int>() != kModelFormatVersion)
    throw ModelFileError(path + ": model file format version " + (body.contains("version") ? body["version"].dump() : "?") +
                         " is not supported (this build reads version " + std::to_string(kModelFormatVersion) + ")");
  if (!body.contains("checksum") || !body["checksum"].is_string())
    throw ModelFileError(path + ": model file is damaged (no checksum)");
  const std::string checksum = body["checksum"].get<std::string>();
  body.erase("checksum");
  if (fnv1a_hex(body.dump()) != checksum) throw ModelFileError(path + ": model file is damaged (checksum mismatch)");
  try {
    TrainedModel m;
    m.classifier = make_classifier(body.at("spec").get<std::string>());
    if (m.classifier->kind() != body.at("kind").get<std::string>())
      throw ModelFileError(path + ": model kind '" + body.at("kind").get<std::string>() + "' does not match its spec");
    m.sampler_spec = body.at("sampler").get<std::string>();
    m.target_name = body.at("target").get<std::string>();
    m.class_names = body.at("classes").get<std::vector<std::string>>();
    m.preprocessor = Preprocessor::from_json(body.at("preprocessor"));
    m.classifier->load_state(body.at("state"));
    return m;
  } catch (const nlohmann::json::exception& e) {
    throw ModelFileError(path + ": model file is damaged: " + e.what());
  } catch (const SpecError& e) {
    throw ModelFileError(path + ": model file holds a spec this build cannot read: " + e.what());
  }
}

}  // namespace autosmote
