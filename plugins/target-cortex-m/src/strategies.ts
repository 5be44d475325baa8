export const CORTEX_M_STRATEGIES = [];
