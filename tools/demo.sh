#!/usr/bin/env bash
# The main job on the shipped demo model: inspect it, then run the bit-exact reference
# interpreter on a reference-style input (seed 1) and show the output.
set -euo pipefail
cd "$(dirname "$0")/.."
model=examples/kws_ref_model.tflite
work=out/demo
mkdir -p "$work"
anvil() { node packages/cli/bin/anvil.js "$@"; }

anvil inspect "$model"
echo
node tools/xorshift-input.mjs 490 1 "$work/input_0.bin"
anvil interp "$model" --input "$work/input_0.bin" --output "$work/output" --force
echo "output bytes (int8):" $(od -An -v -t d1 "$work/output_0.bin")
