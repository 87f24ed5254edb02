# Git access (libgit2): git:REF:PATH sources, work-tree state, artifact ages.
list(APPEND MLGATE_RUNNERS_SOURCES
  git/git_repo.cpp
)
