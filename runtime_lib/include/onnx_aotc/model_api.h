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
