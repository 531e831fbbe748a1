# gfpscope's version and commit, for the binaries' --version (Version.h) and
# the Debian package (GfpscopeInstall.cmake).
#
#   GFPSCOPE_COMMIT            short hash of HEAD ("unknown" outside git;
#                              -DGFPSCOPE_COMMIT=... for a build from a tarball)
#   GFPSCOPE_COMMIT_COUNT      commits up to HEAD (0 outside git)
#   GFPSCOPE_PACKAGE_VERSION   0.2.0+git<count>.<commit>, or 0.2.0 outside git:
#                              the count makes later commits of a branch sort
#                              later for dpkg, the hash says which one it is
#
# Computed at configure time; a new commit re-runs the configuration (the
# HEAD and branch files are configure dependencies), so a rebuild never
# reports a stale commit. Uncommitted changes are not flagged: the value
# would go stale on every edit without a commit to re-trigger it.
set(GFPSCOPE_COMMIT "" CACHE STRING "Commit to report; empty: from git (unknown outside git)")
set(_commit "${GFPSCOPE_COMMIT}")
set(_count 0)
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=12 HEAD
                  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} RESULT_VARIABLE _rc
                  OUTPUT_VARIABLE _head OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(_rc EQUAL 0)
    if(NOT _commit)
      set(_commit "${_head}")
    endif()
    execute_process(COMMAND ${GIT_EXECUTABLE} rev-list --count HEAD
                    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                    OUTPUT_VARIABLE _count OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    # HEAD, and the branch it names (loose or packed), as configure
    # dependencies: git-path resolves both in a worktree.
    execute_process(COMMAND ${GIT_EXECUTABLE} symbolic-ref -q HEAD
                    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                    OUTPUT_VARIABLE _branch OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    foreach(_ref HEAD ${_branch} packed-refs)
      execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --git-path ${_ref}
                      WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                      OUTPUT_VARIABLE _path OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
      get_filename_component(_path "${_path}" ABSOLUTE BASE_DIR ${CMAKE_SOURCE_DIR})
      if(EXISTS "${_path}")
        set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_path}")
      endif()
    endforeach()
  endif()
endif()
if(NOT _commit)
  set(_commit unknown)
endif()
if(NOT _count MATCHES "^[0-9]+$")
  set(_count 0)
endif()
set(GFPSCOPE_COMMIT_ID "${_commit}")
set(GFPSCOPE_COMMIT_COUNT "${_count}")
if(_commit STREQUAL "unknown")
  set(GFPSCOPE_PACKAGE_VERSION "${PROJECT_VERSION}")
else()
  set(GFPSCOPE_PACKAGE_VERSION "${PROJECT_VERSION}+git${_count}.${_commit}")
endif()
message(STATUS "gfpscope: version ${PROJECT_VERSION}, commit ${GFPSCOPE_COMMIT_ID} "
               "(package version ${GFPSCOPE_PACKAGE_VERSION})")
set(GFPSCOPE_VERSION_INCLUDE_DIR ${CMAKE_BINARY_DIR}/include)
configure_file(${CMAKE_SOURCE_DIR}/cmake/Version.h.in
               ${CMAKE_BINARY_DIR}/include/gfpscope/Version.h @ONLY)
