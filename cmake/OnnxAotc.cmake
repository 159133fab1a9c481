# SPDX-License-Identifier: Apache-2.0
# onnx_aotc_add_model(<target> MODEL <file.onnx> NAME <identifier>
#                     [DIMS SYMBOL=VALUE ...] [INPUT_SHAPES NAME=1x3x224x224 ...]
#                     [PROVIDER ref|cpu] [WEIGHTS embed|incbin] [OUTPUT_DIR <dir>])
#
# Compiles the model at build time (re-run when the model or the compiler changes) and adds the
# generated sources and the runtime headers to <target>. Include the generated "<NAME>.h".
# Works from add_subdirectory(onnx-aotc) (compiler target) and from find_package(onnx_aotc) (installed).
function(onnx_aotc_add_model target)
  cmake_parse_arguments(ARG "" "MODEL;NAME;PROVIDER;WEIGHTS;OUTPUT_DIR" "DIMS;INPUT_SHAPES" ${ARGN})
  if(NOT ARG_MODEL OR NOT ARG_NAME)
    message(FATAL_ERROR "onnx_aotc_add_model(${target}): MODEL and NAME are required")
  endif()
  if(NOT ARG_PROVIDER)
    set(ARG_PROVIDER ref)
  endif()
  if(NOT ARG_WEIGHTS)
    set(ARG_WEIGHTS incbin)
  endif()
  if(NOT ARG_WEIGHTS MATCHES "^(embed|incbin)$")
    message(FATAL_ERROR "onnx_aotc_add_model(${target}): WEIGHTS must be embed or incbin")
  endif()
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR ${CMAKE_CURRENT_BINARY_DIR}/onnx_aotc_${ARG_NAME})
  endif()
  get_filename_component(model_path ${ARG_MODEL} ABSOLUTE)

  if(TARGET onnx-aotc)
    set(compiler $<TARGET_FILE:onnx-aotc>)
    set(compiler_dep onnx-aotc)
  elseif(ONNX_AOTC_COMPILER)
    set(compiler ${ONNX_AOTC_COMPILER})
    set(compiler_dep ${ONNX_AOTC_COMPILER})
  else()
    message(FATAL_ERROR "onnx_aotc_add_model: the onnx-aotc compiler was not found")
  endif()

  set(args compile ${model_path} -o ${ARG_OUTPUT_DIR} --name ${ARG_NAME} --provider ${ARG_PROVIDER} --weights ${ARG_WEIGHTS})
  foreach(dim IN LISTS ARG_DIMS)
    list(APPEND args --dim ${dim})
  endforeach()
  foreach(shape IN LISTS ARG_INPUT_SHAPES)
    list(APPEND args --input-shape ${shape})
  endforeach()

  set(outputs ${ARG_OUTPUT_DIR}/${ARG_NAME}.h ${ARG_OUTPUT_DIR}/${ARG_NAME}.cpp)
  if(ARG_WEIGHTS STREQUAL "embed")
    list(APPEND outputs ${ARG_OUTPUT_DIR}/${ARG_NAME}_weights.cpp)
    set(sources ${ARG_OUTPUT_DIR}/${ARG_NAME}.cpp ${ARG_OUTPUT_DIR}/${ARG_NAME}_weights.cpp)
  else()
    list(APPEND outputs ${ARG_OUTPUT_DIR}/${ARG_NAME}_weights.S ${ARG_OUTPUT_DIR}/${ARG_NAME}_weights.bin)
    set(sources ${ARG_OUTPUT_DIR}/${ARG_NAME}.cpp ${ARG_OUTPUT_DIR}/${ARG_NAME}_weights.S)
    enable_language(ASM)
    set_source_files_properties(${ARG_OUTPUT_DIR}/${ARG_NAME}_weights.S PROPERTIES
      COMPILE_OPTIONS "-Wa,-I${ARG_OUTPUT_DIR}"
      OBJECT_DEPENDS ${ARG_OUTPUT_DIR}/${ARG_NAME}_weights.bin)
  endif()

  add_custom_command(
    OUTPUT ${outputs}
    COMMAND ${compiler} ${args}
    DEPENDS ${model_path} ${compiler_dep}
    COMMENT "onnx-aotc: compiling ${ARG_MODEL} as ${ARG_NAME}"
    VERBATIM)
  target_sources(${target} PRIVATE ${sources})
  target_include_directories(${target} PRIVATE ${ARG_OUTPUT_DIR})
  if(TARGET onnx_aotc::runtime)
    target_link_libraries(${target} PRIVATE onnx_aotc::runtime)
  endif()
endfunction()
