#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_HUGE_PAGES_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_HUGE_PAGES_H_

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>

namespace gauthflow::mockserver::internal {

// Linux: asks for transparent huge pages on a large buffer not yet touched. Filling a
// million-file corpus otherwise takes ~60,000 page faults, which on a virtual machine were a
// sixth of the start time, and each random probe of a large index a TLB miss. Best effort:
// where madvise or THP are missing nothing changes.
inline void AdviseHugePages(void const* data, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  auto const start = reinterpret_cast<std::uintptr_t>(data);
  std::uintptr_t const begin = (start + kHugePage - 1) & ~(kHugePage - 1);
  std::uintptr_t const end = (start + bytes) & ~(kHugePage - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

}  // namespace gauthflow::mockserver::internal

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_HUGE_PAGES_H_
