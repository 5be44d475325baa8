#!/usr/bin/env bash
# The main job on the shipped demo model: compile it to C for this machine, build and run it
# on a reference-style input, and check the output against the bit-exact reference interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."
model=examples/kws_ref_model.tflite
work=out/demo
mkdir -p "$work"
anvil() { node packages/cli/bin/anvil.js "$@"; }

# The generated C is built with the machine's gcc: install it (apt-get) when missing.
bash tools/setup-toolchains.sh host
# The CLI runs compiled JavaScript: build it (incremental, seconds when nothing changed).
npm run build --silent
node tools/xorshift-input.mjs 490 1 "$work/input_0.bin"
echo "== anvil compile $model --target host -o $work/kws"
anvil compile "$model" --target host -o "$work/kws"
echo
echo "== anvil run (generated C, built with gcc) and anvil interp (reference) on the same input"
anvil run "$model" --target host --input "$work/input_0.bin" --output "$work/c_output" --iterations 20 --force | tail -n 2
anvil interp "$model" --input "$work/input_0.bin" --output "$work/interp_output" --force >/dev/null
echo "output (int8):" $(od -An -v -t d1 "$work/c_output_0.bin")
if cmp -s "$work/c_output_0.bin" "$work/interp_output_0.bin"; then
  echo "outputs match the reference interpreter: yes (byte-identical)"
else
  echo "outputs match the reference interpreter: NO" >&2
  exit 1
fi
