// Writes a deterministic synthetic CSV for throughput benchmarks: 12 numeric features, 4
// categorical ones, a label and a score. `shift` moves the distributions (a "current" dataset).
//   mlgate-gen-synthetic ROWS SHIFT OUT.csv
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <pcg_random.hpp>
#include <random>
#include <string>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s ROWS SHIFT OUT.csv\n", argv[0]);
    return 2;
  }
  long long rows = std::atoll(argv[1]);
  double shift = std::atof(argv[2]);
  FILE* out = std::fopen(argv[3], "wb");
  if (out == nullptr) {
    std::perror(argv[3]);
    return 1;
  }
  std::setvbuf(out, nullptr, _IOFBF, 1 << 22);
  pcg64 rng(42 + static_cast<uint64_t>(shift * 1000));
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  static const char* kColors[] = {"red", "green", "blue", "amber", "violet"};
  static const char* kRegions[] = {"north", "south", "east", "west"};
  static const char* kPlans[] = {"free", "pro", "team"};
  static const char* kDevices[] = {"ios", "android", "web", "desktop", "tv", "car"};
  std::fputs("f0,f1,f2,f3,f4,f5,f6,f7,f8,f9,f10,f11,color,region,plan,device,label,score\n", out);
  char line[512];
  for (long long r = 0; r < rows; ++r) {
    int n = 0;
    double z = normal(rng);
    for (int f = 0; f < 12; ++f) {
      double v;
      switch (f % 4) {
        case 0:
          v = z * (1 + f * 0.1) + normal(rng) + shift;
          break;  // correlated with f0
        case 1:
          v = std::exp(normal(rng) * 0.5 + shift * 0.2);
          break;  // skewed
        case 2:
          v = std::floor(uniform(rng) * 1000) + shift * 10;
          break;  // integers
        default:
          v = normal(rng) / std::max(0.05, uniform(rng));
          break;  // heavy-tailed
      }
      n += std::snprintf(line + n, sizeof(line) - n, "%.6g,", v);
    }
    double u = uniform(rng);
    int color = static_cast<int>(u * 5 + shift) % 5;
    n += std::snprintf(line + n, sizeof(line) - n, "%s,%s,%s,%s,", kColors[color],
                       kRegions[static_cast<int>(uniform(rng) * 4)],
                       kPlans[uniform(rng) < 0.7 ? 0 : (uniform(rng) < 0.8 ? 1 : 2)],
                       kDevices[static_cast<int>(uniform(rng) * 6)]);
    double logit = z * 1.5 + shift - 0.2;
    int label = uniform(rng) < 1 / (1 + std::exp(-logit)) ? 1 : 0;
    double score = 1 / (1 + std::exp(-(logit + normal(rng) * 0.5)));
    n += std::snprintf(line + n, sizeof(line) - n, "%d,%.6f\n", label, score);
    std::fwrite(line, 1, static_cast<size_t>(n), out);
  }
  return std::fclose(out) == 0 ? 0 : 1;
}
