# Install rules and the package configuration that makes find_package(imsdp) work.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS imsdp EXPORT imsdp-targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/imsdp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY schemas/ DESTINATION ${CMAKE_INSTALL_DATADIR}/imsdp/schemas)
install(EXPORT imsdp-targets NAMESPACE imsdp:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/imsdp)

configure_package_config_file(cmake/imsdp-config.cmake.in
  ${PROJECT_BINARY_DIR}/imsdp-config.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/imsdp)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/imsdp-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/imsdp-config.cmake ${PROJECT_BINARY_DIR}/imsdp-config-version.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/imsdp)
