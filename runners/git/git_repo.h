// Read-only access to a git repository through libgit2: files at any ref (the `git:REF:PATH`
// sources of a gate file), the state of the work tree for the verdict, and when a path last
// changed (the age of a model artifact). Nothing here writes to the repository or its work tree.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "checks/check.h"
#include "checks/status.h"

struct git_repository;

namespace mlgate {

// A file's bytes as stored at a ref, and the commit the ref resolved to.
struct GitBlob {
  std::string bytes;
  std::string commit;  // full 40-hex id
};

// The two halves of "git:REF:PATH".
struct GitSpec {
  std::string ref;
  std::string path;
};

// The state of the work tree, for the `git` block of the verdict.
struct GitContextInfo {
  std::string commit;  // HEAD's full id; "" on an unborn branch (no commit yet)
  std::string branch;  // short branch name; "" when HEAD is detached
  bool dirty = false;  // a tracked file is modified or staged; untracked files do not count
};

// The newest commit in HEAD's history that changed a path.
struct LastChange {
  std::string commit;  // full 40-hex id
  int64_t time = 0;    // committer time, UTC seconds since the epoch
};

// True when `text` starts with "git:" (a gate-file path read from git rather than the disk).
bool IsGitSpec(const std::string& text);

// Splits "git:REF:PATH" at the first ':' after the prefix (git forbids ':' in ref names, so REF
// ends there; PATH may itself contain ':'). REF may hold '/', '~', '^' ("git:HEAD~1:a.csv").
// Returns InvalidArgument when the prefix is missing or REF or PATH is empty.
StatusOr<GitSpec> ParseGitSpec(const std::string& spec);

// An open repository. Move-only; closes the repository when destroyed. Not safe for concurrent
// use from several threads: open one per thread (opening is cheap).
class GitRepo {
 public:
  // Finds the repository containing `start_dir` by searching upward as git does, stopping at the
  // directories listed in $GIT_CEILING_DIRECTORIES. Returns NotFound when there is none.
  static StatusOr<GitRepo> Discover(const std::string& start_dir);

  GitRepo(GitRepo&&) noexcept = default;
  GitRepo& operator=(GitRepo&&) noexcept = default;

  // The work tree's root without a trailing '/' (the git directory for a bare repository).
  const std::string& root() const { return root_; }

  // The bytes of `path` (relative to the repository root; "./" and inner ".." are normalised)
  // as stored in the commit `ref` names. `ref` is anything git rev-parse accepts that peels to
  // a commit: a branch, a tag (annotated or not), a full or short commit id, HEAD, HEAD~1,
  // main^. Reads the object database only; the work tree and index are never consulted.
  // Errors: NotFound "git: ref 'x' not found in ROOT", NotFound "git: 'p' does not exist at ref
  // 'x' (commit abc1234)", InvalidArgument for a path that is a directory or leaves the
  // repository, or a ref that does not name a commit.
  StatusOr<GitBlob> ReadFile(const std::string& ref, const std::string& path) const;

  // Like ReadFile, with `path` relative to `base_dir` (a directory inside the work tree, e.g. the
  // directory of the gate file) or absolute. Paths that leave the repository are InvalidArgument.
  StatusOr<GitBlob> ReadFileRelativeTo(const std::string& ref, const std::string& path,
                                       const std::string& base_dir) const;

  // Maps `path` (relative to `base_dir`, or absolute) to the '/'-separated path relative to the
  // repository root that git uses. Symbolic links in `base_dir` and the root are resolved, so
  // /tmp-style links do not make a path look outside. InvalidArgument when it leaves the
  // repository or names the root itself.
  StatusOr<std::string> RepoPath(const std::string& path, const std::string& base_dir) const;

  // HEAD's commit, branch and whether tracked files differ from HEAD (index or work tree).
  // A bare repository is never dirty.
  StatusOr<GitContextInfo> Context() const;

  // The newest commit reachable from HEAD whose tree entry for `path` (repository-relative; a
  // file or a directory) differs from its parent's, found the way `git log -1 -- PATH` finds it:
  // commits are visited newest first, a root commit counts when it has the path, and a merge
  // counts only when the path differs from every parent (otherwise only the parent it matches is
  // followed, so changes a merge discarded are ignored). The path may have been deleted at HEAD
  // (the deletion is the change). NotFound when no commit in the history has the path;
  // DataError when the history is cut by a shallow clone before a change was found, because the
  // boundary commit's parents are unknown and its date would understate the age.
  StatusOr<LastChange> LastCommitTouching(const std::string& path) const;

  // The libgit2 handle, for operations this class does not wrap. Owned by this object.
  git_repository* raw() const { return repo_.get(); }

 private:
  struct Closer {
    void operator()(git_repository* repo) const;
  };
  explicit GitRepo(git_repository* repo);

  std::unique_ptr<git_repository, Closer> repo_;
  std::string root_;
};

// Discovers the repository around `base_dir` and reads `spec` ("git:REF:PATH", PATH relative to
// `base_dir`). Errors name the spec.
StatusOr<GitBlob> ReadGitSpec(const std::string& spec, const std::string& base_dir);

// How old the file at `path` is, at time `now_seconds` (UTC seconds since the epoch):
//  - inside a git work tree, for a tracked file identical to HEAD: the age of the last commit
//    that changed it (LastCommitTouching); source "git commit 1a2b3c4 (2026-01-02)", commit set.
//    This is what matters in CI, where checkout sets every file's time to "now".
//  - otherwise its modification time; source "file time", with the reason when inside a work
//    tree ("file time (not tracked by git)", "file time (changed since commit 1a2b3c4)").
// A file dated after `now_seconds` has age 0. NotFound when the file does not exist;
// InvalidArgument for a "git:REF:PATH" spec (only work-tree files are dated); errors
// from git (a shallow history, an unreadable repository) are returned rather than hidden behind
// the file time, which a fresh checkout makes meaningless.
StatusOr<ArtifactAge> ArtifactAgeOf(const std::string& path, double now_seconds);

}  // namespace mlgate
