// SARIF 2.1.0 output checked against what the schema and GitHub code scanning require.
// (No copy of the official JSON schema is packaged for Debian, so the required properties
// and their types are checked explicitly.)
#include <regex>
#include <set>

#include "sarif.h"
#include "test_util.h"

using nlohmann::json;

namespace racelight::test {
namespace {

const std::set<std::string> kLevels = {"none", "note", "warning", "error"};

void expect_text(const json& message, const std::string& where) {
  ASSERT_TRUE(message.is_object()) << where;
  ASSERT_TRUE(message.contains("text") && message["text"].is_string()) << where;
  EXPECT_FALSE(message["text"].get<std::string>().empty()) << where;
}

void expect_uri_reference(const std::string& uri, const std::string& where) {
  EXPECT_FALSE(uri.empty()) << where;
  // RFC 3986 characters only (no spaces, no raw non-ASCII).
  static const std::regex kUri(R"J(^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$)J");
  EXPECT_TRUE(std::regex_match(uri, kUri)) << where << ": " << uri;
}

void expect_physical_location(const json& run, const json& pl, const std::string& where) {
  ASSERT_TRUE(pl.is_object()) << where;
  ASSERT_TRUE(pl.contains("artifactLocation")) << where;
  const json& al = pl["artifactLocation"];
  ASSERT_TRUE(al.contains("uri") && al["uri"].is_string()) << where;
  std::string uri = al["uri"];
  expect_uri_reference(uri, where);
  if (al.contains("uriBaseId")) {
    ASSERT_TRUE(al["uriBaseId"].is_string());
    EXPECT_EQ(uri.find("file:"), std::string::npos) << "relative uri expected: " << uri;
    EXPECT_NE(uri[0], '/') << where;
    ASSERT_TRUE(run["originalUriBaseIds"].contains(al["uriBaseId"].get<std::string>())) << where;
  } else {
    EXPECT_EQ(uri.rfind("file:///", 0), 0u) << "absolute uris use file://: " << uri;
  }
  ASSERT_TRUE(pl.contains("region")) << where;
  const json& region = pl["region"];
  ASSERT_TRUE(region["startLine"].is_number_integer()) << where;
  EXPECT_GE(region["startLine"].get<int64_t>(), 1) << where;
  if (region.contains("startColumn")) {
    ASSERT_TRUE(region["startColumn"].is_number_integer());
    EXPECT_GE(region["startColumn"].get<int64_t>(), 1) << where;
  }
}

// Every property code scanning needs, with its type.
void check_sarif(const json& log) {
  ASSERT_TRUE(log.is_object());
  ASSERT_TRUE(log["$schema"].is_string());
  EXPECT_NE(log["$schema"].get<std::string>().find("sarif"), std::string::npos);
  ASSERT_EQ(log["version"], "2.1.0");
  ASSERT_TRUE(log["runs"].is_array());
  ASSERT_EQ(log["runs"].size(), 1u);
  const json& run = log["runs"][0];

  const json& driver = run["tool"]["driver"];
  ASSERT_TRUE(driver.is_object());
  EXPECT_EQ(driver["name"], "Racelight");
  ASSERT_TRUE(driver["informationUri"].is_string());
  EXPECT_EQ(driver["informationUri"].get<std::string>().rfind("https://", 0), 0u);
  ASSERT_TRUE(driver["version"].is_string());
  ASSERT_TRUE(driver["rules"].is_array());
  std::set<std::string> ids;
  for (const json& rule : driver["rules"]) {
    ASSERT_TRUE(rule["id"].is_string());
    std::string id = rule["id"];
    EXPECT_TRUE(ids.insert(id).second) << "duplicate rule " << id;
    expect_text(rule["shortDescription"], id + ".shortDescription");
    expect_text(rule["fullDescription"], id + ".fullDescription");
    ASSERT_TRUE(rule["helpUri"].is_string());
    expect_uri_reference(rule["helpUri"], id + ".helpUri");
    ASSERT_TRUE(rule["defaultConfiguration"]["level"].is_string());
    EXPECT_EQ(rule["defaultConfiguration"]["level"], "error");
  }

  if (run.contains("originalUriBaseIds")) {
    for (const auto& [name, base] : run["originalUriBaseIds"].items()) {
      ASSERT_TRUE(base["uri"].is_string()) << name;
      std::string uri = base["uri"];
      EXPECT_EQ(uri.back(), '/') << "a base uri must end with /: " << uri;
      EXPECT_EQ(uri.rfind("file:///", 0), 0u) << uri;
    }
  }

  ASSERT_TRUE(run["results"].is_array());
  for (size_t i = 0; i < run["results"].size(); ++i) {
    const json& r = run["results"][i];
    std::string where = "results[" + std::to_string(i) + "]";
    ASSERT_TRUE(r["ruleId"].is_string()) << where;
    ASSERT_TRUE(r["ruleIndex"].is_number_integer()) << where;
    ASSERT_GE(r["ruleIndex"].get<int64_t>(), 0) << where;
    size_t index = r["ruleIndex"].get<size_t>();
    ASSERT_LT(index, driver["rules"].size()) << where;
    EXPECT_EQ(driver["rules"][index]["id"], r["ruleId"]) << where;
    ASSERT_TRUE(r["level"].is_string());
    EXPECT_TRUE(kLevels.count(r["level"].get<std::string>())) << where;
    expect_text(r["message"], where + ".message");
    ASSERT_TRUE(r["locations"].is_array()) << where;
    ASSERT_GE(r["locations"].size(), 1u) << where;
    expect_physical_location(run, r["locations"][0]["physicalLocation"], where + ".locations[0]");
    if (r.contains("relatedLocations")) {
      std::set<int64_t> related_ids;
      for (const json& rl : r["relatedLocations"]) {
        ASSERT_TRUE(rl["id"].is_number_integer()) << where;
        EXPECT_GE(rl["id"].get<int64_t>(), 0);
        EXPECT_TRUE(related_ids.insert(rl["id"].get<int64_t>()).second) << where;
        expect_physical_location(run, rl["physicalLocation"], where + ".relatedLocations");
        expect_text(rl["message"], where + ".relatedLocations.message");
      }
    }
    if (r.contains("codeFlows")) {
      ASSERT_TRUE(r["codeFlows"].is_array());
      for (const json& cf : r["codeFlows"]) {
        ASSERT_TRUE(cf["threadFlows"].is_array());
        ASSERT_GE(cf["threadFlows"].size(), 1u);
        for (const json& tf : cf["threadFlows"]) {
          ASSERT_TRUE(tf["locations"].is_array());
          ASSERT_GE(tf["locations"].size(), 1u);
          for (const json& tfl : tf["locations"]) {
            expect_physical_location(run, tfl["location"]["physicalLocation"],
                                     where + ".threadFlow");
            if (tfl.contains("nestingLevel")) {
              EXPECT_TRUE(tfl["nestingLevel"].is_number_integer());
              EXPECT_GE(tfl["nestingLevel"].get<int64_t>(), 0);
            }
          }
        }
      }
    }
    ASSERT_TRUE(r["partialFingerprints"].is_object()) << where;
    for (const auto& [k, v] : r["partialFingerprints"].items()) EXPECT_TRUE(v.is_string()) << k;
    ASSERT_TRUE(r["partialFingerprints"]["racelight/v1"].is_string());
  }
}

json sarif_of(const std::vector<std::string>& files, const std::string& supp = "") {
  return sarif_log(process(files, supp), plain_options());
}

TEST(Sarif, StructureForAllKinds) {
  json log = sarif_of({"all.jsonl", "data_race_rerun.jsonl", "future_kind.jsonl",
                       "no_debug_info.jsonl"});
  check_sarif(log);
  const json& run = log["runs"][0];
  EXPECT_EQ(run["results"].size(), 7u);
  EXPECT_EQ(run["properties"]["suppressedCount"], 1);
  std::set<std::string> rule_ids;
  for (const json& rule : run["tool"]["driver"]["rules"]) rule_ids.insert(rule["id"]);
  EXPECT_EQ(rule_ids, (std::set<std::string>{"data-race", "deadlock", "lock-order-inversion",
                                             "mutex-misuse", "thread-leak"}));
}

TEST(Sarif, EmptyLogIsValid) {
  json log = sarif_of({});
  check_sarif(log);
  EXPECT_TRUE(log["runs"][0]["results"].empty());
  EXPECT_EQ(log["runs"][0]["tool"]["driver"]["rules"].size(), 4u);
}

TEST(Sarif, LocationsRelativeToSourceRoot) {
  json log = sarif_of({"deadlock.jsonl"});
  const json& result = log["runs"][0]["results"][0];
  const json& pl = result["locations"][0]["physicalLocation"];
  EXPECT_EQ(pl["artifactLocation"]["uri"], "src/bank.cc");
  EXPECT_EQ(pl["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(pl["region"]["startLine"], 11);
  EXPECT_EQ(pl["region"]["startColumn"], 31);
  std::string root = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"];
  EXPECT_EQ(root, "file://" + std::string(RACELIGHT_TEST_FIXTURES) + "/");
  // Related location: the other thread's top user frame, with the event's description.
  ASSERT_EQ(result["relatedLocations"].size(), 1u);
  EXPECT_EQ(result["relatedLocations"][0]["message"]["text"],
            "Thread 2 waits for mutex M1 (0x7ffd5a1c2f10) held by thread 1");
  // One thread flow per event, outermost frame first; system headers are absolute file uris.
  const json& flows = result["codeFlows"][0]["threadFlows"];
  ASSERT_EQ(flows.size(), 2u);
  EXPECT_EQ(flows[0]["locations"].size(), 4u);
  EXPECT_EQ(flows[0]["locations"][0]["location"]["message"]["text"],
            "main::{lambda()#1}::operator()() const");
  EXPECT_EQ(flows[0]["locations"][3]["location"]["physicalLocation"]["artifactLocation"]["uri"],
            "file:///usr/include/c++/12/bits/std_mutex.h");
  EXPECT_EQ(result["partialFingerprints"]["racelight/v1"], process({"deadlock.jsonl"}).shown[0].fingerprint);
}

TEST(Sarif, ThreeCycleHasThreeFlowsAndTwoRelatedLocations) {
  json result = sarif_of({"lock_order_inversion.jsonl"})["runs"][0]["results"][0];
  EXPECT_EQ(result["ruleId"], "lock-order-inversion");
  EXPECT_EQ(result["ruleIndex"], 2);
  EXPECT_EQ(result["codeFlows"][0]["threadFlows"].size(), 3u);
  EXPECT_EQ(result["relatedLocations"].size(), 2u);
  EXPECT_EQ(result["relatedLocations"][1]["id"], 2);
}

TEST(Sarif, OpenMpConstructInEventMessages) {
  json log = sarif_of({"openmp_race.jsonl"});
  check_sarif(log);
  const json& result = log["runs"][0]["results"][0];
  EXPECT_EQ(result["relatedLocations"][0]["message"]["text"],
            "Previous write of 4 bytes at 0x5561bf6e2588 by thread T1, in parallel region at "
            "src/tasks.c:11:1 (thread 1 of 2)");
  EXPECT_EQ(result["codeFlows"][0]["threadFlows"][0]["message"]["text"],
            "Read of size 4 at 0x5561bf6e2588 by main thread, in task created at src/tasks.c:21:1 "
            "(parallel region at src/tasks.c:11:1, thread 0 of 2)");
}

TEST(Sarif, FramesWithoutLinesAreNotLocations) {
  json log = sarif_of({"no_debug_info.jsonl"});
  check_sarif(log);
  const json& result = log["runs"][0]["results"][0];
  // No frame has a line: the location falls back to the program, line 1.
  EXPECT_EQ(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "file:///home/ci/project/build/nodebug");
  EXPECT_FALSE(result.contains("relatedLocations"));
  EXPECT_FALSE(result.contains("codeFlows"));
  // In the counter race, libc's line-0 frame is left out of the thread flow.
  json race = sarif_of({"data_race.jsonl"})["runs"][0]["results"][0];
  EXPECT_EQ(race["codeFlows"][0]["threadFlows"][0]["locations"].size(), 1u);
}

TEST(Sarif, SuppressedLeftOutAndCounted) {
  json log = sarif_of({"all.jsonl"}, "race:*\n");
  check_sarif(log);
  EXPECT_EQ(log["runs"][0]["results"].size(), 3u);
  EXPECT_EQ(log["runs"][0]["properties"]["suppressedCount"], 3);
}

TEST(Sarif, UriEncoding) {
  EXPECT_EQ(uri_encode_path("src/my file#1.c"), "src/my%20file%231.c");
  EXPECT_EQ(uri_encode_path("a:b/c++.h"), "a%3Ab/c++.h");
  EXPECT_EQ(uri_encode_path("\xc3\xa9t\xc3\xa9.c"), "%C3%A9t%C3%A9.c");
}

}  // namespace
}  // namespace racelight::test
