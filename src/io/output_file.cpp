#include "autosmote/io/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>

#include "autosmote/core/error.h"

namespace autosmote {
namespace {

constexpr size_t kBufferBytes = size_t{1} << 20;

std::string folder_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string error_text(int err) { return std::strerror(err); }

[[noreturn]] void cannot_write(const std::string& path, const std::string& why) {
  throw InputError("cannot write '" + path + "': " + why);
}

// Exceeding RLIMIT_FSIZE raises SIGXFSZ, whose default action kills the process before write(2)
// can return EFBIG; ignored, the write fails and the temporary file is removed.
void ignore_file_size_signal() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction current {};
    if (::sigaction(SIGXFSZ, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) std::signal(SIGXFSZ, SIG_IGN);
  });
}

// The file a regular target's temporary file is renamed onto: the target, or where its symbolic
// link points (so that the link is kept).
std::string rename_target(const std::string& path) {
  struct stat link {};
  if (::lstat(path.c_str(), &link) != 0 || !S_ISLNK(link.st_mode)) return path;
  char resolved[PATH_MAX];
  if (!::realpath(path.c_str(), resolved)) cannot_write(path, error_text(errno));
  return resolved;
}

void check_folder(const std::string& path, const std::string& folder) {
  struct stat st {};
  if (::stat(folder.c_str(), &st) != 0) cannot_write(path, "folder '" + folder + "': " + error_text(errno));
  if (!S_ISDIR(st.st_mode)) cannot_write(path, "'" + folder + "' is not a folder");
  if (::access(folder.c_str(), W_OK | X_OK) != 0) cannot_write(path, "folder '" + folder + "': " + error_text(errno));
}

}  // namespace

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  if (path_.empty()) throw InputError("cannot write an output file: no path given");
  ignore_file_size_signal();
  struct stat st {};
  const bool exists = ::stat(path_.c_str(), &st) == 0;
  if (!exists && errno != ENOENT) cannot_write(path_, error_text(errno));
  if (exists && S_ISDIR(st.st_mode)) cannot_write(path_, error_text(EISDIR));
  struct stat link {};
  const bool dangling_link = !exists && ::lstat(path_.c_str(), &link) == 0;
  // /dev/stdout or /proc/self/fd/N on a regular file: the open descriptor's file, not a new one.
  const bool device_path = path_.rfind("/dev/", 0) == 0 || path_.rfind("/proc/", 0) == 0;
  if ((exists && !S_ISREG(st.st_mode)) || dangling_link || device_path) {
    // A device, pipe or socket (or a link to nowhere): written directly, errors still checked.
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd_ < 0) cannot_write(path_, error_text(errno));
    return;
  }
  final_ = exists ? rename_target(path_) : path_;
  const std::string folder = folder_of(final_);
  const std::string base = final_.substr(final_.find_last_of('/') + 1);
  static std::atomic<unsigned> counter{0};
  for (;;) {
    temp_ = folder + "/." + base + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ >= 0 || errno != EEXIST) break;
  }
  if (fd_ < 0) {
    const int err = errno;
    temp_.clear();
    if (err == ENOENT) check_folder(path_, folder);  // names the missing folder
    cannot_write(path_, error_text(err));
  }
  if (exists) (void)::fchmod(fd_, st.st_mode & 07777);  // the replaced file's permissions
}

OutputFile::~OutputFile() { discard(); }

void OutputFile::discard() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
  buffer_.clear();
}

void OutputFile::fail(const std::string& why) {
  discard();
  cannot_write(path_, why);
}

void OutputFile::write(const std::string& text) {
  if (fd_ < 0 || finished_) fail("the file is already closed");
  buffer_ += text;
  if (buffer_.size() >= kBufferBytes) flush_buffer();
}

int write_all(int fd, const std::string& text) {
  const char* p = text.data();
  size_t left = text.size();
  while (left > 0) {
    const ssize_t w = ::write(fd, p, left);
    if (w < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (w == 0) return EIO;
    p += w;
    left -= static_cast<size_t>(w);
  }
  return 0;
}

void OutputFile::flush_buffer() {
  const int err = write_all(fd_, buffer_);
  if (err != 0) fail(error_text(err));
  buffer_.clear();
}

void OutputFile::finish() {
  if (finished_) return;
  if (fd_ < 0) fail("the file is already closed");
  flush_buffer();
  // Delayed allocation and network file systems report a full disk only here.
  if (!temp_.empty() && ::fsync(fd_) != 0) fail(error_text(errno));
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail(error_text(errno));
  finished_ = true;
}

void OutputFile::commit() {
  finish();
  if (!temp_.empty() && ::rename(temp_.c_str(), final_.c_str()) != 0) fail(error_text(errno));
  temp_.clear();
}

void commit_together(std::vector<OutputFile*> files) {
  for (OutputFile* f : files) f->finish();
  for (OutputFile* f : files) f->commit();
}

void write_output_file(const std::string& path, const std::string& text) {
  OutputFile out(path);
  out.write(text);
  out.commit();
}

void check_output_path(const std::string& path) {
  if (path.empty()) throw InputError("cannot write an output file: no path given");
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) cannot_write(path, error_text(errno));
    check_folder(path, folder_of(path));
    return;
  }
  if (S_ISDIR(st.st_mode)) cannot_write(path, error_text(EISDIR));
  if (!S_ISREG(st.st_mode)) {
    if (::access(path.c_str(), W_OK) != 0) cannot_write(path, error_text(errno));
    return;
  }
  check_folder(path, folder_of(rename_target(path)));
}

void flush_stdout() {
  errno = 0;
  std::cout.flush();
  const bool lost = !std::cout || std::fflush(stdout) != 0 || std::ferror(stdout);
  // The reason is known when this flush failed; an earlier write's errno is gone.
  if (lost) throw InputError("cannot write standard output: " + (errno != 0 ? error_text(errno) : "a write failed"));
}

}  // namespace autosmote
