// Tests for checks/stats/frequency: counts, the distinct-value cap, merging, and lookups that
// stay right as the table grows and for texts that differ only past their first bytes.
#include "checks/stats/frequency.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace mlgate::stats {
namespace {

TEST(FrequencyTableTest, CountsEachDistinctValue) {
  FrequencyTable t;
  for (const char* v : {"red", "green", "red", "", "blue", "red", "green"}) t.Add(v);
  EXPECT_EQ(t.total(), 7);
  EXPECT_EQ(t.distinct(), 4u);
  EXPECT_EQ(t.Count("red"), 3);
  EXPECT_EQ(t.Count("green"), 2);
  EXPECT_EQ(t.Count(""), 1);
  EXPECT_EQ(t.Count("amber"), 0);
  EXPECT_FALSE(t.overflowed());
  const std::map<std::string, int64_t> want = {{"", 1}, {"blue", 1}, {"green", 2}, {"red", 3}};
  EXPECT_EQ(t.Sorted(), want);
}

TEST(FrequencyTableTest, ManyValuesSharingLongPrefixes) {
  // Thousands of values force the table to grow many times; they share 16-byte prefixes and
  // differ in length by one byte, so a hash or comparison that looked at part of a text would
  // merge them.
  FrequencyTable t(100000);
  const std::string prefix = "category-prefix-";
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 5000; ++i) t.Add(prefix + std::to_string(i), i % 3 + 1);
  }
  for (int i = 0; i < 5000; ++i) t.Add(prefix + std::to_string(i) + std::string(1, '\0'));
  EXPECT_EQ(t.distinct(), 10000u);
  for (int i : {0, 1, 2, 999, 4999}) {
    EXPECT_EQ(t.Count(prefix + std::to_string(i)), 3 * (i % 3 + 1)) << i;
    EXPECT_EQ(t.Count(prefix + std::to_string(i) + std::string(1, '\0')), 1) << i;
  }
  EXPECT_EQ(t.Count(prefix), 0);
  EXPECT_EQ(t.Count(prefix + "5000"), 0);
  int64_t sum = 0;
  for (const auto& [value, count] : t.Sorted()) sum += count;
  EXPECT_EQ(sum, t.total());
}

TEST(FrequencyTableTest, ShortTextsDifferingInOneByteOrInLengthStayApart) {
  // Every text of up to 8 bytes over {NUL, 'a'} and of up to 5 bytes over {'a', 'b', 'c'}:
  // texts this short are told apart by their length and bytes alone, never by their entry.
  std::vector<std::string> texts = {""};
  for (const std::string& alphabet : {std::string("\0a", 2), std::string("abc")}) {
    std::vector<std::string> level = {""};
    for (size_t length = 1; length <= (alphabet.size() == 2 ? 8u : 5u); ++length) {
      std::vector<std::string> next;
      for (const std::string& text : level) {
        for (char c : alphabet) next.push_back(text + c);
      }
      texts.insert(texts.end(), next.begin(), next.end());
      level = std::move(next);
    }
  }
  ASSERT_EQ(texts.size(), 1u + (2 + 4 + 8 + 16 + 32 + 64 + 128 + 256) + (3 + 9 + 27 + 81 + 243));
  FrequencyTable t(1000);
  for (size_t i = 0; i < texts.size(); ++i) t.Add(texts[i], static_cast<int64_t>(i) + 1);
  EXPECT_EQ(t.distinct(), texts.size() - 5);  // "a" to "aaaaa" appear in both sets
  std::map<std::string, int64_t> want;
  for (size_t i = 0; i < texts.size(); ++i) want[texts[i]] += static_cast<int64_t>(i) + 1;
  EXPECT_EQ(t.Sorted(), want);
  for (const auto& [text, count] : want) EXPECT_EQ(t.Count(text), count) << text.size();
}

TEST(FrequencyTableTest, PastTheCapNewValuesCountAsOther) {
  FrequencyTable t(2);
  t.Add("a");
  t.Add("b");
  t.Add("c", 5);
  t.Add("a");
  EXPECT_EQ(t.distinct(), 2u);
  EXPECT_EQ(t.Count("a"), 2);
  EXPECT_EQ(t.Count("c"), 0);
  EXPECT_EQ(t.other_count(), 5);
  EXPECT_EQ(t.total(), 8);
  EXPECT_TRUE(t.overflowed());

  FrequencyTable none(0);
  none.Add("x", 3);
  EXPECT_EQ(none.distinct(), 0u);
  EXPECT_EQ(none.other_count(), 3);
  EXPECT_EQ(none.Count("x"), 0);
}

TEST(FrequencyTableTest, MergeAddsCountsAndOverflowsInValueOrder) {
  FrequencyTable a(3), b(3);
  a.Add("m", 2);
  a.Add("z");
  b.Add("z", 4);
  b.Add("b");
  b.Add("a");
  b.AddOther(7);
  a.Merge(b);
  // "a" is merged before "b" (sorted order) and takes the last place under the cap.
  const std::map<std::string, int64_t> want = {{"a", 1}, {"m", 2}, {"z", 5}};
  EXPECT_EQ(a.Sorted(), want);
  EXPECT_EQ(a.other_count(), 8);  // b's "b" and its 7 others
  EXPECT_EQ(a.total(), 16);
}

// Tables that fit under the cap together are merged in their own order; the counts must be those
// of counting every value in one table, whichever is merged into which.
TEST(FrequencyTableTest, MergeUnderTheCapCountsAsOneTableWould) {
  FrequencyTable whole(100), a(100), b(100), c(100);
  for (int i = 0; i < 300; ++i) {
    const std::string value = "v" + std::to_string((i * 37) % 41);
    whole.Add(value);
    (i % 3 == 0 ? a : i % 3 == 1 ? b : c).Add(value);
  }
  c.AddOther(5);
  whole.AddOther(5);
  FrequencyTable ab = a, ba = b;
  ab.Merge(b);
  ab.Merge(c);
  ba.Merge(c);
  ba.Merge(a);
  EXPECT_EQ(ab.Sorted(), whole.Sorted());
  EXPECT_EQ(ba.Sorted(), whole.Sorted());
  EXPECT_EQ(ab.distinct(), 41u);
  EXPECT_EQ(ab.other_count(), 5);
  EXPECT_EQ(ab.total(), 305);
  EXPECT_EQ(ba.total(), 305);
}

TEST(FrequencyTableTest, ContainsAndForEachSeeTrackedValuesOnly) {
  FrequencyTable t(2);
  t.Add("red", 3);
  t.Add("a-much-longer-value-than-eight-bytes");
  t.Add("blue");  // past the cap: "other"
  EXPECT_TRUE(t.Contains("red"));
  EXPECT_TRUE(t.Contains("a-much-longer-value-than-eight-bytes"));
  EXPECT_FALSE(t.Contains("a-much-longer-value-than-eight-byteX"));
  EXPECT_FALSE(t.Contains("blue"));
  EXPECT_FALSE(t.Contains("re"));
  EXPECT_FALSE(FrequencyTable().Contains("red"));
  std::map<std::string, int64_t> seen;
  t.ForEach([&](std::string_view value, int64_t count) { seen[std::string(value)] += count; });
  EXPECT_EQ(seen, t.Sorted());
  EXPECT_EQ(seen.size(), 2u);
}

TEST(FrequencyTableTest, CopiesAreIndependent) {
  FrequencyTable a;
  a.Add("x");
  FrequencyTable b = a;
  b.Add("x");
  b.Add("y");
  EXPECT_EQ(a.Count("x"), 1);
  EXPECT_EQ(a.Count("y"), 0);
  EXPECT_EQ(b.Count("x"), 2);
  EXPECT_EQ(b.Count("y"), 1);
}

}  // namespace
}  // namespace mlgate::stats
