// Profiles as artifacts: a versioned JSON format, reading it back, and merging shard profiles.
#pragma once

#include <string>

#include "checks/profile.h"
#include "checks/status.h"

namespace mlgate {

constexpr int kProfileFormatVersion = 1;

// Renders `profile` as JSON (`{"format": "mlgate-profile", "version": 1, ...}`). Exact values,
// sketches, frequencies, co-moments and type tallies are kept; rule tallies and uniqueness are
// not (they belong to one gate's checks). Numbers round-trip exactly.
std::string ProfileToJson(const Profile& profile);

// Parses a profile written by ProfileToJson. Errors name `path` and what is wrong.
StatusOr<Profile> ProfileFromJson(const std::string& text, const std::string& path);
StatusOr<Profile> ReadProfileFile(const std::string& path);

// Adds the rows profiled in `shard` to `into`. Both must have the same columns in the same
// order. Exact values are concatenated while both sides are exact; otherwise both become
// sketches. Co-moments merge when both have them over the same columns, else are dropped.
Status MergeProfiles(Profile& into, const Profile& shard);

// Brings the exact values `profile` holds within `budget` bytes the way the profiler does: the
// row-aligned values go first, then the columns holding the most values become sketches, one at
// a time, until the rest fits. Returns how many columns it turned into sketches.
size_t FitProfileToBudget(Profile& profile, size_t budget);

}  // namespace mlgate
