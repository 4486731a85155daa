# cmake -P script: builds this build's Debian packages with CPack, unpacks them into a scratch
# root (dpkg-deb -x, no root needed), and runs what they hold from there: both programs, the
# demo (which must find the fake server beside gauthflow), and a find_package(gauthflow)
# consumer against the unpacked libgauthflow-dev. The packages install under the build's
# CMAKE_INSTALL_PREFIX (PREFIX; ci/package.sh configures /usr).
file(REMOVE_RECURSE ${WORK_DIR})
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                  TIMEOUT 240)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()
function(expect what pattern)
  if(NOT last_output MATCHES "${pattern}")
    message(FATAL_ERROR "${what}: expected /${pattern}/ in:\n${last_output}")
  endif()
endfunction()

run(${CPACK} --config ${BUILD_DIR}/CPackConfig.cmake -B ${WORK_DIR}/packages)
file(GLOB runtime_deb ${WORK_DIR}/packages/gauthflow_*.deb)
file(GLOB dev_deb ${WORK_DIR}/packages/libgauthflow-dev_*.deb)
list(LENGTH runtime_deb runtime_count)
list(LENGTH dev_deb dev_count)
if(NOT runtime_count EQUAL 1 OR NOT dev_count EQUAL 1)
  file(GLOB all ${WORK_DIR}/packages/*)
  message(FATAL_ERROR "expected one gauthflow_*.deb and one libgauthflow-dev_*.deb, got: ${all}")
endif()

# Debian's conventions: NAME_VERSION-RELEASE_ARCH.deb, Depends from dpkg-shlibdeps (the Poco
# runtime libraries, versioned), the -dev package on the -dev packages its headers need.
run(dpkg-deb -f ${runtime_deb} Package Version Architecture Depends Section)
expect("gauthflow control" "Package: gauthflow\nVersion: [0-9.]+-1\nArchitecture: [a-z0-9]+\nDepends: .*libpoco[a-z]*[0-9]+ \\(>= ")
run(dpkg-deb -f ${dev_deb} Package Depends Section)
expect("libgauthflow-dev control" "Package: libgauthflow-dev\nDepends: gauthflow \\(= [0-9.]+-1\\), libpoco-dev, libssl-dev, libexpected-dev\nSection: libdevel")
run(dpkg-deb -c ${runtime_deb})
expect("gauthflow contents" "\\.${PREFIX}/bin/gauthflow\n")
expect("gauthflow contents" "\\.${PREFIX}/bin/gauthflow-mockserver\n")
expect("gauthflow contents" "\\.${PREFIX}/bin/gauthflow-scripted-browser\n")
expect("gauthflow contents" "/lib/gauthflow/libgauthflow_tls\\.so\n")
expect("gauthflow contents" "/lib/gauthflow/libgauthflow_net\\.so\n")
expect("gauthflow contents" "/lib/gauthflow/libgauthflow_demo\\.so\n")
run(dpkg-deb -c ${dev_deb})
expect("libgauthflow-dev contents" "gauthflowConfig\\.cmake")
expect("libgauthflow-dev contents" "include/gauthflow/installed_app_flow\\.h")

set(root ${WORK_DIR}/root)
run(dpkg-deb -x ${runtime_deb} ${root})
run(dpkg-deb -x ${dev_deb} ${root})
run(${root}${PREFIX}/bin/gauthflow --help)
expect("gauthflow --help" "Usage")
run(${root}${PREFIX}/bin/gauthflow-mockserver --help)
expect("gauthflow-mockserver --help" "--port")
run(${CMAKE_COMMAND} -E env TMPDIR=${WORK_DIR} HOME=${WORK_DIR} ${root}${PREFIX}/bin/gauthflow demo)
expect("gauthflow demo from the package" "1a2b3c4dDefaultNotes")

run(${CMAKE_COMMAND} -S ${APP_DIR} -B ${WORK_DIR}/consumer -DCMAKE_PREFIX_PATH=${root}${PREFIX}
    -DCMAKE_CXX_COMPILER=${CXX})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/consumer)
run(${WORK_DIR}/consumer/consumer)
expect("consumer built against the package" "consumer ok")
message(STATUS "packages: ${runtime_deb} ${dev_deb}")
