// SPDX-License-Identifier: Apache-2.0
#include "support/diagnostics.h"

namespace aotc {

void Diagnostics::throw_if_any() const {
  if (ok()) return;
  std::string message;
  for (const auto& e : errors) message += "error: " + e + "\n";
  for (const auto& u : unsupported) message += "unsupported: " + u + "\n";
  message += fmt::format("{} error(s), {} unsupported construct(s)", errors.size(), unsupported.size());
  throw CompileError(message);
}

}  // namespace aotc
