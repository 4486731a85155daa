# cmake -P script, run at every build: writes OUTPUT (a C++ source defining the version and the
# git commit the build was made from), replacing it only when its text changes so that a build
# without a new commit recompiles nothing.
#   -DSOURCE_DIR=<checkout> -DOUTPUT=<file.cc> -DVERSION=<project version>
set(commit "")
find_package(Git QUIET)
if(GIT_FOUND AND EXISTS "${SOURCE_DIR}/.git")
  execute_process(COMMAND ${GIT_EXECUTABLE} -C ${SOURCE_DIR} rev-parse --short=12 HEAD
                  OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE rc ERROR_QUIET)
  if(NOT rc EQUAL 0)
    set(commit "")
  else()
    execute_process(COMMAND ${GIT_EXECUTABLE} -C ${SOURCE_DIR} status --porcelain
                            --untracked-files=no
                    OUTPUT_VARIABLE changes RESULT_VARIABLE rc ERROR_QUIET)
    if(rc EQUAL 0 AND NOT changes STREQUAL "")
      string(APPEND commit "+dirty")
    endif()
  endif()
endif()
set(text "// Written by cmake/WriteVersion.cmake at build time; not in the source tree.
#include \"gauthflow/version.h\"

namespace gauthflow {
std::string_view VersionNumber() { return \"${VERSION}\"; }
std::string_view BuildCommit() { return \"${commit}\"; }
}  // namespace gauthflow
")
file(WRITE "${OUTPUT}.new" "${text}")
file(COPY_FILE "${OUTPUT}.new" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.new")
