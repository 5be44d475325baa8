/*
 * Test harness (host only, so it may use stdio and malloc): runs one command stream on the
 * simulator and prints its status and counters.
 *   npu-run CMD WEIGHTS SCRATCH_BYTES [in:FILE]... [out:BYTES:FILE]...
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anvil/npu.h"

static uint8_t *slurp(const char *path, uint32_t *size) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *p = malloc(n > 0 ? (size_t)n : 1u);
  if (p != NULL && n > 0 && fread(p, 1, (size_t)n, f) != (size_t)n) {
    free(p);
    p = NULL;
  }
  fclose(f);
  *size = (uint32_t)n;
  return p;
}

int main(int argc, char **argv) {
  if (argc < 4) return 2;
  uint32_t cmd_bytes = 0, weight_bytes = 0;
  uint8_t *cmd = slurp(argv[1], &cmd_bytes);
  uint8_t *weights = slurp(argv[2], &weight_bytes);
  const uint32_t scratch_bytes = (uint32_t)strtoul(argv[3], NULL, 10);
  if (cmd == NULL || weights == NULL) return 2;
  /* Exactly sized copies, so ASan sees any access past a region's end. */
  uint32_t *words = malloc(cmd_bytes + 4u);
  memcpy(words, cmd, cmd_bytes);
  anvil_npu_region_t regions[64];
  const char *out_paths[64];
  uint32_t n = 0;
  regions[n++] = (anvil_npu_region_t){weights, weight_bytes, 0};
  regions[n++] = (anvil_npu_region_t){scratch_bytes ? malloc(scratch_bytes) : NULL, scratch_bytes, 1};
  for (int i = 4; i < argc && n < 64; i++) {
    out_paths[n] = NULL;
    if (strncmp(argv[i], "in:", 3) == 0) {
      uint32_t size = 0;
      uint8_t *p = slurp(argv[i] + 3, &size);
      if (p == NULL) return 2;
      regions[n++] = (anvil_npu_region_t){p, size, 0};
    } else if (strncmp(argv[i], "out:", 4) == 0) {
      char *end = NULL;
      const uint32_t size = (uint32_t)strtoul(argv[i] + 4, &end, 10);
      out_paths[n] = end + 1;
      regions[n++] = (anvil_npu_region_t){calloc(size ? size : 1u, 1), size, 1};
    }
  }
  anvil_npu_counters_t c;
  memset(&c, 0, sizeof c);
  const anvil_status_t s = anvil_npu_invoke(words, cmd_bytes / 4u, regions, n, &c);
  printf("status %d cycles %llu macs %llu read %llu written %llu ops %u blocks %u\n", (int)s, (unsigned long long)c.cycles,
         (unsigned long long)c.macs, (unsigned long long)c.bytes_read, (unsigned long long)c.bytes_written, c.ops, c.blocks);
  for (uint32_t k = 0; k < n; k++) {
    if (k < 2 || out_paths[k] == NULL) continue;
    FILE *f = fopen(out_paths[k], "wb");
    if (f == NULL) return 2;
    fwrite(regions[k].base, 1, regions[k].size, f);
    fclose(f);
  }
  for (uint32_t k = 1; k < n; k++) free(regions[k].base);
  free(words);
  free(cmd);
  free(weights);
  return 0;
}
