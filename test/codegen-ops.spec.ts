import { PORTABLE_STRATEGIES } from '@anvil/codegen-c';
import { describeStrategyConformance } from '@anvil/testing';
import { hostTarget } from '@anvil/target-host';

// The portable C kernels (the fallback of every target) pass the kit a vendor's strategy
// runs: every op on the edge shapes (strides, dilations, SAME/VALID, per-channel and
// per-tensor, activations, float quantize/dequantize, chains), host C under ASan/UBSan,
// byte-identical to the interpreter on four seeds.
describeStrategyConformance({ target: hostTarget, strategies: PORTABLE_STRATEGIES });
