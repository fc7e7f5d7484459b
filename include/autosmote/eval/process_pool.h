// The bench's process pool: child processes of this executable, at most a given number at once,
// each with its stdout sent to /dev/null and its stderr to a log file. Torch-free, POSIX only.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace autosmote {

// The path of the running executable (/proc/self/exe); InputError when it cannot be read.
std::string current_executable();

class ProcessPool {
 public:
  explicit ProcessPool(int max_running) : max_running_(max_running) {}

  bool has_room() const { return static_cast<int>(running_.size()) < max_running_; }
  bool empty() const { return running_.empty(); }

  // Starts argv[0] with `argv` (stdout to /dev/null, stderr appended to `log_path`) as job `job`.
  // InputError when it cannot be started.
  void start(size_t job, const std::vector<std::string>& argv, const std::string& log_path);

  struct Finished {
    size_t job;
    int status;  // as waitpid reports it (WIFEXITED, WIFSIGNALED...)
  };
  // A child of the pool that has ended, without waiting; none when none has ended yet.
  std::optional<Finished> poll();

  // SIGTERM to every running child, then waits for them all.
  void terminate_all();

 private:
  int max_running_;
  std::map<pid_t, size_t> running_;  // pid -> job
};

}  // namespace autosmote
