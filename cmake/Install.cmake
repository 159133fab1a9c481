# SPDX-License-Identifier: Apache-2.0
# Installs the compiler, the runtime headers, the templates and the CMake package (find_package(onnx_aotc)).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
install(TARGETS onnx-aotc RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS onnx_aotc_runtime EXPORT onnx_aotc_targets)
install(DIRECTORY runtime_lib/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY providers/cpu/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT onnx_aotc_targets NAMESPACE onnx_aotc:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/onnx_aotc)
install(FILES cmake/OnnxAotc.cmake DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/onnx_aotc)
configure_package_config_file(cmake/onnx_aotcConfig.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/onnx_aotcConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/onnx_aotc)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/onnx_aotcConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/onnx_aotcConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/onnx_aotcConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/onnx_aotc)
