// A loaded, validated gate file: datasets, models, endpoints, checks and policy.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "checks/cell.h"
#include "checks/check.h"
#include "checks/model/model_spec.h"
#include "checks/result.h"

namespace mlgate {

struct DatasetDecl {
  std::string name;
  std::string path;          // resolved file path, or "git:REF:PATH"; empty for a stored profile
  std::string profile;       // resolved path of a stored profile file; empty for raw data
  std::string written_path;  // as written in the gate file (for messages)
  char delimiter = ',';
  bool header = true;
  std::vector<std::string> null_values{""};
  std::map<std::string, ColumnType> types;  // declared column types (others are inferred)
  int line = 0;
};

struct EndpointDecl {
  std::string name;
  std::string url;
  std::string method = "GET";
  std::string body;                            // inline body, or the contents of body_file
  std::map<std::string, std::string> headers;  // values with ${env:NAME} substituted
  double timeout_s = 5;
  int expect_status = 0;          // 0: any 2xx
  std::string expect_json_field;  // a top-level field the JSON answer must have ("" = none)
  int line = 0;
};

struct CheckDecl {
  std::string id;
  std::string kind;
  Action on_fail = Action::kBlock;
  std::vector<std::string> rubric;  // ids this check automates
  std::string description;
  int line = 0;
  int column = 0;
  std::unique_ptr<Check> check;
};

struct Policy {
  Action on_error = Action::kBlock;
  bool warn_as_fail = false;
};

struct Gate {
  std::string file;      // path of the gate file as given
  std::string base_dir;  // its directory
  std::string name;
  std::vector<DatasetDecl> datasets;
  std::vector<ModelSpec> models;
  std::vector<EndpointDecl> endpoints;
  std::vector<CheckDecl> checks;
  Policy policy;
  std::vector<std::string> manual_rubric;  // tests attested as done by hand
  // Values substituted from ${env:NAME}: never to appear in any output.
  std::vector<std::string> secrets;

  const DatasetDecl* FindDataset(const std::string& name) const;
  const EndpointDecl* FindEndpoint(const std::string& name) const;
  const ModelSpec* FindModel(const std::string& name) const;
};

// Replaces every occurrence of each secret in `text` with "***".
std::string Redact(std::string text, const std::vector<std::string>& secrets);

}  // namespace mlgate
