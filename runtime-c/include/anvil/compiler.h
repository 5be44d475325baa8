/* Portable spellings of the few compiler features generated code uses. */
#ifndef ANVIL_COMPILER_H
#define ANVIL_COMPILER_H

#if defined(__GNUC__) || defined(__clang__)
#define ANVIL_ALIGNED(n) __attribute__((aligned(n)))
#define ANVIL_WEAK __attribute__((weak))
#define ANVIL_INLINE static inline __attribute__((always_inline))
#else
#define ANVIL_ALIGNED(n)
#define ANVIL_WEAK
#define ANVIL_INLINE static inline
#endif

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L
#define ANVIL_RESTRICT restrict
#else
#define ANVIL_RESTRICT
#endif

#endif
