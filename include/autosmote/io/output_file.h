// Output files that are never half-written. Every file the library or the CLI writes (model files,
// --out, --json, --csv, report.md, results.json, figures) goes through OutputFile.
//
// Write policy:
// - A regular file (or a path that does not exist yet) is written to a temporary file in the same
//   folder (".NAME.tmp-PID-N", created with O_EXCL and mode 0666 & ~umask, or the mode of the file it
//   replaces), then flushed, fsync'ed and closed with every error checked (ENOSPC, EFBIG from a
//   file-size limit, EIO), and renamed onto the target only when all of that succeeded. On any
//   failure (or when the OutputFile is destroyed without commit()) the temporary file is removed and
//   an existing target is left untouched. Renaming makes a new file: hard links to the old one keep
//   the old contents. A symbolic link to a regular file is kept: the file it points to is replaced.
//   A run killed by a signal (SIGKILL) can leave its hidden temporary file behind, never a cut target.
// - A special file (a character device such as /dev/full or /dev/null, a pipe or socket) and any
//   path under /dev/ or /proc/ (/dev/stdout is the process's open output, even when that is a
//   regular file) cannot be renamed onto: it is written directly, with the same checked writes and
//   close, so that a failed write (ENOSPC on /dev/full) is still an error.
// - A directory, or a path whose folder does not exist or is not writable, is an error.
// Exceeding the file-size limit (ulimit -f) would kill the process with SIGXFSZ; opening an
// OutputFile sets SIGXFSZ to ignored (when it has its default action) so that it is a write error
// (EFBIG) and the temporary file is removed.
//
// Errors: InputError, one line: "cannot write 'PATH': " + strerror(errno) (or the reason).
#pragma once

#include <string>
#include <vector>

namespace autosmote {

class OutputFile {
 public:
  // Opens the temporary file (or the special file). Throws InputError when that is not possible.
  explicit OutputFile(std::string path);
  ~OutputFile();  // without commit(): the temporary file is removed, the target left as it was
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Buffered; a failed write throws InputError (and the OutputFile is then discarded).
  void write(const std::string& text);
  // Flushes, syncs and closes the temporary file (every write error surfaces here at the latest);
  // the target is not touched yet.
  void finish();
  // finish(), then renames into place; after it the OutputFile holds nothing.
  void commit();

  const std::string& path() const { return path_; }

 private:
  void flush_buffer();
  [[noreturn]] void fail(const std::string& why);
  void discard() noexcept;

  std::string path_;   // the target as given
  std::string final_;  // what the temporary file is renamed onto (the target, links resolved)
  std::string temp_;   // the temporary file; empty for a special file written directly
  std::string buffer_;
  int fd_ = -1;
  bool finished_ = false;
};

// Several outputs of one run (evaluate's --json and --csv): all are finished before any replaces
// its target, so a failed write leaves every target as it was (only a failing rename, after an
// earlier one succeeded, could leave them apart).
void commit_together(std::vector<OutputFile*> files);

// Writes all of `text` to the open descriptor `fd`, retrying interrupted and partial writes.
// Returns 0, or the errno of the failure (EIO for a write that made no progress). Used by
// OutputFile and by the appends to a bench's runs.csv.
int write_all(int fd, const std::string& text);

// Writes `text` to `path` with the policy above: OutputFile + write + commit.
void write_output_file(const std::string& path, const std::string& text);

// Checks, before any work starts, that `path` could be written: it is not a directory, and its
// folder exists and is writable (a special file such as /dev/null is fine). Throws InputError
// naming the path. What it cannot see (a full disk) is still caught when the file is written.
void check_output_path(const std::string& path);

// Flushes std::cout and throws InputError when anything printed to it was lost (stdout on a full
// disk or /dev/full), for the commands whose output is the printed text.
void flush_stdout();

}  // namespace autosmote
