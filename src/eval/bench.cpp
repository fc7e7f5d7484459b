#include "autosmote/eval/bench.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <set>
#include <sstream>

#include "autosmote/core/error.h"
#include "autosmote/core/hash.h"
#include "autosmote/core/params.h"
#include "autosmote/io/csv.h"
#include "autosmote/io/output_file.h"
#include "autosmote/registry/classifiers.h"

namespace autosmote {

std::string short_dataset_name(const std::string& source) {
  if (source.rfind("synthetic", 0) == 0) return "synthetic";
  std::string s = source.substr(source.find_last_of('/') == std::string::npos ? 0 : source.find_last_of('/') + 1);
  if (s.size() > 4 && s.compare(s.size() - 4, 4, ".csv") == 0) s.resize(s.size() - 4);
  return s;
}

std::vector<std::string> split_spec_list(const std::string& list) {
  std::vector<std::string> out;
  for (const auto& item : split(list, ',')) {
    if (item.empty()) throw SpecError("spec list '" + list + "' has an empty item");
    const bool parameter = item.find('=') != std::string::npos && item.find(':') == std::string::npos;
    if (parameter) {
      if (out.empty()) throw SpecError("spec list '" + list + "' starts with a parameter ('" + item + "')");
      out.back() += "," + item;
    } else {
      out.push_back(item);
    }
  }
  if (out.empty()) throw SpecError("empty spec list");
  return out;
}

static std::string read_file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read '" + path + "': " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<BenchDataset> bench_datasets(const std::vector<std::string>& items) {
  std::vector<std::string> sources;
  for (const auto& item : items) {
    if (item.rfind("synthetic", 0) == 0) {
      sources.push_back(item);
      continue;
    }
    struct stat st {};
    if (stat(item.c_str(), &st) != 0) throw InputError("dataset '" + item + "' does not exist");
    if (!S_ISDIR(st.st_mode)) {
      sources.push_back(item);
      continue;
    }
    std::vector<std::string> found;
    if (DIR* dir = opendir(item.c_str())) {
      while (dirent* e = readdir(dir)) {
        const std::string name = e->d_name;
        if (name.size() > 4 && name.compare(name.size() - 4, 4, ".csv") == 0)
          found.push_back((item.back() == '/' ? item : item + "/") + name);
      }
      closedir(dir);
    }
    if (found.empty()) throw InputError("directory '" + item + "' holds no .csv file");
    std::sort(found.begin(), found.end());
    sources.insert(sources.end(), found.begin(), found.end());
  }
  if (sources.empty()) throw InputError("no dataset given");
  std::vector<BenchDataset> out;
  std::set<std::string> names;
  for (const auto& s : sources) {
    BenchDataset d;
    d.source = s;
    const bool synthetic = s.rfind("synthetic", 0) == 0;
    d.name = synthetic ? s : short_dataset_name(s);
    d.hash = fnv1a_hex(synthetic ? s : read_file_bytes(s));
    if (!names.insert(d.name).second) throw InputError("two datasets are named '" + d.name + "' (" + s + ")");
    out.push_back(d);
  }
  return out;
}

std::string bench_key(const std::string& data_hash, const std::string& model, const std::string& sampler,
                      const std::string& protocol, uint64_t seed) {
  return data_hash + "|" + model + "|" + sampler + "|" + protocol + "|" + std::to_string(seed);
}

std::string bench_key(const BenchRun& r) { return bench_key(r.data_hash, r.model, r.sampler, r.protocol, r.seed); }

static const std::vector<std::string>& key_columns() {
  static const std::vector<std::string> k = {"dataset", "data_hash", "model", "sampler", "protocol",
                                             "seed",    "repeat",    "fold",  "status",  "error"};
  return k;
}

std::vector<std::string> bench_columns() {
  std::vector<std::string> c = key_columns();
  for (const auto& v : run_value_names()) c.push_back(v);
  return c;
}

// The earlier formats of runs files, by the value columns they lack at the end: before the tunings
// (issue 13: no tuning_seconds, inner_fits, parameters) and before the parameters column (issue 24).
static size_t legacy_missing_columns(const std::vector<std::string>& header) {
  const std::vector<std::string> today = bench_columns();
  for (size_t missing : {size_t(3), size_t(1)})
    if (header.size() + missing == today.size() && std::equal(header.begin(), header.end(), today.begin()))
      return missing;
  return 0;
}

std::string bench_lines(const BenchDataset& data, const ExperimentResult& result) {
  std::string out;
  char buf[40];
  for (const auto& r : result.runs) {
    std::vector<std::string> f = {data.name,
                                  data.hash,
                                  result.model,
                                  result.sampler,
                                  result.protocol,
                                  std::to_string(r.seed),
                                  std::to_string(r.repeat),
                                  std::to_string(r.fold),
                                  "ok",
                                  ""};
    for (const auto& k : run_value_names()) {
      std::snprintf(buf, sizeof buf, k == "parameters" ? "%.0f" : "%.6g", run_value(r, k));
      f.push_back(buf);
    }
    out += csv_line(f);
  }
  return out;
}

std::string bench_runs_csv(const BenchDataset& data, const ExperimentResult& result) {
  return csv_line(bench_columns()) + bench_lines(data, result);
}

static std::string failed_line(const BenchDataset& data, const std::string& model, const std::string& sampler,
                               const std::string& protocol, uint64_t seed, const std::string& status,
                               const std::string& error) {
  std::vector<std::string> f = {data.name, data.hash, model,  sampler,        protocol, std::to_string(seed),
                                "",        "",        status, one_line(error)};
  f.resize(bench_columns().size());
  return csv_line(f);
}

std::string bench_error_line(const BenchDataset& data, const std::string& model, const std::string& sampler,
                             const std::string& protocol, uint64_t seed, const std::string& error) {
  return failed_line(data, model, sampler, protocol, seed, "error", error);
}

std::string bench_killed_line(const BenchDataset& data, const std::string& model, const std::string& sampler,
                              const std::string& protocol, uint64_t seed, const std::string& why) {
  return failed_line(data, model, sampler, protocol, seed, "killed", why);
}

void append_bench_lines(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND, 0644);
  if (fd < 0) throw InputError("cannot write '" + path + "': " + std::strerror(errno));
  // Writers take turns: the size check below must not see another writer's line half-copied.
  while (::flock(fd, LOCK_EX) != 0 && errno == EINTR) {
  }
  std::string all;
  struct stat st {};
  if (fstat(fd, &st) == 0 && st.st_size == 0) {
    all = csv_line(bench_columns());
  } else if (st.st_size > 0) {
    // A line cut short (a writer killed mid-write) stays a line of its own, skipped when read.
    char last = '\n';
    if (::pread(fd, &last, 1, st.st_size - 1) == 1 && last != '\n') all = "\n";
  }
  all += text;
  int err = write_all(fd, all);
  if (::close(fd) != 0 && err == 0) err = errno;  // a full disk may only show here
  if (err != 0) throw InputError("cannot write '" + path + "': " + std::strerror(err));
}

// The whole runs file; false when it does not exist.
static bool read_runs_text(const std::string& path, std::string* text) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return false;
    throw InputError("cannot read '" + path + "': " + std::strerror(errno));
  }
  struct stat st {};
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw InputError("cannot read '" + path + "': " + std::strerror(EISDIR));
  }
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      throw InputError("cannot read '" + path + "': " + why);
    }
    text->append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return true;
}

static bool parse_double_field(const std::string& s, double* v) {
  if (s.empty() || s == "nan") {
    *v = std::nan("");
    return true;
  }
  char* end = nullptr;
  *v = std::strtod(s.c_str(), &end);
  return end && *end == '\0';
}

namespace {

// A runs file's lines without their line ends ("\r\n" too); `complete`: it ended in a newline.
struct RunsLine {
  std::string text;
  bool complete = true;
};
std::vector<RunsLine> runs_lines(const std::string& text) {
  std::vector<RunsLine> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    const bool complete = end != std::string::npos;
    if (!complete) end = text.size();
    RunsLine line{text.substr(start, end - start), complete};
    if (!line.text.empty() && line.text.back() == '\r') line.text.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

}  // namespace

std::vector<BenchRun> read_bench_runs(const std::string& path, int64_t* skipped_lines) {
  if (skipped_lines) *skipped_lines = 0;
  std::vector<BenchRun> out;
  std::string text;
  if (!read_runs_text(path, &text)) return out;
  std::vector<std::string> columns = bench_columns();
  std::vector<std::string> values = run_value_names();
  std::vector<std::string> fields;
  int64_t line_no = 0;
  for (const RunsLine& runs_line : runs_lines(text)) {
    const std::string& line = runs_line.text;
    const bool complete = runs_line.complete;
    ++line_no;
    if (line.empty() && line_no > 1) continue;
    const bool whole = complete && split_csv_line(line, &fields) && fields.size() == columns.size();
    // Runs files are UTF-8 (results.json repeats their text): other bytes mean a damaged file.
    const size_t bad_byte = first_invalid_utf8(line);
    if (bad_byte != std::string::npos)
      throw InputError(path + ":" + std::to_string(line_no) + ":" + std::to_string(bad_byte + 1) +
                       ": not valid UTF-8; the runs file is damaged");
    if (line_no == 1) {
      const size_t missing = complete && split_csv_line(line, &fields) ? legacy_missing_columns(fields) : 0;
      if (missing > 0) {
        columns = fields;  // an earlier format: the missing values read as 0
        values.resize(values.size() - missing);
        continue;
      }
      if (!whole || fields != columns)
        throw InputError(path + ": not a runs file of `autosmote bench` (unexpected header)");
      continue;
    }
    if (!whole) {
      if (skipped_lines) ++*skipped_lines;
      continue;
    }
    BenchRun r;
    r.dataset = fields[0];
    r.data_hash = fields[1];
    r.model = fields[2];
    r.sampler = fields[3];
    r.protocol = fields[4];
    const std::string where = path + ":" + std::to_string(line_no);
    try {
      r.seed = std::stoull(fields[5]);
      r.ok = fields[8] == "ok";
      r.killed = fields[8] == "killed";
      if (!r.ok && !r.killed && fields[8] != "error") throw std::invalid_argument("status");
      if (r.ok) {
        r.repeat = std::stoll(fields[6]);
        r.fold = std::stoll(fields[7]);
      }
    } catch (const std::exception&) {
      throw InputError(where + ": bad seed, repeat, fold or status");
    }
    r.error = fields[9];
    if (r.ok)
      for (size_t j = 0; j < values.size(); ++j) {
        double v = 0;
        if (!parse_double_field(fields[key_columns().size() + j], &v))
          throw InputError(where + ": '" + fields[key_columns().size() + j] + "' in column " + values[j] +
                           " is not a number");
        r.values[values[j]] = v;
      }
    if (r.ok)
      for (const auto& name : run_value_names()) r.values.emplace(name, 0.0);
    out.push_back(std::move(r));
  }
  return out;
}

double run_seconds(const BenchRun& run) {
  double total = 0;
  for (const char* part : {"resample_seconds", "fit_seconds", "tuning_seconds"}) {
    const auto it = run.values.find(part);
    if (it != run.values.end()) total += it->second;
  }
  return total;
}

std::string bench_cell_log_name(const BenchCell& cell) {
  std::string name = cell.data.name;
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_' && ch != '.') ch = '_';
  return name + "-" + fnv1a_hex(cell.data.hash + "|" + cell.model + "|" + cell.sampler) + ".log";
}

bool resamples_internally(const std::string& model_spec) {
  if (is_auto_model_spec(model_spec)) return true;  // auto chooses its sampler
  try {
    return make_classifier(model_spec)->resamples_internally();
  } catch (const SpecError&) {
    return false;
  }
}

BenchPlan plan_bench(const std::vector<BenchDataset>& datasets, const std::vector<std::string>& models,
                     const std::vector<std::string>& samplers, const std::string& protocol,
                     const std::vector<uint64_t>& seeds, const std::vector<BenchRun>& runs) {
  std::set<std::string> done;
  for (const auto& r : runs)
    if (!r.killed) done.insert(bench_key(r));
  BenchPlan plan;
  std::set<std::string> seen;
  for (const auto& d : datasets)
    for (const auto& m : models)
      for (const auto& s : resamples_internally(m) ? std::vector<std::string>{"none"} : samplers) {
        if (!seen.insert(d.hash + "|" + m + "|" + s).second) continue;
        BenchCell cell{d, m, s, {}};
        for (uint64_t seed : seeds) {
          ++plan.total;
          if (done.count(bench_key(d.hash, m, s, protocol, seed))) {
            ++plan.done;
          } else {
            cell.missing.push_back(seed);
          }
        }
        if (!cell.missing.empty()) plan.cells.push_back(cell);
      }
  return plan;
}

// `model` without threshold=tuned (canonical), and whether it had it; a spec that does not parse
// is kept as it is.
static std::pair<std::string, bool> without_tuned_threshold(const std::string& model) {
  try {
    Spec spec = Spec::parse(model);
    const auto tuned =
        std::find(spec.args.begin(), spec.args.end(), std::make_pair(std::string("threshold"), std::string("tuned")));
    if (tuned == spec.args.end()) return {model, false};
    spec.args.erase(tuned);
    return {make_classifier(spec.str())->spec(), true};
  } catch (const SpecError&) {
    return {model, false};
  }
}

std::string method_label(const std::string& model_spec, const std::string& sampler_spec) {
  const auto [model, tuned_threshold] = without_tuned_threshold(model_spec);
  const std::string suffix = tuned_threshold ? " (t)" : "";
  // A model alone: one that over-samples itself, or any model but mlp (xgboost) without a sampler.
  const bool mlp = Spec::parse(model).name == "mlp";
  if (sampler_spec == "none" && (resamples_internally(model) || !mlp)) return model + suffix;
  const std::string sampler =
      sampler_spec.find('|') != std::string::npos ? "tuned-" + Spec::parse(sampler_spec).name : sampler_spec;
  if (model == "mlp") return sampler + suffix;
  return model + " + " + sampler + suffix;
}

bool upgrade_bench_runs(const std::string& path) {
  std::string text;
  if (!read_runs_text(path, &text)) return false;
  const std::vector<RunsLine> lines = runs_lines(text);
  std::vector<std::string> fields;
  if (lines.empty() || !lines[0].complete || !split_csv_line(lines[0].text, &fields)) return false;
  const size_t missing = legacy_missing_columns(fields);
  if (missing == 0) return false;
  const size_t old_width = fields.size();
  read_bench_runs(path);  // the whole file must read before it is rewritten
  std::string out = csv_line(bench_columns());
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string line = lines[i].text;
    const bool complete = lines[i].complete;
    if (line.empty()) continue;
    // A whole line gains the new columns (0 for ok runs); a cut-off line stays as it was,
    // skipped when read.
    if (complete && split_csv_line(line, &fields) && fields.size() == old_width) {
      for (size_t k = 0; k < missing; ++k) fields.push_back(fields[8] == "ok" ? "0" : "");
      line = csv_line(fields);
      line.pop_back();  // csv_line ends with a newline
    }
    out += line + "\n";
  }
  write_output_file(path, out);
  return true;
}

}  // namespace autosmote
