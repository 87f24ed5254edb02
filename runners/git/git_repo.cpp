// libgit2 behind the GitRepo wrapper: ref resolution, blob reads, work-tree state, and the
// history walk that dates a path's last change.
#include "runners/git/git_repo.h"

#include <fmt/format.h>
#include <git2.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <queue>
#include <unordered_set>
#include <vector>

namespace mlgate {
namespace {

namespace fs = std::filesystem;

// libgit2 keeps global state (allocators, TLS error slots) that must be set up once per process
// before any other call; a function-local static makes that thread-safe.
void InitLibgit2() {
  static const int kInit = git_libgit2_init();
  (void)kInit;
}

struct Free {
  void operator()(git_object* p) const { git_object_free(p); }
  void operator()(git_commit* p) const { git_commit_free(p); }
  void operator()(git_tree* p) const { git_tree_free(p); }
  void operator()(git_tree_entry* p) const { git_tree_entry_free(p); }
  void operator()(git_blob* p) const { git_blob_free(p); }
  void operator()(git_reference* p) const { git_reference_free(p); }
  void operator()(git_status_list* p) const { git_status_list_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

std::string LastError() {
  const git_error* error = git_error_last();
  return error != nullptr && error->message != nullptr ? error->message : "unknown libgit2 error";
}

std::string FullId(const git_oid* oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof(buf), oid);
  return buf;
}

std::string ShortId(const git_oid* oid) { return FullId(oid).substr(0, 7); }

std::string UtcDate(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
  return buf;
}

// Normalises a repository-relative path the way git spells tree paths: '/'-separated, no "./",
// no trailing '/', inner ".." folded. Rejects paths that are empty, absolute, the root itself or
// that climb out of the root.
StatusOr<std::string> NormaliseTreePath(const std::string& path, const std::string& root) {
  if (path.empty()) return InvalidArgument("git: empty path");
  fs::path p(path);
  if (p.is_absolute()) {
    return InvalidArgument(
        fmt::format("git: path '{}' must be relative to the repository root {}", path, root));
  }
  std::string normal = p.lexically_normal().generic_string();
  while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  if (normal == "." || normal.empty()) {
    return InvalidArgument(
        fmt::format("git: path '{}' names the repository root {}, not a file", path, root));
  }
  if (normal == ".." || normal.rfind("../", 0) == 0) {
    return InvalidArgument(fmt::format("git: path '{}' is outside the repository {}", path, root));
  }
  return normal;
}

// A path's tree entry in one commit: absent, or its object id and mode (a mode change such as
// chmod +x is a change too).
struct EntryState {
  bool present = false;
  git_oid id{};
  git_filemode_t mode = GIT_FILEMODE_UNREADABLE;

  bool operator==(const EntryState& other) const {
    if (present != other.present) return false;
    if (!present) return true;
    return mode == other.mode && git_oid_equal(&id, &other.id);
  }
};

StatusOr<EntryState> EntryAt(const git_commit* commit, const std::string& path) {
  git_tree* raw_tree = nullptr;
  if (git_commit_tree(&raw_tree, commit) != 0) {
    return DataError(fmt::format("git: cannot read the tree of commit {}: {}",
                                 ShortId(git_commit_id(commit)), LastError()));
  }
  Owned<git_tree> tree(raw_tree);
  git_tree_entry* raw_entry = nullptr;
  int rc = git_tree_entry_bypath(&raw_entry, tree.get(), path.c_str());
  EntryState state;
  if (rc == GIT_ENOTFOUND) return state;
  if (rc != 0) {
    return DataError(fmt::format("git: cannot look up '{}' in commit {}: {}", path,
                                 ShortId(git_commit_id(commit)), LastError()));
  }
  Owned<git_tree_entry> entry(raw_entry);
  state.present = true;
  git_oid_cpy(&state.id, git_tree_entry_id(entry.get()));
  state.mode = git_tree_entry_filemode(entry.get());
  return state;
}

struct OidHash {
  size_t operator()(const git_oid& oid) const {
    size_t hash;  // object ids are uniformly distributed: their first bytes are a good hash
    std::memcpy(&hash, oid.id, sizeof(hash));
    return hash;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b); }
};
using OidSet = std::unordered_set<git_oid, OidHash, OidEqual>;

// Commits whose parents a shallow clone left out (one 40-hex id per line of `shallow`).
OidSet ShallowBoundary(git_repository* repo) {
  OidSet ids;
  if (git_repository_is_shallow(repo) != 1) return ids;
  std::ifstream in(std::string(git_repository_commondir(repo)) + "shallow");
  std::string line;
  while (std::getline(in, line)) {
    git_oid oid;
    if (line.size() >= GIT_OID_HEXSZ && git_oid_fromstrn(&oid, line.data(), GIT_OID_HEXSZ) == 0) {
      ids.insert(oid);
    }
  }
  return ids;
}

constexpr std::string_view kLfsPointer = "version https://git-lfs.github.com/spec/v1";
constexpr int kMaxSymlinkHops = 8;

// Newest modification time of a file, or of any file under a directory.
StatusOr<double> ModificationTime(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return NotFound(fmt::format("artifact '{}' does not exist", path));
    }
    return Unavailable(fmt::format("artifact '{}': {}", path, std::strerror(errno)));
  }
  double newest = static_cast<double>(st.st_mtim.tv_sec) + st.st_mtim.tv_nsec / 1e9;
  if (S_ISDIR(st.st_mode)) {
    std::error_code ec;
    for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
      struct stat child {};
      if (::stat(it->path().c_str(), &child) == 0 && S_ISREG(child.st_mode)) {
        newest = std::max(newest,
                          static_cast<double>(child.st_mtim.tv_sec) + child.st_mtim.tv_nsec / 1e9);
      }
    }
  }
  return newest;
}

}  // namespace

void GitRepo::Closer::operator()(git_repository* repo) const { git_repository_free(repo); }

GitRepo::GitRepo(git_repository* repo) : repo_(repo) {
  const char* workdir = git_repository_workdir(repo);
  root_ = workdir != nullptr ? workdir : git_repository_path(repo);
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

bool IsGitSpec(const std::string& text) { return text.rfind("git:", 0) == 0; }

StatusOr<GitSpec> ParseGitSpec(const std::string& spec) {
  const std::string usage = fmt::format("'{}' is not a git source; write git:REF:PATH", spec);
  if (!IsGitSpec(spec)) return InvalidArgument(usage);
  size_t colon = spec.find(':', 4);
  if (colon == std::string::npos) return InvalidArgument(usage + " (no ':' after REF)");
  GitSpec parsed{spec.substr(4, colon - 4), spec.substr(colon + 1)};
  if (parsed.ref.empty()) return InvalidArgument(usage + " (REF is empty)");
  if (parsed.path.empty()) return InvalidArgument(usage + " (PATH is empty)");
  return parsed;
}

StatusOr<GitRepo> GitRepo::Discover(const std::string& start_dir) {
  InitLibgit2();
  std::string start = start_dir.empty() ? "." : start_dir;
  // git's own variable, so a test or CI job can fence the search the same way for both.
  const char* ceilings = std::getenv("GIT_CEILING_DIRECTORIES");
  git_repository* raw = nullptr;
  int rc = git_repository_open_ext(&raw, start.c_str(), 0, ceilings);
  if (rc == 0) return GitRepo(raw);
  std::string why = LastError();
  // libgit2 refuses a repository owned by another user (as git does), and some versions report
  // that as "not found". Telling it apart matters: treating such a repository as absent would
  // silently date artifacts by their checkout time in CI containers.
  git_buf found = GIT_BUF_INIT;
  bool exists = git_repository_discover(&found, start.c_str(), 0, ceilings) == 0;
  std::string where = exists ? std::string(found.ptr) : start;
  git_buf_dispose(&found);
  if (rc == GIT_EOWNER || (exists && why.find("safe.directory") != std::string::npos)) {
    std::string dir = where;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    if (dir.size() > 5 && dir.compare(dir.size() - 5, 5, "/.git") == 0) dir.resize(dir.size() - 5);
    return DataError(fmt::format(
        "git: the repository {} is owned by another user; if it is trusted, allow it with "
        "'git config --global --add safe.directory {}'",
        dir, dir));
  }
  if (rc == GIT_ENOTFOUND && !exists) {
    return NotFound(fmt::format("git: no repository contains {}", start));
  }
  return DataError(fmt::format("git: cannot open the repository around {}: {}", start, why));
}

namespace {

// Resolves `ref` to a commit of `repo` (rooted at `root`, for messages).
StatusOr<Owned<git_commit>> ResolveCommit(git_repository* repo, const std::string& root,
                                          const std::string& ref) {
  if (ref.empty()) return InvalidArgument(fmt::format("git: empty ref in {}", root));
  // rev-parse reads "REV:PATH" as a blob; git forbids ':' in ref names, so refuse it here
  // rather than peel a blob and report something confusing.
  if (ref.find(':') != std::string::npos) {
    return InvalidArgument(fmt::format("git: ref '{}' may not contain ':' (in {})", ref, root));
  }
  git_object* raw = nullptr;
  int rc = git_revparse_single(&raw, repo, ref.c_str());
  if (rc == GIT_ENOTFOUND) {
    return NotFound(fmt::format("git: ref '{}' not found in {}", ref, root));
  }
  if (rc == GIT_EAMBIGUOUS) {
    return InvalidArgument(fmt::format("git: ref '{}' is ambiguous in {}", ref, root));
  }
  if (rc == GIT_EINVALIDSPEC) {
    return InvalidArgument(
        fmt::format("git: ref '{}' is not a valid revision in {}: {}", ref, root, LastError()));
  }
  if (rc != 0) {
    return DataError(fmt::format("git: cannot resolve ref '{}' in {}: {}", ref, root, LastError()));
  }
  Owned<git_object> object(raw);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) != 0) {
    return InvalidArgument(fmt::format("git: ref '{}' in {} names a {}, not a commit", ref, root,
                                       git_object_type2string(git_object_type(object.get()))));
  }
  return Owned<git_commit>(reinterpret_cast<git_commit*>(peeled));
}

}  // namespace

StatusOr<GitBlob> GitRepo::ReadFile(const std::string& ref, const std::string& path) const {
  auto normal = NormaliseTreePath(path, root_);
  if (!normal.ok()) return normal.status();
  auto commit = ResolveCommit(repo_.get(), root_, ref);
  if (!commit.ok()) return commit.status();
  const git_oid* commit_id = git_commit_id(commit->get());
  const std::string where = fmt::format("at ref '{}' (commit {})", ref, ShortId(commit_id));

  git_tree* raw_tree = nullptr;
  if (git_commit_tree(&raw_tree, commit->get()) != 0) {
    return DataError(fmt::format("git: cannot read the tree {}: {}", where, LastError()));
  }
  Owned<git_tree> tree(raw_tree);

  std::string current = *normal;
  for (int hop = 0;; ++hop) {
    git_tree_entry* raw_entry = nullptr;
    int rc = git_tree_entry_bypath(&raw_entry, tree.get(), current.c_str());
    if (rc == GIT_ENOTFOUND) {
      return NotFound(fmt::format("git: '{}' does not exist {}", current, where));
    }
    if (rc != 0) {
      return DataError(fmt::format("git: cannot look up '{}' {}: {}", current, where, LastError()));
    }
    Owned<git_tree_entry> entry(raw_entry);
    git_filemode_t mode = git_tree_entry_filemode(entry.get());
    if (mode == GIT_FILEMODE_TREE) {
      return InvalidArgument(
          fmt::format("git: '{}' {} is a directory, not a file", current, where));
    }
    if (mode == GIT_FILEMODE_COMMIT) {
      return InvalidArgument(
          fmt::format("git: '{}' {} is a submodule, not a file", current, where));
    }
    git_blob* raw_blob = nullptr;
    if (git_blob_lookup(&raw_blob, repo_.get(), git_tree_entry_id(entry.get())) != 0) {
      return DataError(fmt::format("git: cannot read '{}' {}: {}", current, where, LastError()));
    }
    Owned<git_blob> blob(raw_blob);
    std::string bytes(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                      static_cast<size_t>(git_blob_rawsize(blob.get())));
    if (mode == GIT_FILEMODE_LINK) {
      // A stored symbolic link holds its target; follow it inside the same commit, as a checkout
      // of that commit would.
      if (hop >= kMaxSymlinkHops) {
        return InvalidArgument(
            fmt::format("git: '{}' {}: too many levels of symbolic links", *normal, where));
      }
      fs::path target = fs::path(current).parent_path() / bytes;
      if (fs::path(bytes).is_absolute()) {
        return InvalidArgument(
            fmt::format("git: '{}' {} is a symbolic link to '{}', outside the repository", current,
                        where, bytes));
      }
      auto next = NormaliseTreePath(target.generic_string(), root_);
      if (!next.ok()) {
        return InvalidArgument(fmt::format("git: '{}' {} is a symbolic link to '{}': {}", current,
                                           where, bytes, next.status().message()));
      }
      current = *next;
      continue;
    }
    if (bytes.compare(0, kLfsPointer.size(), kLfsPointer) == 0) {
      return DataError(fmt::format(
          "git: '{}' {} is a Git LFS pointer; git sources read stored blobs only, so check the "
          "file out with git lfs and use its work-tree path",
          current, where));
    }
    return GitBlob{std::move(bytes), FullId(commit_id)};
  }
}

StatusOr<std::string> GitRepo::RepoPath(const std::string& path,
                                        const std::string& base_dir) const {
  if (path.empty()) return InvalidArgument("git: empty path");
  std::error_code ec;
  fs::path full(path);
  if (!full.is_absolute()) {
    fs::path base = base_dir.empty() ? fs::current_path(ec) : fs::absolute(base_dir, ec);
    if (ec) return InvalidArgument(fmt::format("git: cannot resolve '{}': {}", path, ec.message()));
    full = base / full;
  }
  full = full.lexically_normal();
  // Resolve links in the directories (e.g. a temporary directory reached through a link) but
  // keep the last component: at another ref it may not exist, or be a link git stores as such.
  fs::path leaf = full.filename();
  fs::path dir = full.parent_path();
  if (leaf.empty()) {  // "dir/" normalises to a trailing empty filename
    leaf = dir.filename();
    dir = dir.parent_path();
  }
  fs::path canonical_dir = fs::weakly_canonical(dir, ec);
  if (!ec) dir = canonical_dir;
  fs::path root = fs::weakly_canonical(root_, ec);
  if (ec) root = fs::path(root_);
  fs::path relative = (dir / leaf).lexically_normal().lexically_relative(root);
  std::string rel = relative.generic_string();
  if (rel.empty() || rel == ".." || rel.rfind("../", 0) == 0) {
    return InvalidArgument(fmt::format("git: path '{}' is outside the repository {}", path, root_));
  }
  return NormaliseTreePath(rel, root_);
}

StatusOr<GitBlob> GitRepo::ReadFileRelativeTo(const std::string& ref, const std::string& path,
                                              const std::string& base_dir) const {
  auto rel = RepoPath(path, base_dir);
  if (!rel.ok()) return rel.status();
  return ReadFile(ref, *rel);
}

StatusOr<GitContextInfo> GitRepo::Context() const {
  GitContextInfo info;
  git_repository* repo = repo_.get();
  if (git_repository_head_unborn(repo) == 1) {
    git_reference* raw = nullptr;
    if (git_reference_lookup(&raw, repo, "HEAD") == 0) {
      Owned<git_reference> head(raw);
      const char* target = git_reference_symbolic_target(head.get());
      std::string name = target != nullptr ? target : "";
      const std::string prefix = "refs/heads/";
      info.branch = name.rfind(prefix, 0) == 0 ? name.substr(prefix.size()) : name;
    }
  } else {
    git_reference* raw = nullptr;
    if (git_repository_head(&raw, repo) != 0) {
      return DataError(fmt::format("git: cannot read HEAD in {}: {}", root_, LastError()));
    }
    Owned<git_reference> head(raw);
    git_object* peeled = nullptr;
    if (git_reference_peel(&peeled, head.get(), GIT_OBJECT_COMMIT) != 0) {
      return DataError(
          fmt::format("git: HEAD in {} does not name a commit: {}", root_, LastError()));
    }
    Owned<git_object> commit(peeled);
    info.commit = FullId(git_object_id(commit.get()));
    if (git_repository_head_detached(repo) != 1 && git_reference_is_branch(head.get())) {
      info.branch = git_reference_shorthand(head.get());
    }
  }
  if (git_repository_is_bare(repo)) return info;

  git_status_options options;
  git_status_options_init(&options, GIT_STATUS_OPTIONS_VERSION);
  options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  // Only tracked content decides: build outputs and scratch files lying around untracked must not
  // mark a run as coming from an unreproducible tree. (The default would include them.)
  options.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  git_status_list* raw_list = nullptr;
  if (git_status_list_new(&raw_list, repo, &options) != 0) {
    return DataError(
        fmt::format("git: cannot read the work-tree status of {}: {}", root_, LastError()));
  }
  Owned<git_status_list> list(raw_list);
  size_t count = git_status_list_entrycount(list.get());
  for (size_t i = 0; i < count; ++i) {
    unsigned int status = git_status_byindex(list.get(), i)->status;
    if (status & ~(GIT_STATUS_WT_NEW | GIT_STATUS_IGNORED)) {
      info.dirty = true;
      break;
    }
  }
  return info;
}

StatusOr<LastChange> GitRepo::LastCommitTouching(const std::string& path) const {
  auto normal = NormaliseTreePath(path, root_);
  if (!normal.ok()) return normal.status();
  git_repository* repo = repo_.get();
  git_oid head_id;
  if (git_reference_name_to_id(&head_id, repo, "HEAD") != 0) {
    return NotFound(fmt::format("git: HEAD has no commit in {}", root_));
  }
  const OidSet shallow = ShallowBoundary(repo);

  // Newest committer time first, ties in discovery order, as git log orders its walk. Each item
  // carries the path's state in its commit, computed once when it was compared as a parent.
  struct Item {
    int64_t time;
    int64_t sequence;
    git_oid id;
    EntryState state;
  };
  auto older = [](const Item& a, const Item& b) {
    if (a.time != b.time) return a.time < b.time;
    return a.sequence > b.sequence;
  };
  std::priority_queue<Item, std::vector<Item>, decltype(older)> queue(older);
  OidSet queued;
  int64_t sequence = 0;
  auto lookup = [&](const git_oid* id, Owned<git_commit>* out) {
    git_commit* raw = nullptr;
    int rc = git_commit_lookup(&raw, repo, id);
    out->reset(raw);
    return rc;
  };
  auto enqueue = [&](const git_commit* commit, const EntryState& state) {
    if (queued.insert(*git_commit_id(commit)).second) {
      queue.push(Item{git_commit_time(commit), sequence++, *git_commit_id(commit), state});
    }
  };

  Owned<git_commit> head;
  if (lookup(&head_id, &head) != 0) {
    return DataError(fmt::format("git: cannot read HEAD's commit in {}: {}", root_, LastError()));
  }
  auto head_state = EntryAt(head.get(), *normal);
  if (!head_state.ok()) return head_state.status();
  enqueue(head.get(), *head_state);

  while (!queue.empty()) {
    const git_oid id = queue.top().id;
    const EntryState here = queue.top().state;
    queue.pop();
    Owned<git_commit> commit;
    if (lookup(&id, &commit) != 0) {
      return DataError(
          fmt::format("git: cannot read commit {} in {}: {}", ShortId(&id), root_, LastError()));
    }

    unsigned int parent_count = git_commit_parentcount(commit.get());
    bool cut = shallow.count(id) > 0;
    std::vector<Owned<git_commit>> parents;
    for (unsigned int i = 0; i < parent_count && !cut; ++i) {
      Owned<git_commit> parent;
      int rc = lookup(git_commit_parent_id(commit.get(), i), &parent);
      if (rc == GIT_ENOTFOUND) {
        cut = true;  // a shallow or otherwise truncated history
      } else if (rc != 0) {
        return DataError(fmt::format("git: cannot read a parent of commit {} in {}: {}",
                                     ShortId(&id), root_, LastError()));
      } else {
        parents.push_back(std::move(parent));
      }
    }
    if (cut) {
      if (!here.present) continue;  // the path did not exist yet on this line of history
      return DataError(fmt::format(
          "git: the history of '{}' in {} is cut by a shallow clone at commit {}, so when it "
          "last changed is unknown; fetch the full history (git fetch --unshallow, or "
          "fetch-depth: 0 with actions/checkout)",
          *normal, root_, ShortId(&id)));
    }
    if (parents.empty()) {
      if (here.present) return LastChange{FullId(&id), git_commit_time(commit.get())};
      continue;
    }
    bool followed = false;
    for (const auto& parent : parents) {
      auto there = EntryAt(parent.get(), *normal);
      if (!there.ok()) return there.status();
      if (*there == here) {
        // Unchanged relative to this parent: any change came in along its history alone.
        enqueue(parent.get(), *there);
        followed = true;
        break;
      }
    }
    if (!followed) return LastChange{FullId(&id), git_commit_time(commit.get())};
  }
  return NotFound(fmt::format("git: '{}' is not in the history of HEAD in {}", *normal, root_));
}

StatusOr<GitBlob> ReadGitSpec(const std::string& spec, const std::string& base_dir) {
  auto parsed = ParseGitSpec(spec);
  if (!parsed.ok()) return parsed.status();
  auto repo = GitRepo::Discover(base_dir.empty() ? "." : base_dir);
  if (!repo.ok()) return repo.status().WithPrefix(spec);
  auto blob = repo->ReadFileRelativeTo(parsed->ref, parsed->path, base_dir);
  if (!blob.ok()) return blob.status().WithPrefix(spec);
  return blob;
}

StatusOr<ArtifactAge> ArtifactAgeOf(const std::string& path, double now_seconds) {
  if (IsGitSpec(path)) {
    return InvalidArgument(fmt::format(
        "artifact '{}': only work-tree files can be dated, not git:REF:PATH sources", path));
  }
  auto file_time = ModificationTime(path);
  if (!file_time.ok()) return file_time.status();
  auto age_from = [now_seconds](double then) { return std::max(0.0, now_seconds - then) / 86400; };
  auto by_file_time = [&](std::string reason) {
    ArtifactAge age;
    age.age_days = age_from(*file_time);
    age.source = reason.empty() ? "file time" : fmt::format("file time ({})", reason);
    return age;
  };

  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec).lexically_normal();
  if (ec) return by_file_time("");
  fs::path dir = absolute.parent_path();
  auto repo = GitRepo::Discover(dir.string());
  if (!repo.ok()) {
    if (repo.status().code() == StatusCode::kNotFound) return by_file_time("");
    return repo.status();
  }
  if (git_repository_is_bare(repo->raw())) return by_file_time("");
  auto rel = repo->RepoPath(absolute.string(), "");
  if (!rel.ok()) return by_file_time("");  // e.g. inside .git itself

  git_repository* raw = repo->raw();
  git_oid head_id;
  if (git_reference_name_to_id(&head_id, raw, "HEAD") != 0) {
    return by_file_time("not tracked by git");  // no commit yet
  }
  Owned<git_commit> head;
  {
    git_commit* raw_head = nullptr;
    if (git_commit_lookup(&raw_head, raw, &head_id) != 0) {
      return DataError(fmt::format("git: cannot read HEAD in {}: {}", repo->root(), LastError()));
    }
    head.reset(raw_head);
  }
  auto at_head = EntryAt(head.get(), *rel);
  if (!at_head.ok()) return at_head.status();
  if (!at_head->present) return by_file_time("not tracked by git");

  // Anything in the artifact that differs from HEAD (edited, staged, untracked or ignored files
  // inside an artifact directory) makes the file times the better witness.
  git_status_options options;
  git_status_options_init(&options, GIT_STATUS_OPTIONS_VERSION);
  options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                  GIT_STATUS_OPT_INCLUDE_IGNORED | GIT_STATUS_OPT_RECURSE_IGNORED_DIRS |
                  GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  // Pathspecs are globs; a name with glob characters is matched by the prefix filter below only.
  std::string spec = *rel;
  char* specs[] = {spec.data()};
  if (spec.find_first_of("*?[\\") == std::string::npos) {
    options.pathspec.strings = specs;
    options.pathspec.count = 1;
  }
  git_status_list* raw_list = nullptr;
  if (git_status_list_new(&raw_list, raw, &options) != 0) {
    return DataError(
        fmt::format("git: cannot read the work-tree status of {}: {}", repo->root(), LastError()));
  }
  Owned<git_status_list> list(raw_list);
  size_t count = git_status_list_entrycount(list.get());
  for (size_t i = 0; i < count; ++i) {
    const git_status_entry* entry = git_status_byindex(list.get(), i);
    const git_diff_delta* delta =
        entry->index_to_workdir != nullptr ? entry->index_to_workdir : entry->head_to_index;
    if (delta == nullptr) continue;
    std::string changed = delta->new_file.path != nullptr ? delta->new_file.path : "";
    if (changed.empty() && delta->old_file.path != nullptr) changed = delta->old_file.path;
    if (changed == *rel || changed.rfind(*rel + "/", 0) == 0) {
      return by_file_time(fmt::format("changed since commit {}", ShortId(&head_id)));
    }
  }

  auto change = repo->LastCommitTouching(*rel);
  if (!change.ok()) return change.status();
  ArtifactAge age;
  age.age_days = age_from(static_cast<double>(change->time));
  age.source =
      fmt::format("git commit {} ({})", change->commit.substr(0, 7), UtcDate(change->time));
  age.commit = change->commit;
  return age;
}

}  // namespace mlgate
