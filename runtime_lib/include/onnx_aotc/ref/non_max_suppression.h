// SPDX-License-Identifier: Apache-2.0
// NonMaxSuppression: per batch and class, greedily keeps the highest-scoring boxes (ties: lower index
// first) whose IoU with every box kept before is at most the threshold, up to max_output_boxes_per_class.
// Output rows are [batch, class, box]; it is sized for every box being kept and the kernel reports the
// row count in dims. Work space: `scratch` holds num_boxes int64 values.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>

#include <onnx_aotc/ref/common.h>

namespace onnx_aotc::ref {

struct NonMaxSuppressionParams {
  int64_t batches, classes, boxes;
  int64_t center_point_box;
};

namespace detail {
struct Extent {
  float x_min, x_max, y_min, y_max;
};

template <typename T>
inline Extent box_extent(const T* b, bool center) {
  const float v0 = convert<float>(b[0]), v1 = convert<float>(b[1]), v2 = convert<float>(b[2]), v3 = convert<float>(b[3]);
  if (center) return {v0 - v2 / 2, v0 + v2 / 2, v1 - v3 / 2, v1 + v3 / 2};
  return {std::min(v1, v3), std::max(v1, v3), std::min(v0, v2), std::max(v0, v2)};
}

inline bool suppresses(const Extent& a, const Extent& b, float iou_threshold) {
  const float ix_min = std::max(a.x_min, b.x_min), ix_max = std::min(a.x_max, b.x_max);
  const float iy_min = std::max(a.y_min, b.y_min), iy_max = std::min(a.y_max, b.y_max);
  if (ix_max <= ix_min || iy_max <= iy_min) return false;
  const float inter = (ix_max - ix_min) * (iy_max - iy_min);
  const float area_a = (a.x_max - a.x_min) * (a.y_max - a.y_min);
  const float area_b = (b.x_max - b.x_min) * (b.y_max - b.y_min);
  const float uni = area_a + area_b - inter;
  if (inter <= 0 || area_a <= 0 || area_b <= 0 || uni <= 0) return false;
  return inter / uni > iou_threshold;
}
}  // namespace detail

template <typename T>
inline void non_max_suppression(const NonMaxSuppressionParams& p, const T* boxes, const T* scores,
                                const int64_t* max_output_boxes_per_class, const float* iou_threshold,
                                const float* score_threshold, int64_t* selected, int64_t* selected_dims,
                                unsigned char* scratch) {
  const int64_t limit = max_output_boxes_per_class ? std::max<int64_t>(*max_output_boxes_per_class, 0) : 0;
  const float iou = iou_threshold ? *iou_threshold : 0.0f;
  auto* candidates = reinterpret_cast<int64_t*>(scratch);
  int64_t rows = 0;
  for (int64_t b = 0; b < p.batches; ++b) {
    const T* batch_boxes = boxes + b * p.boxes * 4;
    for (int64_t c = 0; c < p.classes; ++c) {
      const T* s = scores + (b * p.classes + c) * p.boxes;
      int64_t n = 0;
      for (int64_t i = 0; i < p.boxes; ++i)
        if (!score_threshold || convert<float>(s[i]) > *score_threshold) candidates[n++] = i;
      auto key = [&](int64_t i) {  // NaN scores rank last, which keeps the order strict
        const float v = convert<float>(s[i]);
        return v != v ? -std::numeric_limits<float>::infinity() : v;
      };
      std::sort(candidates, candidates + n, [&](int64_t i, int64_t j) {
        const float si = key(i), sj = key(j);
        return si > sj || (si == sj && i < j);
      });
      const int64_t first_row = rows;
      for (int64_t k = 0; k < n && rows - first_row < limit; ++k) {
        const detail::Extent e = detail::box_extent(batch_boxes + candidates[k] * 4, p.center_point_box != 0);
        bool keep = true;
        for (int64_t r = first_row; r < rows && keep; ++r)
          keep = !detail::suppresses(e, detail::box_extent(batch_boxes + selected[r * 3 + 2] * 4, p.center_point_box != 0), iou);
        if (!keep) continue;
        selected[rows * 3 + 0] = b;
        selected[rows * 3 + 1] = c;
        selected[rows * 3 + 2] = candidates[k];
        ++rows;
      }
    }
  }
  selected_dims[0] = rows;
  selected_dims[1] = 3;
}

}  // namespace onnx_aotc::ref
