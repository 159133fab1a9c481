// SPDX-License-Identifier: Apache-2.0
// If, Loop and Scan: the semantics of the enclosing op around its subgraph bodies.
//
// A body is a callable `body()` that generated code defines over fixed arena buffers: the kernel writes
// the body's inputs into `body_in`, calls it, and reads its results from `body_out`. Loop-carried and
// scan state goes through `scratch` between iterations, because a body may return its inputs in another
// order (a result can be the very buffer of a different input).
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>

namespace onnx_aotc::ref {

struct IfParams {
  int64_t num_outputs;
};

/// Runs the branch `*cond` selects and copies its results (bytes[i] each) to `outputs`.
template <typename Then, typename Else>
inline void if_then_else(const IfParams& p, const bool* cond, void* const* outputs, const void* const* then_results,
                         const void* const* else_results, const int64_t* bytes, Then then_branch, Else else_branch) {
  const bool take_then = *cond;
  if (take_then) then_branch();
  else else_branch();
  const void* const* results = take_then ? then_results : else_results;
  for (int64_t i = 0; i < p.num_outputs; ++i) std::memmove(outputs[i], results[i], static_cast<size_t>(bytes[i]));
}

/// An If whose condition the compiler knows: runs the taken branch and copies its results.
template <typename Branch>
inline void run_branch(const IfParams& p, void* const* outputs, const void* const* results, const int64_t* bytes,
                       Branch branch) {
  branch();
  for (int64_t i = 0; i < p.num_outputs; ++i) std::memmove(outputs[i], results[i], static_cast<size_t>(bytes[i]));
}

namespace detail {
/// Copies `count` values (bytes[i] each) from `from` to `to` through `scratch`, so that sources may alias
/// destinations in any order.
inline void copy_through(void* const* to, const void* const* from, const int64_t* bytes, int64_t count,
                         unsigned char* scratch) {
  size_t offset = 0;
  for (int64_t i = 0; i < count; ++i) {
    std::memcpy(scratch + offset, from[i], static_cast<size_t>(bytes[i]));
    offset += static_cast<size_t>(bytes[i]);
  }
  offset = 0;
  for (int64_t i = 0; i < count; ++i) {
    std::memcpy(to[i], scratch + offset, static_cast<size_t>(bytes[i]));
    offset += static_cast<size_t>(bytes[i]);
  }
}
}  // namespace detail

struct LoopParams {
  int64_t num_carried;
  int64_t num_scan_outputs;
};

/// ONNX Loop. body_in = {iteration number (int64), condition (bool), carried...}; body_out = {condition,
/// carried..., scan slices...}. A null `max_trip_count` or `initial_cond` means "absent". Scan output j
/// receives iteration i's slice (scan_bytes[j]) at byte offset i * scan_bytes[j]; the compiler sized it
/// for the iterations that run. `scratch` holds the carried values (sum of carried_bytes).
template <typename Body>
inline void loop(const LoopParams& p, const int64_t* max_trip_count, const bool* initial_cond,
                 const void* const* initial, void* const* final_values, void* const* scan_outputs, void* const* body_in,
                 const void* const* body_out, const int64_t* carried_bytes, const int64_t* scan_bytes,
                 unsigned char* scratch, Body body) {
  const int64_t trips = max_trip_count ? *max_trip_count : std::numeric_limits<int64_t>::max();
  bool cond = initial_cond ? *initial_cond : true;
  detail::copy_through(body_in + 2, initial, carried_bytes, p.num_carried, scratch);
  for (int64_t it = 0; it < trips && cond; ++it) {
    *static_cast<int64_t*>(body_in[0]) = it;
    *static_cast<bool*>(body_in[1]) = cond;
    body();
    cond = *static_cast<const bool*>(body_out[0]);
    for (int64_t j = 0; j < p.num_scan_outputs; ++j) {
      const size_t bytes = static_cast<size_t>(scan_bytes[j]);
      if (scan_outputs[j]) std::memcpy(static_cast<unsigned char*>(scan_outputs[j]) + static_cast<size_t>(it) * bytes,
                                       body_out[1 + p.num_carried + j], bytes);
    }
    detail::copy_through(body_in + 2, body_out + 1, carried_bytes, p.num_carried, scratch);
  }
  for (int64_t i = 0; i < p.num_carried; ++i)
    if (final_values[i]) std::memcpy(final_values[i], body_in[2 + i], static_cast<size_t>(carried_bytes[i]));
}

struct ScanParams {
  int64_t batch;  ///< opset 8 scans each of `batch` leading slices independently; 1 from opset 9
  int64_t sequence_length;
  int64_t num_state;
  int64_t num_scan_inputs;
  int64_t num_scan_outputs;
};

/// ONNX Scan. body_in = {state..., scan input slices...}; body_out = {state..., scan output slices...}.
/// Each scan input/output is described by 4 numbers in `layouts` (inputs first): outer (product of the
/// dimensions before the scan axis), inner bytes (one slice's contiguous run after it), reverse (0/1) and
/// batch stride in bytes. Iteration t reads/writes, for every outer index o, the run at
/// ((o * sequence_length) + t') * inner bytes, t' = reverse ? sequence_length - 1 - t : t.
/// `state_bytes` is one batch element's size of each state; `scratch` holds the state (sum of state_bytes).
template <typename Body>
inline void scan(const ScanParams& p, const void* const* initial_state, const void* const* scan_inputs,
                 void* const* final_state, void* const* scan_outputs, void* const* body_in, const void* const* body_out,
                 const int64_t* state_bytes, const int64_t* layouts, unsigned char* scratch, Body body) {
  const int64_t* in_layouts = layouts;
  const int64_t* out_layouts = layouts + 4 * p.num_scan_inputs;
  for (int64_t b = 0; b < p.batch; ++b) {
    for (int64_t i = 0; i < p.num_state; ++i)
      std::memcpy(body_in[i], static_cast<const unsigned char*>(initial_state[i]) + b * state_bytes[i],
                  static_cast<size_t>(state_bytes[i]));
    for (int64_t t = 0; t < p.sequence_length; ++t) {
      for (int64_t j = 0; j < p.num_scan_inputs; ++j) {
        const int64_t* l = in_layouts + 4 * j;
        const int64_t step = l[2] ? p.sequence_length - 1 - t : t;
        const auto* base = static_cast<const unsigned char*>(scan_inputs[j]) + b * l[3];
        auto* slice = static_cast<unsigned char*>(body_in[p.num_state + j]);
        for (int64_t o = 0; o < l[0]; ++o)
          std::memcpy(slice + o * l[1], base + (o * p.sequence_length + step) * l[1], static_cast<size_t>(l[1]));
      }
      body();
      for (int64_t j = 0; j < p.num_scan_outputs; ++j) {
        const int64_t* l = out_layouts + 4 * j;
        if (!scan_outputs[j]) continue;
        const int64_t step = l[2] ? p.sequence_length - 1 - t : t;
        auto* base = static_cast<unsigned char*>(scan_outputs[j]) + b * l[3];
        const auto* slice = static_cast<const unsigned char*>(body_out[p.num_state + j]);
        for (int64_t o = 0; o < l[0]; ++o)
          std::memcpy(base + (o * p.sequence_length + step) * l[1], slice + o * l[1], static_cast<size_t>(l[1]));
      }
      detail::copy_through(body_in, body_out, state_bytes, p.num_state, scratch);
    }
    for (int64_t i = 0; i < p.num_state; ++i)
      if (final_state[i])
        std::memcpy(static_cast<unsigned char*>(final_state[i]) + b * state_bytes[i], body_in[i],
                    static_cast<size_t>(state_bytes[i]));
  }
}

}  // namespace onnx_aotc::ref
