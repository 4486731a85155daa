// Finding and opening gauthflow's modules (the TLS module, the demo's fake Google).
#include "gauthflow/poco/module_loader.h"

#include <dlfcn.h>
#include <unistd.h>

#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/TemporaryFile.h>

namespace gauthflow {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::SizeIs;

// The C library this test runs with: a real shared object at a known path.
std::string LibcPath() {
  Dl_info info{};
  if (::dladdr(reinterpret_cast<void*>(&::getpid), &info) == 0 || info.dli_fname == nullptr) {
    return {};
  }
  return info.dli_fname;
}

TEST(ModuleCandidates, LooksBesideTheProgramFirstThenAtTheFixedPathsSkippingEmptyOnes) {
  auto const candidates =
      ModuleCandidates("libx.so", "../lib/gauthflow", {"", "/opt/x/libx.so", ""});
  ASSERT_THAT(candidates, SizeIs(2));
  EXPECT_THAT(candidates[0], EndsWith("/../lib/gauthflow/libx.so"));
  EXPECT_EQ(candidates[0].front(), '/');  // from /proc/self/exe's directory
  EXPECT_EQ(candidates[1], "/opt/x/libx.so");
}

TEST(ModuleCandidates, WithoutAnInstallDirectoryOnlyTheFixedPaths) {
  EXPECT_THAT(ModuleCandidates("libx.so", "", {"/a/libx.so"}), ElementsAre("/a/libx.so"));
}

TEST(LoadModuleSymbol, ReturnsTheSymbolOfTheFirstCandidateThatLoads) {
  auto const libc = LibcPath();
  ASSERT_FALSE(libc.empty());
  auto symbol = LoadModuleSymbol("libc", {"/nonexistent/libc.so.6", libc}, "getpid");
  ASSERT_TRUE(symbol) << symbol.error().message;
  EXPECT_EQ(reinterpret_cast<pid_t (*)()>(*symbol)(), ::getpid());
}

TEST(LoadModuleSymbol, NamesEveryPathTriedAndWhyWhenNoneLoads) {
  Poco::TemporaryFile not_a_library;
  std::ofstream(not_a_library.path()) << "not an ELF file\n";
  auto const libc = LibcPath();
  auto symbol = LoadModuleSymbol("the TLS module",
                                 {"/nonexistent/libgauthflow_tls.so", not_a_library.path(), libc},
                                 "gauthflow_no_such_symbol");
  ASSERT_FALSE(symbol);
  EXPECT_EQ(symbol.error().code, ErrorCode::kUnsupported);
  EXPECT_THAT(symbol.error().message,
              AllOf(HasSubstr("cannot load the TLS module"),
                    HasSubstr("/nonexistent/libgauthflow_tls.so: not there"),
                    HasSubstr(not_a_library.path()),  // with dlerror's reason
                    HasSubstr(libc + ": has no gauthflow_no_such_symbol")));
}

TEST(LoadModuleSymbol, WithNoCandidatesSaysSo) {
  auto symbol = LoadModuleSymbol("the demo", {}, "x");
  ASSERT_FALSE(symbol);
  EXPECT_THAT(symbol.error().message, HasSubstr("no place to look"));
}

}  // namespace
}  // namespace gauthflow
