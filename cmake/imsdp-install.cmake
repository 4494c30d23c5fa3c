# Install rules and the package configuration that makes find_package(imsdp) work.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# imsdp::imsdp is the static library; imsdp::imsdp_shared is libimsdp.so.0 (when built).
set(imsdp_targets imsdp)
if(TARGET imsdp_shared)
  list(APPEND imsdp_targets imsdp_shared)
endif()
install(TARGETS ${imsdp_targets} EXPORT imsdp-targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} NAMELINK_COMPONENT Development
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/imsdp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES include/imsdp.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# pkg-config (C users): -limsdp finds the shared library, or with --static the archive and
# what it needs (the C++ runtime, fmt, OpenSSL's libcrypto, zstd).
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(IMSDP_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  set(IMSDP_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(IMSDP_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(IMSDP_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(cmake/imsdp.pc.in ${PROJECT_BINARY_DIR}/imsdp.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/imsdp.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
install(DIRECTORY schemas/ DESTINATION ${CMAKE_INSTALL_DATADIR}/imsdp/schemas)
install(EXPORT imsdp-targets NAMESPACE imsdp:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/imsdp)

configure_package_config_file(cmake/imsdp-config.cmake.in
  ${PROJECT_BINARY_DIR}/imsdp-config.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/imsdp)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/imsdp-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/imsdp-config.cmake ${PROJECT_BINARY_DIR}/imsdp-config-version.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/imsdp)
