# Install rules (cmake --install build --prefix P) and the Debian package
# (cpack -G DEB in the build directory). docs/design.md ("Installing")
# explains the layout and the choice of one package per LLVM release.
#
# Per LLVM release NN (every build):
#   P/lib/gfpscope/llvm-NN/gfpscope.so, gfpscope-analyzer.so   the plugins
#   P/lib/gfpscope/llvm-NN/bin/clang-tidy, clangd              the binaries,
#       under their own names: that directory goes first in PATH for the
#       kernel's `make clang-tidy` (as /usr/lib/llvm-NN/bin does for LLVM)
#   P/bin/gfpscope-clang-tidy-NN, gfpscope-clangd-NN           links to them
# Once, from the primary build (GFPSCOPE_INSTALL_UNVERSIONED, default: LLVM 22):
#   P/bin/gfpscope-clang-tidy, gfpscope-clangd                 links to the -NN ones
#   P/bin/gfpscope-sarif, gfpscope-baseline, gfpscope-run-on-tree
#   P/share/gfpscope/scripts/   every scripts/*.py and Python package of scripts/
#   P/share/gfpscope/docs/checks/  the check pages (gfpscope-sarif reads them)
#   P/share/doc/gfpscope/       README.md and docs/
# So a gfpscope-llvm19 package installs beside gfpscope-llvm22 without a
# file in common.
#
# Paths are relative to the prefix, and the links and the commands find
# their files relative to themselves: an install into DESTDIR works in place.
set(GFPSCOPE_PRIMARY_LLVM 22)
if(LLVM_VERSION_MAJOR EQUAL GFPSCOPE_PRIMARY_LLVM)
  set(_unversioned ON)
else()
  set(_unversioned OFF)
endif()
option(GFPSCOPE_INSTALL_UNVERSIONED
       "Install the unsuffixed commands, the scripts and the docs (the primary LLVM's build)"
       ${_unversioned})

set(_nn ${LLVM_VERSION_MAJOR})
set(GFPSCOPE_INSTALL_LLVMDIR lib/gfpscope/llvm-${_nn})

install(TARGETS gfpscope gfpscope-analyzer LIBRARY DESTINATION ${GFPSCOPE_INSTALL_LLVMDIR})
set(_tools clang-tidy)
install(TARGETS gfpscope-clang-tidy RUNTIME DESTINATION ${GFPSCOPE_INSTALL_LLVMDIR}/bin)
if(TARGET gfpscope-clangd)
  list(APPEND _tools clangd)
  install(TARGETS gfpscope-clangd RUNTIME DESTINATION ${GFPSCOPE_INSTALL_LLVMDIR}/bin)
endif()

# Relative symbolic links, made in the build tree and installed as they are.
set(_links ${CMAKE_BINARY_DIR}/install-links)
file(MAKE_DIRECTORY ${_links})
foreach(_tool ${_tools})
  file(CREATE_LINK ../${GFPSCOPE_INSTALL_LLVMDIR}/bin/${_tool}
       ${_links}/gfpscope-${_tool}-${_nn} SYMBOLIC)
  install(FILES ${_links}/gfpscope-${_tool}-${_nn} DESTINATION bin)
  if(GFPSCOPE_INSTALL_UNVERSIONED)
    file(CREATE_LINK gfpscope-${_tool}-${_nn} ${_links}/gfpscope-${_tool} SYMBOLIC)
    install(FILES ${_links}/gfpscope-${_tool} DESTINATION bin)
  endif()
endforeach()

if(GFPSCOPE_INSTALL_UNVERSIONED)
  # The scripts, all of them with their support modules (findingslib.py,
  # treelib.py, ...: they import each other from their own directory) and any
  # Python package directory under scripts/, so that a new module or a
  # package made of the helpers is installed without a change here.
  # Those with a #! line executable, the modules not (lintian:
  # executable-not-elf-or-script); the commands run them with python3 anyway.
  file(GLOB _py CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/scripts/*.py)
  foreach(_file ${_py})
    file(READ ${_file} _head LIMIT 2)
    if(_head STREQUAL "#!")
      install(PROGRAMS ${_file} DESTINATION share/gfpscope/scripts)
    else()
      install(FILES ${_file} DESTINATION share/gfpscope/scripts)
    endif()
  endforeach()
  file(GLOB _pkg_inits CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/scripts/*/__init__.py)
  foreach(_init ${_pkg_inits})
    get_filename_component(_pkg ${_init} DIRECTORY)
    install(DIRECTORY ${_pkg} DESTINATION share/gfpscope/scripts
            PATTERN __pycache__ EXCLUDE PATTERN "*.pyc" EXCLUDE)
  endforeach()
  # gfpscope-sarif takes a rule's description from its check page.
  install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs/checks DESTINATION share/gfpscope/docs)
  # The commands: small sh wrappers (cmake/script-command.sh.in).
  foreach(_script sarif baseline run-on-tree)
    set(GFPSCOPE_SCRIPT ${_script}.py)
    configure_file(${CMAKE_SOURCE_DIR}/cmake/script-command.sh.in
                   ${CMAKE_BINARY_DIR}/install-commands/gfpscope-${_script} @ONLY)
    install(PROGRAMS ${CMAKE_BINARY_DIR}/install-commands/gfpscope-${_script} DESTINATION bin)
  endforeach()
  install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION share/doc/gfpscope)
  install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs/ DESTINATION share/doc/gfpscope/docs)
endif()

# The Debian package: gfpscope-llvmNN.
set(GFPSCOPE_DEB_NAME gfpscope-llvm${_nn})
# The project has no mail address yet (its commits say gfpscope@localhost,
# which lintian rejects as bogus-mail-host): a reserved .invalid one until it
# does.
set(GFPSCOPE_DEB_MAINTAINER "gfpscope developers <gfpscope@gfpscope.invalid>" CACHE STRING
    "Maintainer of the Debian package")
# Debian's own files of the package: copyright and changelog (gzip -9n, as
# dpkg-deb's users and lintian expect), in /usr/share/doc/<package>/.
string(TIMESTAMP GFPSCOPE_DEB_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
string(TIMESTAMP GFPSCOPE_DEB_YEAR "%Y" UTC)
configure_file(${CMAKE_SOURCE_DIR}/cmake/debian/copyright.in
               ${CMAKE_BINARY_DIR}/debian/copyright @ONLY)
configure_file(${CMAKE_SOURCE_DIR}/cmake/debian/changelog.in
               ${CMAKE_BINARY_DIR}/debian/changelog.Debian @ONLY)
find_program(GFPSCOPE_GZIP gzip)
if(GFPSCOPE_GZIP)
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/debian/changelog.Debian.gz
    COMMAND ${GFPSCOPE_GZIP} -9nc changelog.Debian > changelog.Debian.gz
    DEPENDS ${CMAKE_BINARY_DIR}/debian/changelog.Debian
    WORKING_DIRECTORY ${CMAKE_BINARY_DIR}/debian VERBATIM)
  add_custom_target(gfpscope-deb-changelog ALL
                    DEPENDS ${CMAKE_BINARY_DIR}/debian/changelog.Debian.gz)
  install(FILES ${CMAKE_BINARY_DIR}/debian/changelog.Debian.gz
          DESTINATION share/doc/${GFPSCOPE_DEB_NAME})
endif()
install(FILES ${CMAKE_BINARY_DIR}/debian/copyright DESTINATION share/doc/${GFPSCOPE_DEB_NAME})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ${GFPSCOPE_DEB_NAME})
set(CPACK_PACKAGE_VERSION ${GFPSCOPE_PACKAGE_VERSION})
set(CPACK_PACKAGE_CONTACT "${GFPSCOPE_DEB_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# RelWithDebInfo binaries carry their debug info; the package does not.
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_NAME ${GFPSCOPE_DEB_NAME})
set(CPACK_DEBIAN_PACKAGE_VERSION ${GFPSCOPE_PACKAGE_VERSION})
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The libraries' packages come from the build: dpkg-shlibdeps on the
# binaries and plugins (libllvmNN, libclang-cppNN, libc6, libstdc++6, ...).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# What the binaries do not link but need: the stock clang-tidy-NN that loads
# the plugin (and that run-on-tree runs), and clang's resource headers
# (stddef.h, ...) that the built-in clang-tidy and clangd look up in
# /usr/include/clang/<version>, from libclang-common-NN-dev.
set(_depends "clang-tidy-${_nn}, libclang-common-${_nn}-dev")
if(GFPSCOPE_INSTALL_UNVERSIONED)
  string(APPEND _depends ", python3")
  set(CPACK_DEBIAN_PACKAGE_PROVIDES gfpscope)
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS ${_depends})
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "python3-yaml")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Linux-kernel GFP/memalloc scope checks for clang-tidy ${_nn} and clangd")
# The extended description; CPack puts the summary first and indents it.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "gfpscope finds Linux-kernel allocations whose reclaim context is wrong
(vmalloc-family calls with a NOFS/NOIO mask) and checks that the memalloc
scope API (memalloc_nofs_save()/restore() and friends) is balanced.

This package holds, for LLVM ${_nn}: the clang-tidy plugin for the stock
clang-tidy-${_nn}, the Clang Static Analyzer plugin, and clang-tidy and clangd
with the checks built in (gfpscope-clang-tidy-${_nn}, gfpscope-clangd-${_nn})")
if(GFPSCOPE_INSTALL_UNVERSIONED)
  string(APPEND CPACK_DEBIAN_PACKAGE_DESCRIPTION
         ",\nthe unsuffixed commands, the scripts gfpscope-sarif, gfpscope-baseline"
         "\nand gfpscope-run-on-tree, and the documentation.")
else()
  string(APPEND CPACK_DEBIAN_PACKAGE_DESCRIPTION ".")
endif()
include(CPack)
