/*
 * QEMU TCG plugin (API version 1, the one QEMU 7.2 accepts) counting executed guest
 * instructions exactly and logging the count whenever the guest calls a mark.
 *
 * Debian ships no qemu-plugin.h, so the few entry points used are declared here; the QEMU
 * binary exports them. Every instruction gets an inline 64-bit add at translation time, which
 * stays exact across exceptions and semihosting traps. API v1 cannot read guest registers, so
 * marks are addresses: the firmware's "sled" of ANVIL marks is `n` return instructions,
 * `stride` bytes apart (2 for Thumb's `bx lr`, 4 for RISC-V's uncompressed `ret`), from `sled`;
 * executing entry k appends "MARK k count" to the file `out`.
 *
 * Arguments: sled=<hex address>,n=<entries>,out=<path>[,stride=<bytes>] (stride 2 by default).
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
struct qemu_info_t;

/* Values of QEMU's enums as of API v1: QEMU_PLUGIN_INLINE_ADD_U64, QEMU_PLUGIN_CB_NO_REGS. */
#define ANVIL_QEMU_INLINE_ADD_U64 0
#define ANVIL_QEMU_CB_NO_REGS 0

typedef void (*anvil_tb_trans_cb)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*anvil_vcpu_udata_cb)(unsigned int vcpu_index, void *userdata);
typedef void (*anvil_udata_cb)(qemu_plugin_id_t id, void *userdata);

extern void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, anvil_tb_trans_cb cb);
extern size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
extern struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
extern uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
extern void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn, int op, void *ptr, uint64_t imm);
extern void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn, anvil_vcpu_udata_cb cb, int flags, void *userdata);
extern void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, anvil_udata_cb cb, void *userdata);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

static uint64_t executed;
static uint64_t sled_start;
static uint64_t sled_entries;
static uint64_t sled_stride = 2;
static FILE *out;

static void on_mark(unsigned int vcpu_index, void *userdata) {
  (void)vcpu_index;
  /* Flushed per line: QEMU may leave through exit() from a semihosting call at any point. */
  fprintf(out, "MARK %u %" PRIu64 "\n", (unsigned)(uintptr_t)userdata, executed);
  fflush(out);
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
  size_t n = qemu_plugin_tb_n_insns(tb);
  size_t i;
  (void)id;
  for (i = 0; i < n; ++i) {
    struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
    uint64_t pc = qemu_plugin_insn_vaddr(insn);
    qemu_plugin_register_vcpu_insn_exec_inline(insn, ANVIL_QEMU_INLINE_ADD_U64, &executed, 1);
    if (pc >= sled_start && pc < sled_start + sled_stride * sled_entries && (pc - sled_start) % sled_stride == 0) {
      qemu_plugin_register_vcpu_insn_exec_cb(insn, on_mark, ANVIL_QEMU_CB_NO_REGS, (void *)(uintptr_t)((pc - sled_start) / sled_stride));
    }
  }
}

static void on_exit_cb(qemu_plugin_id_t id, void *userdata) {
  (void)id;
  (void)userdata;
  fprintf(out, "TOTAL %" PRIu64 "\n", executed);
  fflush(out);
}

__attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id, const struct qemu_info_t *info, int argc, char **argv) {
  const char *path = NULL;
  int i;
  (void)info;
  for (i = 0; i < argc; ++i) {
    if (strncmp(argv[i], "sled=", 5) == 0) sled_start = strtoull(argv[i] + 5, NULL, 0);
    else if (strncmp(argv[i], "n=", 2) == 0) sled_entries = strtoull(argv[i] + 2, NULL, 0);
    else if (strncmp(argv[i], "stride=", 7) == 0) sled_stride = strtoull(argv[i] + 7, NULL, 0);
    else if (strncmp(argv[i], "out=", 4) == 0) path = argv[i] + 4;
  }
  if (path == NULL || sled_start == 0 || sled_entries == 0 || sled_stride == 0) {
    fprintf(stderr, "anvil_insn_count: needs sled=ADDR,n=N,out=PATH[,stride=BYTES]\n");
    return -1;
  }
  out = fopen(path, "w");
  if (out == NULL) return -1;
  qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
  qemu_plugin_register_atexit_cb(id, on_exit_cb, NULL);
  return 0;
}
