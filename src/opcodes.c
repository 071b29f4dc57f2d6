/* opcodes.c — the opcode tables generated from opcodes.h's lists. */
#include "opcodes.h"

const struct wrr_opcode_info wrr_opcode_infos[WRR_OP_COUNT] = {
#define WRR_X_BASE(name, text, code, imm, sig, access)                         \
	[WRR_OP_##name] = {text, 0, code, imm, sig, access},
#define WRR_X_FC(name, text, code, imm, sig, access)                           \
	[WRR_OP_##name] = {text, 0xFC, code, imm, sig, access},
#define WRR_X_FD(name, text, code, imm, sig, access)                           \
	[WRR_OP_##name] = {text, 0xFD, code, imm, sig, access},
	WRR_OPCODES_BASE(WRR_X_BASE) WRR_OPCODES_FC(WRR_X_FC)
	WRR_OPCODES_FD(WRR_X_FD) WRR_OPCODES_FD_RELAXED(WRR_X_FD)
#undef WRR_X_BASE
#undef WRR_X_FC
#undef WRR_X_FD
};

/* Byte → dense opcode + 1 (0 means no such opcode). */
static const uint16_t from_byte[256] = {
#define WRR_X_BYTE(name, text, code, imm, sig, access)                         \
	[code] = WRR_OP_##name + 1,
	WRR_OPCODES_BASE(WRR_X_BYTE)
#undef WRR_X_BYTE
};

static const uint16_t from_fc[32] = {
#define WRR_X_FCMAP(name, text, code, imm, sig, access)                        \
	[code] = WRR_OP_##name + 1,
	WRR_OPCODES_FC(WRR_X_FCMAP)
#undef WRR_X_FCMAP
};

static const uint16_t from_fd[0x114] = {
#define WRR_X_FDMAP(name, text, code, imm, sig, access)                        \
	[code] = WRR_OP_##name + 1,
	WRR_OPCODES_FD(WRR_X_FDMAP) WRR_OPCODES_FD_RELAXED(WRR_X_FDMAP)
#undef WRR_X_FDMAP
};

int wrr_opcode_from_byte(uint8_t byte)
{
	return (int)from_byte[byte] - 1;
}

int wrr_opcode_from_fc(uint32_t sub)
{
	if (sub >= sizeof from_fc / sizeof from_fc[0])
		return -1;
	return (int)from_fc[sub] - 1;
}

int wrr_opcode_from_fd(uint32_t sub)
{
	if (sub >= sizeof from_fd / sizeof from_fd[0])
		return -1;
	return (int)from_fd[sub] - 1;
}
