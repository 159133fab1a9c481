# SPDX-License-Identifier: Apache-2.0
# lit configuration: tests are *.test files; %onnx-aotc, %FileCheck, %data, %runtime, %python substitutions.
import os
import sys

import lit.formats

config.name = "onnx-aotc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".test", ".onnxtxt"]
# Inputs/ holds models that tests read, not tests.
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.substitutions.append(("%onnx-aotc", config.onnx_aotc))
config.substitutions.append(("%FileCheck", config.filecheck))
config.substitutions.append(("%data", config.test_data))
config.substitutions.append(("%samples", os.path.join(config.repo_root, "samples")))
config.substitutions.append(("%runtime", config.runtime_include))
# The Python running lit (the test venv's), for checks that parse output, e.g. JSON.
config.substitutions.append(("%python", sys.executable))
config.environment["PATH"] = os.environ.get("PATH", "")
