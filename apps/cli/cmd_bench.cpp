// `autosmote bench`: the grid runner. Each grid cell (dataset, model, sampler) with seeds still to
// run is handed to a child process (`autosmote bench-cell`, hidden) that appends every finished
// seed to DIR/runs.csv at once; `--jobs N` keeps N children running, each with its share of the
// threads. Processes rather than threads: LibTorch's thread settings are process-wide, and a run
// that crashes takes only its own cell down (recorded as an error; the grid goes on).
// The grid's plan is plan_bench (eval/bench.h), the children run in a ProcessPool (eval/process_pool.h).
// `autosmote report DIR` turns runs.csv into report.md, results.json and figures/.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "autosmote/api/pipeline.h"
#include "autosmote/core/error.h"
#include "autosmote/data/load.h"
#include "autosmote/eval/bench.h"
#include "autosmote/eval/process_pool.h"
#include "autosmote/io/output_file.h"
#include "autosmote/registry/classifiers.h"
#include "autosmote/registry/samplers.h"
#include "autosmote/report/report.h"
#include "common.h"

namespace autosmote::cli {
namespace {

volatile sig_atomic_t g_interrupted = 0;
void on_signal(int) { g_interrupted = 1; }

void make_dir(const std::string& path) {
  if (::mkdir(path.c_str(), 0755) == 0) return;
  struct stat st {};
  if (errno != EEXIST) throw InputError("cannot create directory '" + path + "': " + std::strerror(errno));
  if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    throw InputError("cannot create directory '" + path + "': a file of that name exists");
}

std::string format_duration(double s) {
  if (!(s >= 0) || !std::isfinite(s)) return "?";
  const long t = std::lround(s);
  char buf[32];
  if (t >= 3600) {
    std::snprintf(buf, sizeof buf, "%ldh%02ldm", t / 3600, (t / 60) % 60);
  } else if (t >= 60) {
    std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lds", t);
  }
  return buf;
}

std::string last_line_of(const std::string& path) {
  std::ifstream in(path);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  if (last.rfind("error: ", 0) == 0) last = last.substr(7);
  return last.empty() ? "the run stopped without a message" : last;
}

// The arguments of the child that runs a cell's missing seeds, less the executable and `--runs FILE`
// (what `bench --plan-json` hands a Dask client, docs/distributed.md). A relative dataset path is
// made absolute, so that the child may run in another folder.
std::vector<std::string> cell_arguments(const BenchCell& c, const std::string& protocol, int threads,
                                        const std::string& scaling) {
  std::vector<std::string> seeds_text;
  for (auto s : c.missing) seeds_text.push_back(std::to_string(s));
  std::string source = c.data.source;
  if (source.rfind("synthetic", 0) != 0 && source.front() != '/') {
    char cwd[4096];
    if (::getcwd(cwd, sizeof cwd) != nullptr) source = std::string(cwd) + "/" + source;
  }
  const std::pair<const char*, std::string> flags[] = {{"--data", source},
                                                       {"--hash", c.data.hash},
                                                       {"--name", c.data.name},
                                                       {"--model", c.model},
                                                       {"--sampler", c.sampler},
                                                       {"--protocol", protocol},
                                                       {"--seeds", join(seeds_text, ",")},
                                                       {"--threads", std::to_string(threads)},
                                                       {"--scaling", scaling}};
  std::vector<std::string> out = {"bench-cell"};
  for (const auto& [flag, value] : flags) out.insert(out.end(), {flag, value});
  return out;
}

// The lines of a cell's seeds that `runs_path` lacks after its child ended with `exit_code`
// (Python's convention: -N when signal N killed it): "killed" for a signal (the next bench runs
// them again), else "error" with the last line of the child's log.
std::string unfinished_seed_lines(const BenchCell& c, const std::string& protocol, const std::string& runs_path,
                                  int exit_code, const std::string& log_path) {
  std::set<std::string> keys;
  for (const auto& r : read_bench_runs(runs_path)) keys.insert(bench_key(r));
  const bool killed = exit_code < 0;
  const std::string why = exit_code == 0 ? "the run wrote no result"
                          : killed       ? "the run was killed by signal " + std::to_string(-exit_code) + " (" +
                                         strsignal(-exit_code) + "); the next bench runs it again"
                                   : last_line_of(log_path);
  std::string lines;
  for (uint64_t seed : c.missing)
    if (!keys.count(bench_key(c.data.hash, c.model, c.sampler, protocol, seed)))
      lines += killed ? bench_killed_line(c.data, c.model, c.sampler, protocol, seed, why)
                      : bench_error_line(c.data, c.model, c.sampler, protocol, seed, why);
  return lines;
}

std::string markdown_path(const std::string& dir, const ReportOptions& options) {
  return options.markdown_path.empty() ? dir + "/report.md" : options.markdown_path;
}
std::string figures_dir(const std::string& dir, const ReportOptions& options) {
  return options.figures_dir.empty() ? dir + "/figures" : options.figures_dir;
}

// Before the work: the report's files could be written (the folders exist or can be made, and are
// writable; no target is a directory).
void check_report_outputs(const std::string& dir, const ReportOptions& options) {
  check_output_path(markdown_path(dir, options));
  check_output_path(dir + "/results.json");
  const std::string fig = figures_dir(dir, options);
  struct stat st {};
  if (::stat(fig.c_str(), &st) != 0) {
    check_output_path(fig);  // the folder is made when the report is written
  } else if (!S_ISDIR(st.st_mode)) {
    throw InputError("cannot write the figures to '" + fig + "': not a folder");
  } else if (::access(fig.c_str(), W_OK | X_OK) != 0) {
    throw InputError("cannot write the figures to '" + fig + "': " + std::strerror(errno));
  }
}

// Each file is written whole or not at all (write_output_file), figures first and report.md last.
void write_report(const std::string& dir, const ReportOptions& options) {
  int64_t skipped = 0;
  const auto runs = read_bench_runs(dir + "/runs.csv", &skipped);
  if (runs.empty()) throw InputError(dir + "/runs.csv holds no runs");
  const Report report = make_report(runs, options);
  const std::string md = markdown_path(dir, options);
  const std::string fig = figures_dir(dir, options);
  make_dir(fig);
  for (const auto& f : report.figures) write_output_file(fig + "/" + f.first, f.second);
  write_output_file(dir + "/results.json", report.json);
  write_output_file(md, report.markdown);
  std::cerr << "report: " << md << ", " << dir << "/results.json, " << report.figures.size() << " figures in " << fig
            << "\n";
  if (skipped > 0) std::cerr << "warning: " << skipped << " incomplete line(s) in runs.csv were ignored\n";
}

struct ReportFlags {
  std::string notes, markdown, figures, figures_link, focus, title;
  void add(CLI::App* sub) {
    sub->add_option("--notes", notes, "Markdown file inserted into the report after the summary");
    sub->add_option("--markdown", markdown, "where to write the report (default DIR/report.md)");
    sub->add_option("--figures", figures, "where to write the SVG figures (default DIR/figures)");
    sub->add_option("--figures-link", figures_link, "how the report links the figures folder (default: relative path)");
    sub->add_option("--focus", focus,
                    "method tested against every other (default: the first learned auto-smote cohort)");
    sub->add_option("--title", title, "report title");
  }
  // The flags given, as `report` takes them.
  std::vector<std::string> arguments() const {
    std::vector<std::string> out;
    const std::pair<const char*, const std::string*> flags[] = {
        {"--notes", &notes}, {"--markdown", &markdown}, {"--figures", &figures}, {"--figures-link", &figures_link},
        {"--focus", &focus}, {"--title", &title}};
    for (const auto& [flag, value] : flags)
      if (!value->empty()) out.insert(out.end(), {flag, *value});
    return out;
  }
  ReportOptions options() const {
    ReportOptions o;
    if (!notes.empty()) {
      struct stat st {};
      if (::stat(notes.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        throw InputError("cannot read '" + notes + "': " + std::strerror(EISDIR));
      std::ifstream in(notes);
      if (!in) throw InputError("cannot read '" + notes + "': " + std::strerror(errno));
      o.notes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    o.markdown_path = markdown;
    o.figures_dir = figures;
    o.figures_link = figures_link;
    o.focus = focus;
    if (!title.empty()) o.title = title;
    return o;
  }
};

struct BenchFlags {
  std::vector<std::string> data, models = {"mlp"}, samplers = {"none"};
  std::string seeds = "0-9", protocol = "holdout:0.2", out, scaling = "minmax";
  int jobs = 1, threads = 0;
  double progress_every = 30;
  bool plan_json = false;
  ReportFlags report;
};

// `bench --plan-json`: the plan as JSON on stdout, for a client that runs the cells elsewhere
// (python3 -m autosmote.distributed, docs/distributed.md): the runs file, its header, the counts,
// each cell's child arguments (less the executable and --runs) and the report's arguments.
void print_plan_json(const BenchFlags& f, const BenchPlan& plan, const std::string& protocol,
                     const std::string& runs_path, int per_job) {
  nlohmann::json cells = nlohmann::json::array();
  for (const auto& c : plan.cells)
    cells.push_back({{"dataset", c.data.name},
                     {"model", c.model},
                     {"sampler", c.sampler},
                     {"seeds", c.missing},
                     {"arguments", cell_arguments(c, protocol, per_job, f.scaling)}});
  std::vector<std::string> report = {"report", f.out};
  for (const auto& a : f.report.arguments()) report.push_back(a);
  const nlohmann::json out = {{"runs", runs_path},   {"header", csv_line(bench_columns())},
                              {"total", plan.total}, {"done", plan.done},
                              {"cells", cells},      {"report_arguments", report}};
  std::cout << out.dump() << "\n";
}

// The bench's progress on stderr, counted from runs.csv (read at most once a second): a bar on a
// terminal, else a line every `every` seconds when the count changed, and always a final line.
class BenchProgress {
 public:
  BenchProgress(std::string runs_path, const BenchPlan& plan, std::string protocol, double every)
      : runs_path_(std::move(runs_path)), plan_(plan), protocol_(std::move(protocol)), every_(every) {}

  void update(bool final) {
    if (!final && elapsed() - last_poll_ < 1.0) return;  // runs.csv is read at most once a second
    last_poll_ = elapsed();
    int64_t failed = 0;
    const int64_t now_done = count_done(&failed);
    const int64_t todo = plan_.total - plan_.done;
    const int64_t runs_done = plan_.done + now_done;
    const double t = elapsed();
    const double eta = now_done > 0 ? t / static_cast<double>(now_done) * static_cast<double>(todo - now_done) : NAN;
    char buf[256];
    if (tty_) {
      const int width = 30;
      const int filled = todo > 0 ? static_cast<int>(width * now_done / todo) : width;
      std::snprintf(buf, sizeof buf, "\r[%s%s] %lld/%lld runs, %lld failed, %s elapsed, ETA %s   ",
                    std::string(static_cast<size_t>(filled), '#').c_str(),
                    std::string(static_cast<size_t>(width - filled), '.').c_str(), static_cast<long long>(runs_done),
                    static_cast<long long>(plan_.total), static_cast<long long>(failed), format_duration(t).c_str(),
                    format_duration(eta).c_str());
      std::cerr << buf << (final ? "\n" : "") << std::flush;
    } else if (final || (now_done != last_count_ && t - last_line_ >= every_)) {
      std::snprintf(buf, sizeof buf, "bench: %lld/%lld runs done, %lld failed, %s elapsed, ETA %s\n",
                    static_cast<long long>(runs_done), static_cast<long long>(plan_.total),
                    static_cast<long long>(failed), format_duration(t).c_str(), format_duration(eta).c_str());
      std::cerr << buf << std::flush;
      last_line_ = t;
      last_count_ = now_done;
    }
  }
  bool tty() const { return tty_; }

 private:
  double elapsed() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count(); }
  // The runs of the plan's cells now in runs.csv, and the failed runs of the file.
  int64_t count_done(int64_t* failed) const {
    int64_t n = 0;
    *failed = 0;
    std::set<std::string> keys;
    for (const auto& r : read_bench_runs(runs_path_)) {
      if (!keys.insert(bench_key(r)).second) continue;
      if (r.ok) continue;
      ++*failed;
    }
    for (const auto& c : plan_.cells)
      for (uint64_t seed : c.missing) n += keys.count(bench_key(c.data.hash, c.model, c.sampler, protocol_, seed));
    return n;
  }

  const std::string runs_path_;
  const BenchPlan& plan_;
  const std::string protocol_;
  const double every_;
  const bool tty_ = isatty(STDERR_FILENO);
  const std::chrono::steady_clock::time_point t0_ = std::chrono::steady_clock::now();
  double last_line_ = -1e9, last_poll_ = -1e9;
  int64_t last_count_ = -1;
};

// Runs the plan's cells, up to `jobs` child processes at once in grid order, each with `per_job`
// threads. A child that ends without having written all its seeds gets them recorded: killed by a
// signal (the out-of-memory killer's SIGKILL, a crash) as "killed", so that the next bench runs
// them again, otherwise as an error with the last line of its log. SIGINT / SIGTERM stop the
// children and exit with status 130.
void run_cells(const BenchFlags& f, const BenchPlan& plan, const std::string& protocol, const std::string& runs_path,
               int per_job, BenchProgress& progress) {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  const std::vector<BenchCell>& cells = plan.cells;
  const std::string self = current_executable();
  auto cell_log = [&](size_t i) { return f.out + "/logs/" + bench_cell_log_name(cells[i]); };
  ProcessPool pool(f.jobs);
  size_t next = 0;
  auto spawn = [&](size_t i) {
    std::vector<std::string> argv = cell_arguments(cells[i], protocol, per_job, f.scaling);
    argv.insert(argv.begin(), self);
    argv.insert(argv.end(), {"--runs", runs_path});
    pool.start(i, argv, cell_log(i));
  };
  auto reap = [&](size_t i, int status) {
    const int exit_code = WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
    const std::string lines = unfinished_seed_lines(cells[i], protocol, runs_path, exit_code, cell_log(i));
    if (!lines.empty() && !g_interrupted) append_bench_lines(runs_path, lines);
  };
  while ((next < cells.size() || !pool.empty()) && !g_interrupted) {
    while (next < cells.size() && pool.has_room()) spawn(next++);
    if (const auto finished = pool.poll()) {
      reap(finished->job, finished->status);
      continue;
    }
    progress.update(false);
    std::this_thread::sleep_for(std::chrono::milliseconds(progress.tty() ? 250 : 200));
  }
  if (g_interrupted) {
    pool.terminate_all();
    progress.update(true);
    std::cerr << "interrupted: finished runs are in " << runs_path << "; run the same command again to resume\n";
    std::exit(130);
  }
}

// One cell's seeds, run by the bench's children (hidden subcommand `bench-cell`). With
// `--record-exit CODE --log FILE` it runs nothing: it appends the lines the bench records for the
// seeds that --runs lacks after a cell's process ended with CODE (a Dask task's, docs/distributed.md).
void add_bench_cell(CLI::App& app) {
  auto* cell = app.add_subcommand("bench-cell", "");
  cell->group("");
  struct CellFlags {
    std::string data, hash, name, model, sampler, protocol, seeds, scaling, runs, log;
    int threads = 1, record_exit = 0;
  };
  auto c = std::make_shared<CellFlags>();
  cell->add_option("--data", c->data)->required();
  cell->add_option("--hash", c->hash)->required();
  cell->add_option("--name", c->name)->required();
  cell->add_option("--model", c->model)->required();
  cell->add_option("--sampler", c->sampler)->required();
  cell->add_option("--protocol", c->protocol)->required();
  cell->add_option("--seeds", c->seeds)->required();
  cell->add_option("--scaling", c->scaling)->required();
  cell->add_option("--runs", c->runs)->required();
  cell->add_option("--threads", c->threads);
  auto* record = cell->add_option("--record-exit", c->record_exit);
  cell->add_option("--log", c->log)->needs(record);
  cell->callback([c, record] {
    BenchDataset data;
    data.source = c->data;
    data.hash = c->hash;
    data.name = c->name;
    if (record->count() > 0) {
      const BenchCell cell{data, c->model, c->sampler, parse_seed_list(c->seeds)};
      const std::string lines = unfinished_seed_lines(cell, c->protocol, c->runs, c->record_exit, c->log);
      if (!lines.empty()) append_bench_lines(c->runs, lines);
      return;
    }
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // the bench went away: stop too
    set_threads(c->threads);
    if (bench_datasets({c->data}).front().hash != c->hash)
      throw InputError("dataset '" + c->data + "' is not the one the bench planned (its content hash differs)");
    const Table table = load_table(c->data);
    ExperimentConfig cfg;
    cfg.model_spec = c->model;
    cfg.sampler_spec = c->sampler;
    cfg.protocol = Protocol::parse(c->protocol);
    cfg.scaling = parse_scaling(c->scaling);
    // The cell's log: which candidate each auto run chose.
    if (is_auto_model_spec(c->model)) cfg.progress = [](const std::string& line) { std::cerr << line << std::endl; };
    for (uint64_t seed : parse_seed_list(c->seeds)) {
      cfg.seeds = {seed};
      std::string lines;
      try {
        lines = bench_lines(data, evaluate_table(table, cfg));
      } catch (const Error& e) {
        lines = bench_error_line(data, c->model, c->sampler, c->protocol, seed, e.what());
      }
      append_bench_lines(c->runs, lines);
    }
  });
}

// `autosmote report DIR`.
void add_report(CLI::App& app) {
  auto* rep = app.add_subcommand("report", "write report.md, results.json and figures/ from DIR/runs.csv of a bench");
  struct RepFlags {
    std::string dir;
    ReportFlags report;
  };
  auto r = std::make_shared<RepFlags>();
  rep->add_option("dir", r->dir, "bench output directory")->required();
  r->report.add(rep);
  rep->callback([r] {
    struct stat st {};
    if (stat((r->dir + "/runs.csv").c_str(), &st) != 0) throw InputError(r->dir + "/runs.csv does not exist");
    const ReportOptions options = r->report.options();
    check_report_outputs(r->dir, options);
    write_report(r->dir, options);
  });
}

}  // namespace

void add_bench(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "bench", "run a dataset x (model, sampler) grid over seeds; resumable; writes runs.csv and a report");
  auto f = std::make_shared<BenchFlags>();
  sub->add_option("--data", f->data,
                  "datasets: CSV files, directories of CSV files, synthetic specs (comma- or space-separated)")
      ->required();
  sub->add_option("--models", f->models, "model specs (comma- or space-separated)")->capture_default_str();
  sub->add_option("--samplers", f->samplers,
                  "sampler specs (comma- or space-separated); models that over-sample themselves (auto-smote) run with "
                  "none only")
      ->capture_default_str();
  sub->add_option("--seeds", f->seeds, "seeds: 0-9, 0,3,7 or 0-2,5")->capture_default_str();
  sub->add_option("--protocol", f->protocol, "holdout:FRACTION or kfold:FOLDSxREPEATS")->capture_default_str();
  sub->add_option("--scaling", f->scaling, "numeric scaling: minmax or standard")->capture_default_str();
  sub->add_option("--out", f->out, "output directory (runs.csv, report.md, results.json, figures/)")->required();
  sub->add_option("--jobs", f->jobs, "grid cells run at once")->check(CLI::PositiveNumber)->capture_default_str();
  sub->add_option("--threads", f->threads, "worker threads in all, shared by the jobs (0 = one per core)")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--progress-every", f->progress_every, "seconds between progress lines when stderr is not a terminal")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  sub->add_flag("--plan-json", f->plan_json,
                "print the plan (the cells still to run) as JSON and run nothing (docs/distributed.md)");
  f->report.add(sub);
  sub->callback([f] {
    auto specs = [](const std::vector<std::string>& items) {
      std::vector<std::string> out;
      for (const auto& i : items)
        for (const auto& s : split_spec_list(i)) out.push_back(s);
      return out;
    };
    std::vector<std::string> models, samplers;
    for (const auto& m : specs(f->models)) models.push_back(canonical_model_spec(m));
    for (const auto& s : specs(f->samplers)) samplers.push_back(parse_sampler_grid(s).spec);
    const std::string protocol = Protocol::parse(f->protocol).str();
    const auto seeds = parse_seed_list(f->seeds);
    (void)parse_scaling(f->scaling);
    const auto datasets = bench_datasets(specs(f->data));
    const ReportOptions report_options = f->report.options();
    // Outputs before the work: the folder, the runs file and the report's files.
    make_dir(f->out);
    make_dir(f->out + "/logs");
    const std::string runs_path = f->out + "/runs.csv";
    check_output_path(runs_path);
    check_report_outputs(f->out, report_options);

    // The grid, and what of it is done (a killed run is not: it runs again).
    if (upgrade_bench_runs(runs_path))
      std::cerr << "note: runs.csv rewritten in today's format (its missing columns 0 for its runs)\n";
    int64_t skipped = 0;
    const BenchPlan plan =
        plan_bench(datasets, models, samplers, protocol, seeds, read_bench_runs(runs_path, &skipped));
    if (skipped > 0)
      std::cerr << "note: " << skipped << " incomplete line(s) in runs.csv (runs cut off); they run again\n";
    const int threads_total = threads_in_effect(f->threads);
    const int per_job = std::max(1, threads_total / f->jobs);
    if (f->plan_json) return print_plan_json(*f, plan, protocol, runs_path, per_job);
    std::cerr << "bench: " << datasets.size() << " datasets, " << plan.total << " runs (" << plan.done
              << " done before), " << f->jobs << " job(s) x " << per_job << " thread(s)\n";

    BenchProgress progress(runs_path, plan, protocol, f->progress_every);
    run_cells(*f, plan, protocol, runs_path, per_job, progress);
    progress.update(true);
    write_report(f->out, report_options);
  });
  add_bench_cell(app);
  add_report(app);
}

}  // namespace autosmote::cli
