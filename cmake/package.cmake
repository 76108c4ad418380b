# `cmake --install` and CPack: the binary, its man pages and shell completions (written by the
# binary from its own command-line definition), a readable copy of the modules, policies and
# stdlib it embeds, and the licence notices of what is compiled into it. CPack makes a .deb
# (dependencies from dpkg-shlibdeps) and a .tar.gz, both of a stripped binary (docs/install.md).
# Tested by tests/package/package_test.sh.
include(GNUInstallDirs)

set(INFRAC_SHELL_FILES ${CMAKE_BINARY_DIR}/shell-files)
add_custom_command(
  OUTPUT ${INFRAC_SHELL_FILES}/man/man1/infrac.1.gz
  COMMAND ${CMAKE_COMMAND} -DINFRAC=$<TARGET_FILE:infrac> -DOUT=${INFRAC_SHELL_FILES}
          -P ${CMAKE_SOURCE_DIR}/cmake/shell_files.cmake
  DEPENDS infrac ${CMAKE_SOURCE_DIR}/cmake/shell_files.cmake
  COMMENT "Writing man pages and shell completions"
  VERBATIM)
add_custom_target(infrac_shell_files ALL DEPENDS ${INFRAC_SHELL_FILES}/man/man1/infrac.1.gz)

install(TARGETS infrac RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${INFRAC_SHELL_FILES}/man/ DESTINATION ${CMAKE_INSTALL_MANDIR})
install(DIRECTORY ${INFRAC_SHELL_FILES}/bash-completion ${INFRAC_SHELL_FILES}/zsh
                  ${INFRAC_SHELL_FILES}/fish
        DESTINATION ${CMAKE_INSTALL_DATADIR})
# The binary reads its embedded copy; this one is for people (module READMEs, pack rules).
install(DIRECTORY modules policies stdlib DESTINATION ${CMAKE_INSTALL_DATADIR}/infrac)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)

# Notices of the code compiled into the binary (the shared libraries it links carry their
# own in their Debian packages): the tree-sitter runtime and HCL grammar (npm), and the
# header-only nlohmann/json, CLI11 and dtl.
set(INFRAC_NOTICES ${CMAKE_BINARY_DIR}/notices)
file(MAKE_DIRECTORY ${INFRAC_NOTICES})
configure_file(${TS_PACKAGES}/node_modules/tree-sitter/LICENSE ${INFRAC_NOTICES}/tree-sitter COPYONLY)
configure_file(${TS_HCL}/../LICENSE ${INFRAC_NOTICES}/tree-sitter-hcl COPYONLY)
foreach(package nlohmann-json3-dev libcli11-dev libdtl-dev)
  if(EXISTS /usr/share/doc/${package}/copyright)
    configure_file(/usr/share/doc/${package}/copyright ${INFRAC_NOTICES}/${package} COPYONLY)
  else()
    message(WARNING "/usr/share/doc/${package}/copyright not found: the package lacks its notice")
  endif()
endforeach()
install(DIRECTORY ${INFRAC_NOTICES}/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/licenses)

set(CPACK_PACKAGE_NAME infrac)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "compile service specs into Terraform and Kubernetes, checked against policies")
set(INFRAC_PACKAGE_CONTACT "infrac maintainers <infrac@example.com>"
    CACHE STRING "the Maintainer of the .deb")
set(CPACK_PACKAGE_CONTACT ${INFRAC_PACKAGE_CONTACT})
set(CPACK_GENERATOR DEB TGZ)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_FILE_NAME infrac-${PROJECT_VERSION}-linux-${CMAKE_SYSTEM_PROCESSOR})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# git reads plan bases; terraform and kubectl are the user's own (docs/dependencies.md).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS git)
set(CPACK_THREADS 0)
include(CPack)
