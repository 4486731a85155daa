// A stand-in for libFuzzer's main, for builds without -fsanitize=fuzzer (the default GCC build):
// runs LLVMFuzzerTestOneInput over every file of the seed corpus, then over a bounded number of
// deterministic pseudo-random mutations of them. This keeps the fuzz targets compiling and
// exercised by the default `ctest` run; real coverage-guided fuzzing is ci/fuzz.sh.
//
//   fuzz_<target> [--mutations=N] [--seed=S] [--max-len=L] [--expect-inputs=K] PATH...
//
// PATH is a file or a directory (its regular files, in name order). With --expect-inputs the
// run fails unless PATH held exactly K inputs (ctest passes the seed corpus's file count). On a
// crash the input being run is written to ./replay-crash-<target> (a signal handler), so it can
// be reproduced with the libFuzzer build: `build-fuzz/tests/fuzz/fuzz_<target> replay-crash-<target>`.

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size);

namespace {

// The input being run, for the crash handler (which may only use async-signal-safe calls).
std::uint8_t const* g_current_data = nullptr;
std::size_t g_current_size = 0;
char g_crash_path[256] = "replay-crash";

extern "C" void OnCrash(int signal_number) {
  int const fd = ::open(g_crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    std::size_t written = 0;
    while (written < g_current_size) {
      ssize_t const n = ::write(fd, g_current_data + written, g_current_size - written);
      if (n <= 0) break;
      written += static_cast<std::size_t>(n);
    }
    ::close(fd);
    constexpr char kMessage[] = "\nfuzz replay: crashed; the input was written to ";
    [[maybe_unused]] auto const a = ::write(2, kMessage, sizeof(kMessage) - 1);
    [[maybe_unused]] auto const b = ::write(2, g_crash_path, std::strlen(g_crash_path));
    [[maybe_unused]] auto const c = ::write(2, "\n", 1);
  }
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

// SplitMix64: small, fast, and the same sequence on every platform.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform enough in [0, n) for n > 0.
  std::size_t Below(std::size_t n) { return static_cast<std::size_t>(Next() % n); }

 private:
  std::uint64_t state_;
};

using Bytes = std::vector<std::uint8_t>;

// Bytes that matter to the formats under test: JSON, URLs and queries, RFC 3339 times.
constexpr char kInterestingBytes[] = "\"\\{}[],:'()=&?#%+/ *-.\n\t\r\0\x7f\x80\xc3\xff" "0159aeTZzn";
constexpr std::string_view kInteresting(kInterestingBytes, sizeof(kInterestingBytes) - 1);

std::uint8_t RandomByte(Random& random) {
  return random.Below(2) == 0 ? static_cast<std::uint8_t>(random.Next())
                              : static_cast<std::uint8_t>(kInteresting[random.Below(kInteresting.size())]);
}

void MutateOnce(Bytes& input, std::vector<Bytes> const& corpus, Random& random) {
  switch (random.Below(8)) {
    case 0:  // flip a bit
      if (!input.empty()) input[random.Below(input.size())] ^= static_cast<std::uint8_t>(1u << random.Below(8));
      break;
    case 1:  // overwrite a byte
      if (!input.empty()) input[random.Below(input.size())] = RandomByte(random);
      break;
    case 2:  // insert a byte
      input.insert(input.begin() + static_cast<std::ptrdiff_t>(random.Below(input.size() + 1)),
                   RandomByte(random));
      break;
    case 3: {  // erase a range
      if (input.empty()) break;
      std::size_t const at = random.Below(input.size());
      std::size_t const count = 1 + random.Below(std::min<std::size_t>(input.size() - at, 16));
      input.erase(input.begin() + static_cast<std::ptrdiff_t>(at),
                  input.begin() + static_cast<std::ptrdiff_t>(at + count));
      break;
    }
    case 4: {  // duplicate a range somewhere else (nesting, repeated keys)
      if (input.empty()) break;
      std::size_t const at = random.Below(input.size());
      std::size_t const count = 1 + random.Below(std::min<std::size_t>(input.size() - at, 32));
      Bytes const chunk(input.begin() + static_cast<std::ptrdiff_t>(at),
                        input.begin() + static_cast<std::ptrdiff_t>(at + count));
      input.insert(input.begin() + static_cast<std::ptrdiff_t>(random.Below(input.size() + 1)),
                   chunk.begin(), chunk.end());
      break;
    }
    case 5:  // truncate
      if (!input.empty()) input.resize(random.Below(input.size()));
      break;
    case 6: {  // splice: keep a head of this input, append a tail of another one
      Bytes const& other = corpus[random.Below(corpus.size())];
      input.resize(random.Below(input.size() + 1));
      std::size_t const from = random.Below(other.size() + 1);
      input.insert(input.end(), other.begin() + static_cast<std::ptrdiff_t>(from), other.end());
      break;
    }
    default: {  // insert a chunk of another input
      Bytes const& other = corpus[random.Below(corpus.size())];
      if (other.empty()) break;
      std::size_t const at = random.Below(other.size());
      std::size_t const count = 1 + random.Below(std::min<std::size_t>(other.size() - at, 32));
      input.insert(input.begin() + static_cast<std::ptrdiff_t>(random.Below(input.size() + 1)),
                   other.begin() + static_cast<std::ptrdiff_t>(at),
                   other.begin() + static_cast<std::ptrdiff_t>(at + count));
      break;
    }
  }
}

void Run(Bytes const& input) {
  // An exact-size heap copy, so that a read past the end is one under a memory checker.
  auto const copy = std::make_unique<std::uint8_t[]>(std::max<std::size_t>(input.size(), 1));
  std::copy(input.begin(), input.end(), copy.get());
  g_current_data = copy.get();
  g_current_size = input.size();
  LLVMFuzzerTestOneInput(copy.get(), input.size());
  g_current_data = nullptr;
  g_current_size = 0;
}

bool ReadFile(std::filesystem::path const& path, Bytes& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t mutations = 2000;
  std::uint64_t seed = 20240601;
  std::size_t max_len = 4096;
  std::optional<std::size_t> expected_inputs;
  std::vector<std::filesystem::path> paths;
  for (int i = 1; i < argc; ++i) {
    std::string_view const arg = argv[i];
    if (StartsWith(arg, "--mutations=")) {
      mutations = std::strtoull(argv[i] + 12, nullptr, 10);
    } else if (StartsWith(arg, "--seed=")) {
      seed = std::strtoull(argv[i] + 7, nullptr, 10);
    } else if (StartsWith(arg, "--max-len=")) {
      max_len = std::strtoull(argv[i] + 10, nullptr, 10);
    } else if (StartsWith(arg, "--expect-inputs=")) {
      expected_inputs = std::strtoull(argv[i] + 16, nullptr, 10);
    } else if (StartsWith(arg, "-")) {
      std::fprintf(stderr,
                   "usage: %s [--mutations=N] [--seed=S] [--max-len=L] [--expect-inputs=K] PATH...\n",
                   argv[0]);
      return 2;
    } else {
      paths.emplace_back(arg);
    }
  }

  std::string const name = std::filesystem::path(argv[0]).filename().string();
  std::snprintf(g_crash_path, sizeof(g_crash_path), "replay-crash-%s", name.c_str());
  for (int signal_number : {SIGABRT, SIGSEGV, SIGILL, SIGFPE, SIGBUS, SIGTRAP}) {
    ::signal(signal_number, OnCrash);
  }

  std::vector<std::filesystem::path> files;
  for (auto const& path : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      std::vector<std::filesystem::path> entries;
      for (auto const& entry : std::filesystem::directory_iterator(path)) {
        if (entry.is_regular_file()) entries.push_back(entry.path());
      }
      std::sort(entries.begin(), entries.end());
      files.insert(files.end(), entries.begin(), entries.end());
    } else {
      files.push_back(path);
    }
  }

  std::vector<Bytes> corpus;
  for (auto const& file : files) {
    Bytes input;
    if (!ReadFile(file, input)) {
      std::fprintf(stderr, "fuzz replay: cannot read %s\n", file.string().c_str());
      return 2;
    }
    Run(input);
    corpus.push_back(std::move(input));
  }
  if (expected_inputs && files.size() != *expected_inputs) {
    std::fprintf(stderr, "fuzz replay: %s ran %zu corpus inputs, expected %zu\n", name.c_str(),
                 files.size(), *expected_inputs);
    return 1;
  }
  if (corpus.empty()) corpus.emplace_back();

  Random random(seed);
  for (std::size_t i = 0; i < mutations; ++i) {
    Bytes input = corpus[random.Below(corpus.size())];
    std::size_t const rounds = 1 + random.Below(4);
    for (std::size_t r = 0; r < rounds; ++r) MutateOnce(input, corpus, random);
    if (input.size() > max_len) input.resize(max_len);
    Run(input);
  }
  std::printf("fuzz replay: %s ran %zu corpus inputs and %zu mutations (seed %llu)\n", name.c_str(),
              files.size(), mutations, static_cast<unsigned long long>(seed));
  return 0;
}
