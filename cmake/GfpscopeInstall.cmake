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

# A short manual page per command (share/man/man1, gzip -9n), pointing to the
# user guide; the options are the tools' own (--help).
find_program(GFPSCOPE_GZIP gzip)
function(gfpscope_man name summary synopsis description)
  set(MAN_NAME ${name})
  string(TOUPPER ${name} MAN_TITLE)
  string(REPLACE "-" "\\-" MAN_TITLE "${MAN_TITLE}")
  set(MAN_SUMMARY "${summary}")
  set(MAN_SYNOPSIS "${synopsis}")
  set(MAN_DESCRIPTION "${description}")
  set(_page ${CMAKE_BINARY_DIR}/man/${name}.1)
  configure_file(${CMAKE_SOURCE_DIR}/cmake/man.1.in ${_page} @ONLY)
  if(GFPSCOPE_GZIP)
    add_custom_command(OUTPUT ${_page}.gz COMMAND ${GFPSCOPE_GZIP} -9nc ${name}.1 > ${name}.1.gz
                       DEPENDS ${_page} WORKING_DIRECTORY ${CMAKE_BINARY_DIR}/man VERBATIM)
    add_custom_target(gfpscope-man-${name} ALL DEPENDS ${_page}.gz)
    install(FILES ${_page}.gz DESTINATION share/man/man1)
  endif()
endfunction()
set(_tidy_desc "clang\\-tidy ${LLVM_PACKAGE_VERSION} with every upstream module and the gfpscope
checks built in, for tools that cannot load a plugin. Its options are clang\\-tidy's
(\\fB\\-\\-help\\fR); \\fB\\-\\-version\\fR names the gfpscope version and commit.
The same binary is \\fIlib/gfpscope/llvm\\-${_nn}/bin/clang\\-tidy\\fR of the installation
(\\fI/usr/lib/...\\fR for the package): put that directory first in PATH for the
kernel's \\fBmake LLVM=1 clang\\-tidy\\fR. The plugin for the stock clang\\-tidy\\-${_nn} is
\\fIlib/gfpscope/llvm\\-${_nn}/gfpscope.so\\fR.")
set(_clangd_desc "clangd ${LLVM_PACKAGE_VERSION} with every upstream clang\\-tidy module and the
gfpscope checks built in, for editors (clangd cannot load plugins). The
linuxkernel\\-* checks run with no configuration. Its options are clangd's
(\\fB\\-\\-help\\fR); it has no gRPC remote index.")
foreach(_suffix -${_nn} "")
  if(_suffix STREQUAL "" AND NOT GFPSCOPE_INSTALL_UNVERSIONED)
    continue()
  endif()
  gfpscope_man(gfpscope-clang-tidy${_suffix} "clang-tidy with the gfpscope checks built in"
               "[\\fIclang\\-tidy options\\fR] \\fIfile\\fR... [\\fB\\-\\-\\fR \\fIcompiler flags\\fR]"
               "${_tidy_desc}")
  if(TARGET gfpscope-clangd)
    gfpscope_man(gfpscope-clangd${_suffix} "clangd with the gfpscope checks built in"
                 "[\\fIclangd options\\fR]" "${_clangd_desc}")
  endif()
endforeach()
if(GFPSCOPE_INSTALL_UNVERSIONED)
  gfpscope_man(gfpscope-sarif "turn a clang-tidy run into SARIF 2.1.0"
               "[\\fILOG\\fR...] [\\fB\\-\\-export\\-fixes\\fR \\fIFIXES.yaml\\fR] [\\fB\\-\\-root\\fR \\fIDIR\\fR] [\\fB\\-o\\fR \\fIOUT.sarif\\fR]"
               "Reads clang\\-tidy's output (or \\fBgfpscope\\-run\\-on\\-tree\\fR's findings.json, or
an exported fixes YAML) and writes SARIF 2.1.0 with rules, locations, notes, fixes and
fingerprints. \\fB\\-\\-help\\fR lists the options.")
  gfpscope_man(gfpscope-baseline "keep new gfpscope findings out of a code base"
               "\\fBrecord\\fR|\\fBcheck\\fR \\fB\\-b\\fR \\fIBASELINE.json\\fR [\\fB\\-\\-root\\fR \\fIDIR\\fR] \\fILOG\\fR..."
               "\\fBrecord\\fR writes the findings of a run to a baseline file; \\fBcheck\\fR exits 1
if a run has findings that are not in the baseline (matched by file, function,
check and message, not by line). \\fB\\-\\-help\\fR lists the options.")
  gfpscope_man(gfpscope-run-on-tree "run the gfpscope checks on a kernel tree"
               "\\fB\\-\\-tree\\fR \\fIDIR\\fR [\\fB\\-j\\fR \\fIN\\fR] [\\fB\\-\\-files\\fR \\fIFILE\\fR...] [\\fB\\-\\-out\\fR \\fIDIR\\fR]"
               "Runs the installed plugin in the stock clang\\-tidy\\-${_nn} on every unit of the
tree's compile_commands.json that uses the allocation or scope APIs, and writes
findings.json and findings.md (default: \\fIresults/<tree>\\fR in the current
directory). A clang error, a crash or a timeout is reported as such.
\\fB\\-\\-help\\fR lists the options.")
endif()

if(GFPSCOPE_INSTALL_UNVERSIONED)
  # The scripts, all of them with their support modules (the gfpscope_tools
  # package beside them: they import it from their own directory) and any
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
    get_filename_component(_pkg_name ${_pkg} NAME)
    if(_pkg_name STREQUAL "tests")
      continue() # the scripts' own unit tests (test/scripts/unittests.test)
    endif()
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
# dpkg-deb's users and lintian expect), in /usr/share/doc/<package>/. They
# are the "debian" component, left out of a plain cmake --install and added
# to the package by CPACK_INSTALL_CMAKE_PROJECTS below.
string(TIMESTAMP GFPSCOPE_DEB_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
string(TIMESTAMP GFPSCOPE_DEB_YEAR "%Y" UTC)
configure_file(${CMAKE_SOURCE_DIR}/cmake/debian/copyright.in
               ${CMAKE_BINARY_DIR}/debian/copyright @ONLY)
configure_file(${CMAKE_SOURCE_DIR}/cmake/debian/changelog.in
               ${CMAKE_BINARY_DIR}/debian/changelog.Debian @ONLY)
if(GFPSCOPE_GZIP)
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/debian/changelog.Debian.gz
    COMMAND ${GFPSCOPE_GZIP} -9nc changelog.Debian > changelog.Debian.gz
    DEPENDS ${CMAKE_BINARY_DIR}/debian/changelog.Debian
    WORKING_DIRECTORY ${CMAKE_BINARY_DIR}/debian VERBATIM)
  add_custom_target(gfpscope-deb-changelog ALL
                    DEPENDS ${CMAKE_BINARY_DIR}/debian/changelog.Debian.gz)
  install(FILES ${CMAKE_BINARY_DIR}/debian/changelog.Debian.gz
          DESTINATION share/doc/${GFPSCOPE_DEB_NAME} COMPONENT debian EXCLUDE_FROM_ALL)
endif()
install(FILES ${CMAKE_BINARY_DIR}/debian/copyright DESTINATION share/doc/${GFPSCOPE_DEB_NAME}
        COMPONENT debian EXCLUDE_FROM_ALL)
# A package built here closes no Debian bug; lintian's
# initial-upload-closes-no-bugs is about uploads to Debian.
file(WRITE ${CMAKE_BINARY_DIR}/debian/lintian-overrides
     "${GFPSCOPE_DEB_NAME}: initial-upload-closes-no-bugs\n")
install(FILES ${CMAKE_BINARY_DIR}/debian/lintian-overrides
        DESTINATION share/lintian/overrides RENAME ${GFPSCOPE_DEB_NAME}
        COMPONENT debian EXCLUDE_FROM_ALL)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ${GFPSCOPE_DEB_NAME})
set(CPACK_PACKAGE_VERSION ${GFPSCOPE_PACKAGE_VERSION})
set(CPACK_PACKAGE_CONTACT "${GFPSCOPE_DEB_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_CMAKE_PROJECTS
    "${CMAKE_BINARY_DIR};gfpscope;ALL;/;${CMAKE_BINARY_DIR};gfpscope;debian;/")
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
