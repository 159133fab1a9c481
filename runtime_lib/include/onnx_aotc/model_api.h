/* SPDX-License-Identifier: Apache-2.0 */
/* Types shared by every generated model header. Valid C and C++. */
#ifndef ONNX_AOTC_MODEL_API_H
#define ONNX_AOTC_MODEL_API_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The most axes a tensor of a compiled model has. */
#define ONNX_AOTC_MAX_RANK 8

/** One element of a string tensor: `size` bytes starting at `data` (UTF-8 by convention; the bytes may
    include NUL). A model reads its input strings where the caller keeps them and never copies them;
    strings it outputs point into the caller's inputs, into constants of the model, or into the arena
    (those are NUL-terminated and stay valid until the arena is used again). 16 bytes on every target. */
typedef struct onnx_aotc_string {
  const char* data;
#if UINTPTR_MAX == 0xffffffffu
  uint32_t reserved_padding; /* 32-bit targets: keeps the layout the compiler plans for */
#endif
  int64_t size;
} onnx_aotc_string;

/** Initializer of an onnx_aotc_string (generated string tables use it): {data, size} on every target. */
#if UINTPTR_MAX == 0xffffffffu
#define ONNX_AOTC_STRING(data, size) {data, 0, size}
#else
#define ONNX_AOTC_STRING(data, size) {data, size}
#endif

/** Describes one input or output of a compiled model. */
typedef struct onnx_aotc_tensor_info {
  const char* name;        /**< the ONNX tensor name */
  int32_t onnx_type;       /**< TensorProto.DataType number (1 = float, 7 = int64, ...) */
  int32_t rank;
  int64_t shape[ONNX_AOTC_MAX_RANK];
  size_t elements;
  size_t bytes;            /**< sub-byte types take one byte per element */
  /** 1: the shape depends on input values (NonZero, Unique...); `shape`, `elements` and `bytes` are
      upper bounds, and the run call reports the actual dims. */
  int32_t data_dependent;
} onnx_aotc_tensor_info;

#ifdef __cplusplus
}
#endif

#endif /* ONNX_AOTC_MODEL_API_H */
