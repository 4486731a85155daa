# Debian packages with CPack (ci/package.sh builds them):
#   gauthflow          the programs, their man pages and bash/zsh completions (component
#                      runtime; cmake/CommandDocs.cmake), dependencies from dpkg-shlibdeps
#   libgauthflow-dev   headers, static libraries and the CMake package config (component dev)
# Each description is synopsis line + body (Debian Policy 5.6.13). Named as Debian names them: NAME_VERSION-RELEASE_ARCH.deb; a -dev package for a library that
# is only static, depending on the -dev packages of what its headers and archives need.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME gauthflow)
set(CPACK_PACKAGE_VENDOR "gauthflow")
set(CPACK_PACKAGE_CONTACT "gauthflow maintainers <gauthflow@invalid>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
# The packages install where the build was configured to (ci/package.sh: /usr), because
# programs look for the TLS and demo modules at the configured path
# (GAUTHFLOW_MODULE_INSTALL_DIR) when they are not beside an install's bin/.
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)

set(CPACK_COMPONENT_RUNTIME_DISPLAY_NAME "gauthflow")
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION
  "Google OAuth 2.0 for installed applications, and a fake Google to test against
gauthflow signs in to Google the way Google documents for desktop and command-line
applications (loopback, out-of-band, paste and device flows, PKCE S256), keeps and
refreshes the tokens, revokes them and calls Drive. gauthflow-mockserver is a fake of
Google's authorization, token, device, revoke, tokeninfo, OpenID and Drive v3 endpoints
for tests and CI.")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME gauthflow)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION net)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
# The TLS client verifies Google's certificates against the system bundle.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_RECOMMENDS "ca-certificates")

set(CPACK_COMPONENT_DEV_DISPLAY_NAME "libgauthflow-dev")
set(CPACK_COMPONENT_DEV_DESCRIPTION
  "Google OAuth 2.0 for installed applications - development files
The gauthflow core library (the flow, written against HTTP, browser and clock
interfaces) and its Poco implementations, as static libraries with their headers and a
CMake package config: find_package(gauthflow) and link gauthflow::core and gauthflow::poco.")
set(CPACK_DEBIAN_DEV_PACKAGE_NAME libgauthflow-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
# What a consumer's link of the static archives and its compile of the headers need.
# gauthflow itself: it holds libgauthflow_tls.so, which gauthflow::poco loads for https://.
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
  "gauthflow (= ${PROJECT_VERSION}-1), libpoco-dev, libssl-dev, libexpected-dev")

include(CPack)
