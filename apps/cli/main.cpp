// autosmote: command-line entry point. Parses flags, runs one subcommand, and maps errors to
// one-line messages and exit codes (1 internal, 2 usage, 3 input, 4 spec, 5 model file, 6 device).
#include <exception>
#include <iostream>
#include <new>
#include <string>

#include "autosmote/core/error.h"
#include "autosmote/io/output_file.h"
#include "common.h"

int main(int argc, char** argv) {
  CLI::App app{"autosmote: oversampling and imbalanced classification (AutoSMOTE, Kishanthan & Hevapathige, 2025)"};
  app.set_version_flag("--version", std::string("autosmote ") + AUTOSMOTE_VERSION);
  app.require_subcommand(1);
  autosmote::cli::add_train(app);
  autosmote::cli::add_predict(app);
  autosmote::cli::add_evaluate(app);
  autosmote::cli::add_summarize(app);
  autosmote::cli::add_resample(app);
  autosmote::cli::add_explain(app);
  autosmote::cli::add_bench(app);
  try {
    app.parse(argc, argv);
    autosmote::flush_stdout();  // what a subcommand printed and the disk refused is an error too
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "error: " << autosmote::one_line(e.what()) << " (run with --help for usage)\n";
    return 2;
  } catch (const autosmote::Error& e) {
    std::cerr << "error: " << autosmote::one_line(e.what()) << "\n";
    return e.exit_code();
  } catch (const std::bad_alloc&) {  // a safety net: sizes are checked before allocating
    std::cerr << "error: out of memory (the data, spec or model asked for more memory than this machine has)\n";
    return 1;
  } catch (const std::exception& e) {
    const std::string what = e.what();
    const std::string torch_alloc = "DefaultCPUAllocator: ";  // LibTorch's allocation failure
    const auto at = what.find(torch_alloc);
    if (at != std::string::npos)
      std::cerr << "error: out of memory (" << autosmote::one_line(what.substr(at + torch_alloc.size())) << ")\n";
    else
      std::cerr << "error: " << autosmote::one_line(what) << "\n";
    return 1;
  }
  return 0;
}
