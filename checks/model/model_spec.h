// A model as the gate file declares it: where its predictions are and what their columns mean.
#pragma once

#include <string>

namespace mlgate {

struct ModelSpec {
  std::string name;
  std::string dataset;       // the dataset holding the predictions file
  std::string id;            // optional row id column, to align champion and challenger
  std::string label;         // ground truth column
  std::string prediction;    // predicted label or value
  std::string score;         // binary: positive-class score column (optional)
  std::string score_prefix;  // multiclass: one "<prefix><class>" column per class (optional)
  std::string positive;      // binary positive label (default: "1" or "true")
  std::string artifact;      // optional path of the model artifact (for freshness)
};

}  // namespace mlgate
