// Tests of runners/git/git_repo.{h,cpp} against real repositories built with the git command in
// temporary directories, with fixed identities and dates so every run sees the same history.
// Where git itself can answer (rev-parse, log -1 -- PATH) its answer is the oracle.
#include <fcntl.h>
#include <git2.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "checks/model/freshness.h"
#include "runners/git/git_repo.h"

namespace mlgate {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kT0 = 1700000000;  // 2023-11-14T22:13:20Z
constexpr int64_t kDay = 86400;

std::string Quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// A scratch directory with a git repository (or not), removed at the end of the test.
class Scratch {
 public:
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "mlgate-git-XXXXXX").string();
    char* made = mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr);
    // Canonical, so comparisons with what libgit2 reports do not trip over a linked /tmp.
    dir_ = fs::canonical(pattern);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  const fs::path& dir() const { return dir_; }
  std::string str() const { return dir_.string(); }

 private:
  fs::path dir_;
};

// Runs the shell `script` in `dir` with git isolated from the user's and the system's
// configuration and both git dates set to `time`. Returns its standard output; fails the test on
// a non-zero exit unless `may_fail`.
std::string Shell(const fs::path& dir, const std::string& script, int64_t time = kT0,
                  bool may_fail = false) {
  std::string date = Quote(std::to_string(time) + " +0000");
  std::string command = "cd " + Quote(dir.string()) +
                        " && unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE"
                        " && export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null"
                        " GIT_AUTHOR_DATE=" +
                        date + " GIT_COMMITTER_DATE=" + date + " && " + script + " 2>/dev/null";
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot run " << command;
    return output;
  }
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) output.append(buf, n);
  int status = pclose(pipe);
  if (!may_fail) {
    EXPECT_EQ(status, 0) << command;
  }
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
  return output;
}

std::string Git(const fs::path& dir, const std::string& args, int64_t time = kT0,
                bool may_fail = false) {
  return Shell(dir, "git " + args, time, may_fail);
}

void Write(const fs::path& file, const std::string& content) {
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << content;
}

void SetModificationTime(const fs::path& file, int64_t seconds) {
  struct timespec times[2];
  times[0].tv_sec = seconds;
  times[0].tv_nsec = 0;
  times[1] = times[0];
  ASSERT_EQ(utimensat(AT_FDCWD, file.c_str(), times, 0), 0) << file;
}

void InitRepo(const fs::path& dir) {
  Shell(dir,
        "git init -q -b main && git config user.name 'Gate Tester' && "
        "git config user.email gate@example.com && git config commit.gpgsign false");
}

// Commits everything in the work tree and returns the new commit's id.
std::string Commit(const fs::path& dir, const std::string& message, int64_t time) {
  return Shell(dir, "git add -A && git commit -q -m " + Quote(message) + " && git rev-parse HEAD",
               time);
}

// The shared history:
//   c1 (t0)    data/a.csv=a1 data/b.csv=b1 models/m.bin=m1 models/latest->m.bin root.txt lfs.bin
//              annotated tag v1.0
//   c2 (t0+1d) data/a.csv=a2                         lightweight tag light
//   c3 (t0+2d) data/b.csv=b2                         main, HEAD
//   c4 (t0+3d) data/a.csv=a-feature                  branch feature/x (from c3)
class GitRepoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = scratch_.dir();
    InitRepo(root_);
    Write(root_ / "data/a.csv", "a1\n");
    Write(root_ / "data/b.csv", "b1\n");
    Write(root_ / "models/m.bin", "m1\n");
    fs::create_symlink("m.bin", root_ / "models/latest");
    Write(root_ / "root.txt", "root\n");
    Write(root_ / "lfs.bin",
          "version https://git-lfs.github.com/spec/v1\n"
          "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
          "size 12345\n");
    c1_ = Commit(root_, "first", kT0);
    Git(root_, "tag -a v1.0 -m release", kT0);
    Write(root_ / "data/a.csv", "a2\n");
    c2_ = Commit(root_, "second", kT0 + kDay);
    Git(root_, "tag light");
    Write(root_ / "data/b.csv", "b2\n");
    c3_ = Commit(root_, "third", kT0 + 2 * kDay);
    Git(root_, "checkout -q -b feature/x");
    Write(root_ / "data/a.csv", "a-feature\n");
    c4_ = Commit(root_, "feature", kT0 + 3 * kDay);
    Git(root_, "checkout -q main");
    ASSERT_EQ(c1_.size(), 40u);
    ASSERT_EQ(c3_.size(), 40u);
  }

  GitRepo Open(const fs::path& start) {
    auto repo = GitRepo::Discover(start.string());
    EXPECT_TRUE(repo.ok()) << repo.status().message();
    return std::move(repo).value();
  }

  Scratch scratch_;
  fs::path root_;
  std::string c1_, c2_, c3_, c4_;
};

TEST_F(GitRepoTest, DiscoverSearchesUpwardFromASubdirectory) {
  GitRepo repo = Open(root_ / "data");
  EXPECT_EQ(repo.root(), root_.string());
}

TEST(GitDiscoverTest, OutsideARepositoryIsNotFound) {
  Scratch scratch;
  fs::create_directories(scratch.dir() / "plain");
  // Fence the search at the scratch directory whatever lies above it.
  const char* old = std::getenv("GIT_CEILING_DIRECTORIES");
  std::string saved = old != nullptr ? old : "";
  setenv("GIT_CEILING_DIRECTORIES", scratch.str().c_str(), 1);
  auto repo = GitRepo::Discover((scratch.dir() / "plain").string());
  if (old != nullptr) {
    setenv("GIT_CEILING_DIRECTORIES", saved.c_str(), 1);
  } else {
    unsetenv("GIT_CEILING_DIRECTORIES");
  }
  ASSERT_FALSE(repo.ok());
  EXPECT_EQ(repo.status().code(), StatusCode::kNotFound);
  EXPECT_NE(repo.status().message().find("no repository contains"), std::string::npos);
}

TEST_F(GitRepoTest, ReadsFilesAtEveryKindOfRef) {
  GitRepo repo = Open(root_);
  struct Case {
    std::string ref, path, bytes, commit;
  };
  const Case cases[] = {
      {"main", "data/a.csv", "a2\n", c3_},
      {"HEAD", "data/b.csv", "b2\n", c3_},
      {"HEAD~1", "data/b.csv", "b1\n", c2_},
      {"HEAD~2", "data/a.csv", "a1\n", c1_},
      {"main^", "data/a.csv", "a2\n", c2_},
      {"feature/x", "data/a.csv", "a-feature\n", c4_},
      {"feature/x~1", "data/a.csv", "a2\n", c3_},
      {"light", "data/a.csv", "a2\n", c2_},
      {"v1.0", "data/a.csv", "a1\n", c1_},  // annotated: peeled through the tag object
      {c1_, "data/b.csv", "b1\n", c1_},
      {c2_.substr(0, 7), "data/a.csv", "a2\n", c2_},
      {"main", "./data/../data/a.csv", "a2\n", c3_},
      {"main", "models/latest", "m1\n", c3_},  // a stored symbolic link is followed
  };
  for (const auto& c : cases) {
    auto blob = repo.ReadFile(c.ref, c.path);
    ASSERT_TRUE(blob.ok()) << c.ref << ":" << c.path << ": " << blob.status().message();
    EXPECT_EQ(blob->bytes, c.bytes) << c.ref << ":" << c.path;
    EXPECT_EQ(blob->commit, c.commit) << c.ref << ":" << c.path;
  }
}

TEST_F(GitRepoTest, ReadFileNeverLooksAtTheWorkTreeOrIndex) {
  Write(root_ / "data/a.csv", "edited in the work tree\n");
  Git(root_, "add data/a.csv");
  fs::remove(root_ / "data/b.csv");
  GitRepo repo = Open(root_);
  auto a = repo.ReadFile("HEAD", "data/a.csv");
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->bytes, "a2\n");
  auto b = repo.ReadFile("HEAD", "data/b.csv");
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(b->bytes, "b2\n");
}

TEST_F(GitRepoTest, MissingRefNamesTheRefAndTheRepository) {
  GitRepo repo = Open(root_);
  auto blob = repo.ReadFile("nope", "data/a.csv");
  ASSERT_FALSE(blob.ok());
  EXPECT_EQ(blob.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(blob.status().message(), "git: ref 'nope' not found in " + root_.string());

  auto too_far = repo.ReadFile("HEAD~9", "data/a.csv");
  ASSERT_FALSE(too_far.ok());
  EXPECT_EQ(too_far.status().message(), "git: ref 'HEAD~9' not found in " + root_.string());
}

TEST_F(GitRepoTest, MissingPathNamesThePathRefAndCommit) {
  GitRepo repo = Open(root_);
  auto blob = repo.ReadFile("main", "data/zzz.csv");
  ASSERT_FALSE(blob.ok());
  EXPECT_EQ(blob.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(blob.status().message(),
            "git: 'data/zzz.csv' does not exist at ref 'main' (commit " + c3_.substr(0, 7) + ")");
}

TEST_F(GitRepoTest, RejectsDirectoriesEscapesColonsAndLfsPointers) {
  GitRepo repo = Open(root_);
  auto dir = repo.ReadFile("main", "data");
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(dir.status().message().find("'data' at ref 'main'"), std::string::npos);
  EXPECT_NE(dir.status().message().find("is a directory"), std::string::npos);

  auto escape = repo.ReadFile("main", "../outside.csv");
  ASSERT_FALSE(escape.ok());
  EXPECT_EQ(escape.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(escape.status().message().find("outside the repository"), std::string::npos);

  auto colon = repo.ReadFile("main:data", "a.csv");
  ASSERT_FALSE(colon.ok());
  EXPECT_EQ(colon.status().code(), StatusCode::kInvalidArgument);

  auto tree_ref = repo.ReadFile("main^{tree}", "data/a.csv");
  ASSERT_FALSE(tree_ref.ok());
  EXPECT_NE(tree_ref.status().message().find("names a tree, not a commit"), std::string::npos);

  auto lfs = repo.ReadFile("main", "lfs.bin");
  ASSERT_FALSE(lfs.ok());
  EXPECT_EQ(lfs.status().code(), StatusCode::kDataError);
  EXPECT_NE(lfs.status().message().find("Git LFS pointer"), std::string::npos);
}

TEST_F(GitRepoTest, PathsRelativeToTheGateFileDirectory) {
  fs::create_directories(root_ / "gates/nightly");
  GitRepo repo = Open(root_);
  const std::string gates = (root_ / "gates/nightly").string();

  auto rel = repo.RepoPath("../../data/a.csv", gates);
  ASSERT_TRUE(rel.ok()) << rel.status().message();
  EXPECT_EQ(*rel, "data/a.csv");

  auto blob = repo.ReadFileRelativeTo("HEAD~1", "../../data/b.csv", gates);
  ASSERT_TRUE(blob.ok()) << blob.status().message();
  EXPECT_EQ(blob->bytes, "b1\n");
  EXPECT_EQ(blob->commit, c2_);

  auto absolute = repo.ReadFileRelativeTo("main", (root_ / "data/a.csv").string(), gates);
  ASSERT_TRUE(absolute.ok()) << absolute.status().message();
  EXPECT_EQ(absolute->bytes, "a2\n");

  // A directory that exists only at another ref still maps lexically.
  auto not_checked_out = repo.RepoPath("../../gone/x.csv", gates);
  ASSERT_TRUE(not_checked_out.ok()) << not_checked_out.status().message();
  EXPECT_EQ(*not_checked_out, "gone/x.csv");

  auto escape = repo.ReadFileRelativeTo("main", "../../../etc/passwd", gates);
  ASSERT_FALSE(escape.ok());
  EXPECT_EQ(escape.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(escape.status().message(),
            "git: path '../../../etc/passwd' is outside the repository " + root_.string());

  auto root_itself = repo.RepoPath("../..", gates);
  ASSERT_FALSE(root_itself.ok());
  EXPECT_EQ(root_itself.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(GitRepoTest, PathsThroughALinkedDirectoryMapIntoTheRepository) {
  Scratch other;
  fs::create_directory_symlink(root_ / "data", other.dir() / "linked");
  GitRepo repo = Open(root_);
  auto rel = repo.RepoPath("a.csv", (other.dir() / "linked").string());
  ASSERT_TRUE(rel.ok()) << rel.status().message();
  EXPECT_EQ(*rel, "data/a.csv");
}

TEST_F(GitRepoTest, ReadGitSpecResolvesAgainstTheBaseDirectory) {
  fs::create_directories(root_ / "gates");
  auto blob = ReadGitSpec("git:v1.0:../data/a.csv", (root_ / "gates").string());
  ASSERT_TRUE(blob.ok()) << blob.status().message();
  EXPECT_EQ(blob->bytes, "a1\n");
  EXPECT_EQ(blob->commit, c1_);

  auto missing = ReadGitSpec("git:nope:../data/a.csv", (root_ / "gates").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "git:nope:../data/a.csv: git: ref 'nope' not found in " + root_.string());
}

TEST(ParseGitSpecTest, SplitsAtTheFirstColonAfterThePrefix) {
  struct Case {
    std::string spec, ref, path;
  };
  const Case cases[] = {
      {"git:main:models/champion/predictions.csv", "main", "models/champion/predictions.csv"},
      {"git:HEAD~1:a.csv", "HEAD~1", "a.csv"},
      {"git:main^:a.csv", "main^", "a.csv"},
      {"git:feature/x:dir/a.csv", "feature/x", "dir/a.csv"},
      {"git:v1.0:../data/a:b.csv", "v1.0", "../data/a:b.csv"},
      {"git:0123abc:x", "0123abc", "x"},
  };
  for (const auto& c : cases) {
    auto parsed = ParseGitSpec(c.spec);
    ASSERT_TRUE(parsed.ok()) << c.spec << ": " << parsed.status().message();
    EXPECT_EQ(parsed->ref, c.ref) << c.spec;
    EXPECT_EQ(parsed->path, c.path) << c.spec;
  }
  for (const std::string bad : {"main:a.csv", "git:main", "git::a.csv", "git:main:", "git:", ""}) {
    auto parsed = ParseGitSpec(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(parsed.status().message().find("git:REF:PATH"), std::string::npos) << bad;
  }
  EXPECT_TRUE(IsGitSpec("git:main:a"));
  EXPECT_FALSE(IsGitSpec("data/git:main:a"));
}

TEST_F(GitRepoTest, ContextOfACleanBranch) {
  GitRepo repo = Open(root_);
  auto context = repo.Context();
  ASSERT_TRUE(context.ok()) << context.status().message();
  EXPECT_EQ(context->commit, c3_);
  EXPECT_EQ(context->branch, "main");
  EXPECT_FALSE(context->dirty);
}

TEST_F(GitRepoTest, UntrackedFilesDoNotMakeTheTreeDirty) {
  Write(root_ / "scratch/notes.txt", "not tracked\n");
  Write(root_ / "data/new.csv", "not tracked either\n");
  GitRepo repo = Open(root_);
  auto context = repo.Context();
  ASSERT_TRUE(context.ok()) << context.status().message();
  EXPECT_FALSE(context->dirty);
}

TEST_F(GitRepoTest, ModifiedOrStagedTrackedFilesMakeTheTreeDirty) {
  GitRepo repo = Open(root_);
  Write(root_ / "data/a.csv", "edited\n");
  auto modified = repo.Context();
  ASSERT_TRUE(modified.ok()) << modified.status().message();
  EXPECT_TRUE(modified->dirty);

  Git(root_, "checkout -q -- data/a.csv");
  auto restored = repo.Context();
  ASSERT_TRUE(restored.ok());
  EXPECT_FALSE(restored->dirty);

  Write(root_ / "data/staged.csv", "staged\n");
  Git(root_, "add data/staged.csv");
  auto staged = repo.Context();
  ASSERT_TRUE(staged.ok());
  EXPECT_TRUE(staged->dirty);

  Git(root_, "rm -q --cached data/staged.csv");
  fs::remove(root_ / "root.txt");
  auto deleted = repo.Context();
  ASSERT_TRUE(deleted.ok());
  EXPECT_TRUE(deleted->dirty);
}

TEST_F(GitRepoTest, ContextOfADetachedHeadAndABranchWithASlash) {
  Git(root_, "checkout -q --detach HEAD~1");
  GitRepo repo = Open(root_);
  auto detached = repo.Context();
  ASSERT_TRUE(detached.ok()) << detached.status().message();
  EXPECT_EQ(detached->commit, c2_);
  EXPECT_EQ(detached->branch, "");
  EXPECT_FALSE(detached->dirty);

  Git(root_, "checkout -q feature/x");
  auto feature = repo.Context();
  ASSERT_TRUE(feature.ok());
  EXPECT_EQ(feature->commit, c4_);
  EXPECT_EQ(feature->branch, "feature/x");
}

TEST(GitContextTest, UnbornBranchHasABranchButNoCommit) {
  Scratch scratch;
  InitRepo(scratch.dir());
  auto repo = GitRepo::Discover(scratch.str());
  ASSERT_TRUE(repo.ok()) << repo.status().message();
  auto context = repo->Context();
  ASSERT_TRUE(context.ok()) << context.status().message();
  EXPECT_EQ(context->commit, "");
  EXPECT_EQ(context->branch, "main");
  EXPECT_FALSE(context->dirty);
  auto change = repo->LastCommitTouching("a.csv");
  ASSERT_FALSE(change.ok());
  EXPECT_EQ(change.status().code(), StatusCode::kNotFound);
}

TEST_F(GitRepoTest, LastCommitTouchingPicksTheCommitThatChangedThePath) {
  GitRepo repo = Open(root_);
  struct Case {
    std::string path, commit;
    int64_t time;
  };
  const Case cases[] = {
      {"data/a.csv", c2_, kT0 + kDay},      // changed in c2, not in c3
      {"data/b.csv", c3_, kT0 + 2 * kDay},  // changed in c3
      {"root.txt", c1_, kT0},               // only in the root commit
      {"models", c1_, kT0},                 // a directory
      {"data", c3_, kT0 + 2 * kDay},
      {"./data/../models/m.bin", c1_, kT0},
  };
  for (const auto& c : cases) {
    auto change = repo.LastCommitTouching(c.path);
    ASSERT_TRUE(change.ok()) << c.path << ": " << change.status().message();
    EXPECT_EQ(change->commit, c.commit) << c.path;
    EXPECT_EQ(change->time, c.time) << c.path;
    EXPECT_EQ(change->commit, Git(root_, "log -1 --format=%H -- " + Quote(c.path))) << c.path;
  }
  auto missing = repo.LastCommitTouching("data/never.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(),
            "git: 'data/never.csv' is not in the history of HEAD in " + root_.string());
}

TEST_F(GitRepoTest, LastCommitTouchingFollowsHeadNotOtherBranches) {
  Git(root_, "checkout -q feature/x");
  GitRepo repo = Open(root_);
  auto change = repo.LastCommitTouching("data/a.csv");
  ASSERT_TRUE(change.ok()) << change.status().message();
  EXPECT_EQ(change->commit, c4_);
}

TEST_F(GitRepoTest, DeletionAndModeChangeCountAsChanges) {
  fs::remove(root_ / "root.txt");
  std::string deleted = Commit(root_, "drop root.txt", kT0 + 5 * kDay);
  fs::permissions(root_ / "data/b.csv", fs::perms::owner_exec, fs::perm_options::add);
  std::string chmodded = Commit(root_, "make b executable", kT0 + 6 * kDay);

  GitRepo repo = Open(root_);
  auto gone = repo.LastCommitTouching("root.txt");
  ASSERT_TRUE(gone.ok()) << gone.status().message();
  EXPECT_EQ(gone->commit, deleted);
  auto mode = repo.LastCommitTouching("data/b.csv");
  ASSERT_TRUE(mode.ok()) << mode.status().message();
  EXPECT_EQ(mode->commit, chmodded);
  EXPECT_EQ(mode->commit, Git(root_, "log -1 --format=%H -- data/b.csv"));
}

// Merges: one that brings a change in, one that discards a change (-s ours), and one whose
// conflict resolution is itself a change.
TEST(GitMergeHistoryTest, MergesAreJudgedLikeGitLog) {
  Scratch scratch;
  const fs::path root = scratch.dir();
  InitRepo(root);
  Write(root / "x.txt", "x1\n");
  Write(root / "y.txt", "y1\n");
  Write(root / "z.txt", "z1\n");
  const std::string m1 = Commit(root, "m1", kT0);

  Git(root, "checkout -q -b side");
  Write(root / "x.txt", "x-side\n");
  const std::string s1 = Commit(root, "s1", kT0 + 2 * kDay);
  Git(root, "checkout -q main");
  Write(root / "y.txt", "y2\n");
  const std::string m2 = Commit(root, "m2", kT0 + kDay);
  Git(root, "merge -q --no-ff --no-edit side", kT0 + 3 * kDay);

  Git(root, "checkout -q -b side2");
  Write(root / "z.txt", "z-side2\n");
  const std::string s2 = Commit(root, "s2", kT0 + 4 * kDay);
  Git(root, "checkout -q main");
  Write(root / "y.txt", "y3\n");
  const std::string m3 = Commit(root, "m3", kT0 + 5 * kDay);
  Git(root, "merge -q -s ours --no-edit side2", kT0 + 6 * kDay);  // keeps main's z.txt

  Git(root, "checkout -q -b side3");
  Write(root / "x.txt", "x-side3\n");
  Commit(root, "s3", kT0 + 7 * kDay);
  Git(root, "checkout -q main");
  Write(root / "x.txt", "x-main\n");
  Commit(root, "m4", kT0 + 8 * kDay);
  Git(root, "merge -q --no-edit side3", kT0 + 9 * kDay, /*may_fail=*/true);  // conflicts
  Write(root / "x.txt", "x-resolved\n");
  const std::string resolved =
      Shell(root, "git add x.txt && git commit -q --no-edit && git rev-parse HEAD", kT0 + 9 * kDay);

  GitRepo repo = [&] {
    auto r = GitRepo::Discover(root.string());
    EXPECT_TRUE(r.ok());
    return std::move(r).value();
  }();
  struct Case {
    std::string path, commit;
  };
  const Case cases[] = {
      {"x.txt", resolved},  // the conflict resolution differs from both parents
      {"y.txt", m3},
      {"z.txt", m1},  // s2's change was discarded by the -s ours merge
  };
  for (const auto& c : cases) {
    auto change = repo.LastCommitTouching(c.path);
    ASSERT_TRUE(change.ok()) << c.path << ": " << change.status().message();
    EXPECT_EQ(change->commit, c.commit) << c.path;
    EXPECT_EQ(change->commit, Git(root, "log -1 --format=%H -- " + c.path)) << c.path;
  }
  EXPECT_NE(s2, m1);

  // Before the last merge, x.txt's newest change came in through the first merge from s1.
  Git(root, "checkout -q --detach " + m3);
  auto before = repo.LastCommitTouching("x.txt");
  ASSERT_TRUE(before.ok()) << before.status().message();
  EXPECT_EQ(before->commit, s1);
  EXPECT_EQ(before->commit, Git(root, "log -1 --format=%H -- x.txt"));
  auto y = repo.LastCommitTouching("y.txt");
  ASSERT_TRUE(y.ok());
  EXPECT_EQ(y->commit, m3);
  EXPECT_NE(m2, m3);
}

TEST_F(GitRepoTest, ShallowHistoryIsAnErrorNotAWrongDate) {
  Scratch clone_dir;
  const fs::path clone = clone_dir.dir() / "clone";
  Git(clone_dir.dir(), "clone -q --depth 2 --branch main file://" + root_.string() + " clone");
  auto repo = GitRepo::Discover(clone.string());
  ASSERT_TRUE(repo.ok()) << repo.status().message();

  auto b = repo->LastCommitTouching("data/b.csv");  // changed at HEAD, inside the history
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(b->commit, c3_);

  auto a = repo->LastCommitTouching("data/a.csv");  // present at the cut: its date is unknown
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), StatusCode::kDataError);
  EXPECT_NE(a.status().message().find("cut by a shallow clone at commit " + c2_.substr(0, 7)),
            std::string::npos)
      << a.status().message();

  auto age = ArtifactAgeOf((clone / "data/a.csv").string(), kT0 + 10 * kDay);
  ASSERT_FALSE(age.ok());
  EXPECT_NE(age.status().message().find("shallow"), std::string::npos);
}

TEST_F(GitRepoTest, ArtifactAgeOfACleanTrackedFileComesFromGit) {
  auto age = ArtifactAgeOf((root_ / "data/b.csv").string(), kT0 + 10 * kDay);
  ASSERT_TRUE(age.ok()) << age.status().message();
  EXPECT_DOUBLE_EQ(age->age_days, 8.0);
  EXPECT_EQ(age->source, "git commit " + c3_.substr(0, 7) + " (2023-11-16)");
  EXPECT_EQ(age->commit, c3_);

  // A fresh checkout stamps files with "now"; git's date must win over it.
  SetModificationTime(root_ / "data/a.csv", kT0 + 10 * kDay);
  auto a = ArtifactAgeOf((root_ / "data/a.csv").string(), kT0 + 10 * kDay + kDay / 2);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_DOUBLE_EQ(a->age_days, 9.5);
  EXPECT_EQ(a->commit, c2_);

  auto dir = ArtifactAgeOf((root_ / "models").string(), kT0 + 4 * kDay);
  ASSERT_TRUE(dir.ok()) << dir.status().message();
  EXPECT_DOUBLE_EQ(dir->age_days, 4.0);
  EXPECT_EQ(dir->commit, c1_);
}

TEST_F(GitRepoTest, ArtifactAgeFallsBackToFileTimeForChangedOrUntrackedFiles) {
  Write(root_ / "data/b.csv", "retrained\n");
  SetModificationTime(root_ / "data/b.csv", kT0 + 9 * kDay);
  auto modified = ArtifactAgeOf((root_ / "data/b.csv").string(), kT0 + 10 * kDay);
  ASSERT_TRUE(modified.ok()) << modified.status().message();
  EXPECT_DOUBLE_EQ(modified->age_days, 1.0);
  EXPECT_EQ(modified->source, "file time (changed since commit " + c3_.substr(0, 7) + ")");
  EXPECT_EQ(modified->commit, "");

  Write(root_ / "models/new.onnx", "weights\n");
  SetModificationTime(root_ / "models/new.onnx", kT0 + 7 * kDay);
  auto untracked = ArtifactAgeOf((root_ / "models/new.onnx").string(), kT0 + 10 * kDay);
  ASSERT_TRUE(untracked.ok()) << untracked.status().message();
  EXPECT_DOUBLE_EQ(untracked->age_days, 3.0);
  EXPECT_EQ(untracked->source, "file time (not tracked by git)");

  // An untracked file inside a tracked artifact directory: the directory's newest file time.
  SetModificationTime(root_ / "models/m.bin", kT0);
  auto dir = ArtifactAgeOf((root_ / "models").string(), kT0 + 10 * kDay);
  ASSERT_TRUE(dir.ok()) << dir.status().message();
  EXPECT_EQ(dir->source, "file time (changed since commit " + c3_.substr(0, 7) + ")");

  // Staged but otherwise identical to the index: still not what HEAD recorded.
  Git(root_, "add data/b.csv");
  auto staged = ArtifactAgeOf((root_ / "data/b.csv").string(), kT0 + 10 * kDay);
  ASSERT_TRUE(staged.ok()) << staged.status().message();
  EXPECT_DOUBLE_EQ(staged->age_days, 1.0);
  EXPECT_EQ(staged->source, "file time (changed since commit " + c3_.substr(0, 7) + ")");

  // A file in the future is not negatively old.
  auto future = ArtifactAgeOf((root_ / "data/b.csv").string(), kT0);
  ASSERT_TRUE(future.ok());
  EXPECT_DOUBLE_EQ(future->age_days, 0.0);
}

TEST(ArtifactAgeTest, OutsideGitUsesTheFileTime) {
  Scratch scratch;
  const fs::path file = scratch.dir() / "plain/model.bin";
  Write(file, "weights\n");
  SetModificationTime(file, kT0);
  const char* old = std::getenv("GIT_CEILING_DIRECTORIES");
  std::string saved = old != nullptr ? old : "";
  setenv("GIT_CEILING_DIRECTORIES", scratch.str().c_str(), 1);
  auto age = ArtifactAgeOf(file.string(), kT0 + 2.25 * kDay);
  if (old != nullptr) {
    setenv("GIT_CEILING_DIRECTORIES", saved.c_str(), 1);
  } else {
    unsetenv("GIT_CEILING_DIRECTORIES");
  }
  ASSERT_TRUE(age.ok()) << age.status().message();
  EXPECT_DOUBLE_EQ(age->age_days, 2.25);
  EXPECT_EQ(age->source, "file time");
  EXPECT_EQ(age->commit, "");
}

TEST(ArtifactAgeTest, MissingFileAndGitSpecAreErrors) {
  Scratch scratch;
  auto missing = ArtifactAgeOf((scratch.dir() / "nope.bin").string(), kT0);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(),
            "artifact '" + (scratch.dir() / "nope.bin").string() + "' does not exist");

  auto spec = ArtifactAgeOf("git:main:model.bin", kT0);
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.status().code(), StatusCode::kInvalidArgument);
}

// Points libgit2's global, XDG and system configuration at `dir` for the life of the object, so
// the machine's own safe.directory settings cannot change what a test sees.
class ConfigSearchPath {
 public:
  explicit ConfigSearchPath(const std::string& dir) {
    // Options set before the library is initialised are reset by initialisation.
    git_libgit2_init();
    for (int level : kLevels) {
      git_buf old = GIT_BUF_INIT;
      git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, level, &old);
      saved_.push_back(old.ptr != nullptr ? old.ptr : "");
      git_buf_dispose(&old);
      git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, dir.c_str());
    }
  }
  ~ConfigSearchPath() {
    for (size_t i = 0; i < saved_.size(); ++i) {
      git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, kLevels[i], saved_[i].c_str());
    }
    git_libgit2_shutdown();
  }

 private:
  static constexpr int kLevels[] = {GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_XDG,
                                    GIT_CONFIG_LEVEL_SYSTEM};
  std::vector<std::string> saved_;
};

TEST(GitOwnershipTest, ARepositoryOwnedByAnotherUserIsAnErrorNotAbsent) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to give the repository to another user";
  Scratch scratch;
  const fs::path root = scratch.dir() / "theirs";
  fs::create_directories(root);
  InitRepo(root);
  Write(root / "model.bin", "weights\n");
  Commit(root, "model", kT0);
  ASSERT_EQ(std::system(("chown -R 65534:65534 " + Quote(root.string())).c_str()), 0);
  fs::create_directories(scratch.dir() / "config");
  ConfigSearchPath fence((scratch.dir() / "config").string());

  auto repo = GitRepo::Discover(root.string());
  ASSERT_FALSE(repo.ok());
  EXPECT_EQ(repo.status().code(), StatusCode::kDataError);
  EXPECT_EQ(repo.status().message(),
            "git: the repository " + root.string() +
                " is owned by another user; if it is trusted, allow it with 'git config "
                "--global --add safe.directory " +
                root.string() + "'");
  // Falling back to the file time here would date the model by its checkout.
  auto age = ArtifactAgeOf((root / "model.bin").string(), kT0 + kDay);
  ASSERT_FALSE(age.ok());
  EXPECT_NE(age.status().message().find("owned by another user"), std::string::npos);

  Write(scratch.dir() / "config/.gitconfig", "[safe]\n\tdirectory = " + root.string() + "\n");
  auto allowed = GitRepo::Discover(root.string());
  ASSERT_TRUE(allowed.ok()) << allowed.status().message();
  auto trusted_age = ArtifactAgeOf((root / "model.bin").string(), kT0 + kDay);
  ASSERT_TRUE(trusted_age.ok()) << trusted_age.status().message();
  EXPECT_DOUBLE_EQ(trusted_age->age_days, 1.0);
}

// Ages from a real repository at a fixed "now", as the runner serves them to checks.
class RepositoryAges : public Inputs {
 public:
  explicit RepositoryAges(double now) : now_(now) {}
  StatusOr<const Profile*> Dataset(const std::string&) const override { return Internal("-"); }
  StatusOr<const Table*> DatasetTable(const std::string&) const override { return Internal("-"); }
  StatusOr<const ModelSpec*> Model(const std::string&) const override { return Internal("-"); }
  StatusOr<LatencyReport> Probe(const std::string&, const LoadSpec&) const override {
    return Internal("-");
  }
  StatusOr<ArtifactAge> Age(const std::string& path) const override {
    return ArtifactAgeOf(path, now_);
  }

 private:
  double now_;
};

TEST_F(GitRepoTest, FreshnessCheckDatesATrackedArtifactByItsCommit) {
  // A fresh checkout gives every file the current time; the commit date must decide.
  SetModificationTime(root_ / "models/m.bin", kT0 + 30 * kDay);
  std::vector<Diagnostic> diagnostics;
  YAML::Node node = YAML::Load("{ path: ../models/m.bin, max_age_days: 5, warn_age_days: 3 }");
  OptionReader reader(node, "check 'fresh'", &diagnostics);
  CheckContext context;
  context.id = "fresh";
  context.base_dir = (root_ / "gates").string();
  auto check = FreshnessCheckKind().create(reader, context);
  reader.Finish();
  ASSERT_TRUE(diagnostics.empty());
  ASSERT_NE(check, nullptr);

  auto warned = check->Judge(RepositoryAges(kT0 + 4 * kDay));
  ASSERT_EQ(warned.size(), 1u);
  EXPECT_EQ(warned[0].outcome, Outcome::kWarn) << warned[0].message;
  EXPECT_DOUBLE_EQ(*warned[0].observed, 4.0);
  EXPECT_EQ(warned[0].details["commit"], c1_);
  EXPECT_EQ(warned[0].details["source"], "git commit " + c1_.substr(0, 7) + " (2023-11-14)");

  auto failed = check->Judge(RepositoryAges(kT0 + 6 * kDay));
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].outcome, Outcome::kFail);
  EXPECT_DOUBLE_EQ(*failed[0].observed, 6.0);

  auto passed = check->Judge(RepositoryAges(kT0 + 2 * kDay));
  EXPECT_EQ(passed[0].outcome, Outcome::kPass);
}

}  // namespace
}  // namespace mlgate
