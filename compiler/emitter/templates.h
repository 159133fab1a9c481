// SPDX-License-Identifier: Apache-2.0
// Text of the files in codegen_templates/, embedded at build time.
#pragma once

namespace aotc::templates {
extern const char* const kModelHeader;   // model.h.in
extern const char* const kModelSource;   // model.cpp.in
extern const char* const kWeightsEmbed;  // weights_embed.cpp.in
extern const char* const kWeightsIncbin; // weights_incbin.S.in
extern const char* const kRunMain;       // run_main.cpp.in
}  // namespace aotc::templates
