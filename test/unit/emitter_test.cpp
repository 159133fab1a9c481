// SPDX-License-Identifier: Apache-2.0
// Emitter helpers that stand between untrusted model names and generated C++.
#include <gtest/gtest.h>

#include "emitter/emitter.h"

namespace aotc {
namespace {

TEST(Identifiers, SanitizesAndDeduplicates) {
  IdentifierSet taken;
  EXPECT_EQ(make_identifier("input.1", taken), "input_1");
  EXPECT_EQ(make_identifier("input:1", taken), "input_1_2");
  EXPECT_EQ(make_identifier("class", taken), "class_");
  EXPECT_EQ(make_identifier("0.weight", taken), "t_0_weight");
  EXPECT_EQ(make_identifier("__x", taken), "t_x");
  EXPECT_EQ(make_identifier("", taken), "t_");
  EXPECT_EQ(make_identifier("a\nb*/c", taken), "a_b_c");
  EXPECT_EQ(make_identifier("arena", taken), "arena_");
}

TEST(Escaping, StringLiteralsAndComments) {
  EXPECT_EQ(escape_string_literal("a\"b\\c"), "a\\\"b\\\\c");
  EXPECT_EQ(escape_string_literal(std::string("x\0y\n", 4)), "x\\000y\\012");
  EXPECT_EQ(escape_string_literal("??="), "\\077\\077=");  // no trigraphs
  EXPECT_EQ(comment_safe("line\nbreak\\"), "line?break?");
}

}  // namespace
}  // namespace aotc
