// Output files are written whole or not at all (io/output_file.h).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "autosmote/core/error.h"
#include "autosmote/io/output_file.h"
#include "test_util.h"

namespace autosmote {
namespace {

namespace fs = std::filesystem;

// A fresh, empty folder under the test temporary folder.
std::string fresh_dir(const std::string& name) {
  const std::string dir = testing::temp_path(name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Names of the entries of `dir` (the temporary files are hidden: they start with a dot).
std::vector<std::string> entries(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(OutputFile, WritesANewFileAndReplacesAnOldOneLeavingNoTemporaryFile) {
  const std::string dir = fresh_dir("out_new");
  const std::string path = dir + "/a.csv";
  write_output_file(path, "x\n1\n");
  EXPECT_EQ(read_all(path), "x\n1\n");
  std::string big(3 << 20, 'z');  // more than the 1 MiB buffer
  write_output_file(path, big);
  EXPECT_EQ(read_all(path), big);
  EXPECT_EQ(entries(dir), std::vector<std::string>{"a.csv"});
}

TEST(OutputFile, WithoutCommitTheOldFileIsUntouchedAndTheTemporaryFileRemoved) {
  const std::string dir = fresh_dir("out_discard");
  const std::string path = dir + "/m.model";
  write_output_file(path, "old");
  {
    OutputFile out(path);
    out.write(std::string(2 << 20, 'n'));  // flushed to the temporary file
    EXPECT_EQ(entries(dir).size(), 2u);    // the target and the hidden temporary file
  }
  EXPECT_EQ(read_all(path), "old");
  EXPECT_EQ(entries(dir), std::vector<std::string>{"m.model"});
}

TEST(OutputFile, AFileSizeLimitIsAnErrorAndLeavesTheOldFile) {
  const std::string dir = fresh_dir("out_fsize");
  const std::string path = dir + "/r.json";
  write_output_file(path, "old");
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &saved), 0);
  rlimit small = saved;
  small.rlim_cur = 4096;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  const std::string err = error_of([&] { write_output_file(path, std::string(10000, 'x')); });
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &saved), 0);
  EXPECT_EQ(err, "cannot write '" + path + "': File too large");
  EXPECT_EQ(read_all(path), "old");
  EXPECT_EQ(entries(dir), std::vector<std::string>{"r.json"});
}

TEST(OutputFile, SpecialFilesAreWrittenDirectlyWithErrorsChecked) {
  const std::string err = error_of([] { write_output_file("/dev/full", "x\n"); });
  EXPECT_EQ(err, "cannot write '/dev/full': No space left on device");
  EXPECT_NO_THROW(write_output_file("/dev/null", std::string(3 << 20, 'x')));
  EXPECT_NO_THROW(check_output_path("/dev/full"));  // only the write can tell that it is full
}

TEST(OutputFile, ADirectoryOrAMissingFolderIsAnErrorBeforeAndWhenWriting) {
  const std::string dir = fresh_dir("out_bad");
  EXPECT_EQ(error_of([&] { check_output_path(dir); }), "cannot write '" + dir + "': Is a directory");
  EXPECT_EQ(error_of([&] { write_output_file(dir, "x"); }), "cannot write '" + dir + "': Is a directory");
  const std::string missing = dir + "/no/such/x.csv";
  const std::string expected =
      "cannot write '" + missing + "': folder '" + dir + "/no/such': No such file or directory";
  EXPECT_EQ(error_of([&] { check_output_path(missing); }), expected);
  EXPECT_EQ(error_of([&] { write_output_file(missing, "x"); }), expected);
  write_output_file(dir + "/file", "x");
  EXPECT_NE(error_of([&] { check_output_path(dir + "/file/x.csv"); }), "");  // a file used as a folder
  EXPECT_THROW(check_output_path(""), InputError);
  EXPECT_NO_THROW(check_output_path(dir + "/new.csv"));
  EXPECT_NO_THROW(check_output_path(dir + "/file"));
  EXPECT_EQ(entries(dir), std::vector<std::string>{"file"});  // checking writes nothing
}

TEST(OutputFile, ALinkIsKeptAndTheModeOfTheReplacedFileToo) {
  const std::string dir = fresh_dir("out_link");
  const std::string file = dir + "/real.csv", link = dir + "/link.csv";
  write_output_file(file, "old");
  ASSERT_EQ(chmod(file.c_str(), 0640), 0);
  fs::create_symlink("real.csv", link);
  write_output_file(link, "new");
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(read_all(file), "new");
  struct stat st {};
  ASSERT_EQ(stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  EXPECT_EQ(entries(dir), (std::vector<std::string>{"link.csv", "real.csv"}));
}

TEST(OutputFile, WriteAfterCommitIsAnError) {
  const std::string dir = fresh_dir("out_closed");
  OutputFile out(dir + "/a.txt");
  out.write("a");
  out.commit();
  EXPECT_THROW(out.write("b"), InputError);
  EXPECT_EQ(read_all(dir + "/a.txt"), "a");
}

TEST(OutputFile, OutputsCommittedTogetherAllStayAsTheyWereWhenOneFails) {
  const std::string dir = fresh_dir("out_together");
  write_output_file(dir + "/e.json", "old json");
  {
    OutputFile json(dir + "/e.json"), full("/dev/full");
    json.write("new json");
    full.write("runs");
    EXPECT_THROW(commit_together({&json, &full}), InputError);
  }
  EXPECT_EQ(read_all(dir + "/e.json"), "old json");
  EXPECT_EQ(entries(dir), std::vector<std::string>{"e.json"});
  OutputFile a(dir + "/e.json"), b(dir + "/e.csv");
  a.write("json");
  b.write("csv");
  commit_together({&a, &b});
  EXPECT_EQ(read_all(dir + "/e.json"), "json");
  EXPECT_EQ(read_all(dir + "/e.csv"), "csv");
}

TEST(OutputFile, WriteAllReportsTheErrorOfAFailedWrite) {
  const int full = ::open("/dev/full", O_WRONLY);
  ASSERT_GE(full, 0);
  EXPECT_EQ(write_all(full, "runs"), ENOSPC);
  EXPECT_EQ(write_all(full, ""), 0);
  ::close(full);
}

}  // namespace
}  // namespace autosmote
