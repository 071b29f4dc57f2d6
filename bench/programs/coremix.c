/*
 * coremix — an integer-heavy mix in the spirit of CoreMark (written for this
 * project): linked-list processing, small matrix arithmetic, a byte-driven
 * state machine and a bitwise CRC that folds every result together.
 *
 * Scale: iterations of the whole mix.
 * Output: "coremix: iterations=N crc=0xXXXX" plus one line per kernel.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bench_util.h"

/* CRC-16/CCITT, bit by bit on purpose: shifts, xors and branches. */
static uint16_t crc16_byte(uint16_t crc, uint8_t b)
{
	crc ^= (uint16_t)b << 8;
	for (int i = 0; i < 8; i++)
		crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021)
				     : (uint16_t)(crc << 1);
	return crc;
}

static uint16_t crc16_u32(uint16_t crc, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		crc = crc16_byte(crc, (uint8_t)(v >> (8 * i)));
	return crc;
}

/* ---- linked lists: nodes in an array, linked by index (-1 ends) ---- */

#define LIST_LEN 400

struct node {
	int32_t key;
	int32_t val;
	int32_t next;
};

static int32_t list_build(struct node *n, uint32_t seed)
{
	uint32_t s = seed | 1;

	for (int32_t i = 0; i < LIST_LEN; i++) {
		n[i].key = (int32_t)(bench_rand32(&s) % 1000);
		n[i].val = i;
		n[i].next = i + 1 < LIST_LEN ? i + 1 : -1;
	}
	return 0;
}

static int32_t list_reverse(struct node *n, int32_t head)
{
	int32_t prev = -1;

	while (head >= 0) {
		int32_t next = n[head].next;

		n[head].next = prev;
		prev = head;
		head = next;
	}
	return prev;
}

static uint32_t list_count_key(const struct node *n, int32_t head, int32_t key)
{
	uint32_t count = 0;

	for (; head >= 0; head = n[head].next)
		count += n[head].key == key;
	return count;
}

/* Merges two key-sorted lists (stable: a before b on equal keys). */
static int32_t list_merge(struct node *n, int32_t a, int32_t b)
{
	int32_t head = -1, *tail = &head;

	while (a >= 0 && b >= 0) {
		if (n[b].key < n[a].key) {
			*tail = b;
			tail = &n[b].next;
			b = n[b].next;
		} else {
			*tail = a;
			tail = &n[a].next;
			a = n[a].next;
		}
	}
	*tail = a >= 0 ? a : b;
	return head;
}

/* Top-down merge sort: split by slow/fast pointers, sort halves, merge. */
static int32_t list_sort(struct node *n, int32_t head)
{
	int32_t slow, fast, second;

	if (head < 0 || n[head].next < 0)
		return head;
	slow = head;
	fast = n[head].next;
	while (fast >= 0 && n[fast].next >= 0) {
		slow = n[slow].next;
		fast = n[n[fast].next].next;
	}
	second = n[slow].next;
	n[slow].next = -1;
	return list_merge(n, list_sort(n, head), list_sort(n, second));
}

static uint16_t bench_list(struct node *n, uint32_t iter, uint16_t crc)
{
	int32_t head = list_build(n, iter * 2654435761u + 7);
	uint32_t found = 0, pos = 0;

	for (int32_t k = 0; k < 40; k++)
		found += list_count_key(n, head, k * 25);
	head = list_reverse(n, head);
	head = list_sort(n, head);
	for (int32_t i = head; i >= 0; i = n[i].next, pos++)
		if ((pos & 15) == 0)
			crc = crc16_u32(crc, (uint32_t)(n[i].key << 16 | n[i].val));
	return crc16_u32(crc, found);
}

/* ---- matrices: int16 inputs, int32 products ---- */

#define MAT_N 20

static uint16_t bench_matrix(int16_t a[MAT_N][MAT_N], int16_t b[MAT_N][MAT_N],
			     int32_t c[MAT_N][MAT_N], uint32_t iter,
			     uint16_t crc)
{
	int32_t sum = 0;
	uint32_t bits = 0;

	for (int i = 0; i < MAT_N; i++)
		for (int j = 0; j < MAT_N; j++) {
			a[i][j] = (int16_t)(a[i][j] + (int16_t)(iter & 7) - 3);
			b[i][j] = (int16_t)((b[i][j] ^ (int16_t)i) + 1);
		}
	for (int i = 0; i < MAT_N; i++)
		for (int j = 0; j < MAT_N; j++) {
			int32_t acc = 0;

			for (int k = 0; k < MAT_N; k++)
				acc += (int32_t)a[i][k] * b[k][j];
			c[i][j] = acc;
		}
	for (int i = 0; i < MAT_N; i++)
		for (int j = 0; j < MAT_N; j++) {
			int32_t v = c[i][j] * (int32_t)(iter % 13 + 1);

			sum += v > 100000 ? 1 : v < -100000 ? -1 : 0;
			bits += ((uint32_t)v >> (j & 7)) & 0x1f;
		}
	crc = crc16_u32(crc, (uint32_t)sum);
	return crc16_u32(crc, bits);
}

/* ---- state machine: classify comma-separated tokens ---- */

enum state { S_START, S_INT, S_SIGN, S_FRAC, S_EXP, S_EXP_SIGN, S_SCI,
	     S_INVALID, S_COUNT };

#define TEXT_LEN 1500

static const char *const tokens[] = {
	"1234", "-87", "+3.25", "0.5e10", "6E-4", "x17", "--1", "42.", ".5",
	"9e", "1e+7", "abc", "7", "-0.001", "3.1.4", "88e2"
};

static void text_build(char *text)
{
	uint32_t s = 12345;
	size_t pos = 0;

	while (pos + 8 < TEXT_LEN) {
		const char *t = tokens[bench_rand32(&s) % 16];
		size_t len = strlen(t);

		memcpy(text + pos, t, len);
		pos += len;
		text[pos++] = ',';
	}
	memset(text + pos, ',', TEXT_LEN - pos);
}

static enum state step(enum state s, char c)
{
	int digit = c >= '0' && c <= '9';

	switch (s) {
	case S_START:
		if (digit)
			return S_INT;
		if (c == '+' || c == '-')
			return S_SIGN;
		if (c == '.')
			return S_FRAC;
		return S_INVALID;
	case S_SIGN:
		if (digit)
			return S_INT;
		return c == '.' ? S_FRAC : S_INVALID;
	case S_INT:
		if (digit)
			return S_INT;
		if (c == '.')
			return S_FRAC;
		return c == 'e' || c == 'E' ? S_EXP : S_INVALID;
	case S_FRAC:
		if (digit)
			return S_FRAC;
		return c == 'e' || c == 'E' ? S_EXP : S_INVALID;
	case S_EXP:
		if (digit)
			return S_SCI;
		return c == '+' || c == '-' ? S_EXP_SIGN : S_INVALID;
	case S_EXP_SIGN:
	case S_SCI:
		return digit ? S_SCI : S_INVALID;
	default:
		return S_INVALID;
	}
}

static uint16_t bench_state(char *text, uint32_t iter, uint16_t crc)
{
	uint32_t counts[S_COUNT] = { 0 };
	uint32_t s = iter * 747796405u + 1;
	enum state st = S_START;

	/* Corrupt a few bytes so each iteration scans different input. */
	for (int i = 0; i < 4; i++) {
		uint32_t r = bench_rand32(&s);
		char *p = &text[r % TEXT_LEN];

		if (*p != ',')
			*p = "0123456789.e+-x"[(r >> 16) % 15];
	}
	for (size_t i = 0; i < TEXT_LEN; i++) {
		if (text[i] == ',') {
			counts[st]++;
			st = S_START;
		} else {
			st = step(st, text[i]);
		}
	}
	for (int i = 0; i < S_COUNT; i++)
		crc = crc16_u32(crc, counts[i]);
	return crc;
}

int main(int argc, char **argv)
{
	uint32_t iterations = bench_scale(argc, argv, 3000);
	static struct node nodes[LIST_LEN];
	static int16_t a[MAT_N][MAT_N], b[MAT_N][MAT_N];
	static int32_t c[MAT_N][MAT_N];
	static char text[TEXT_LEN];
	uint16_t crc_list = 0, crc_mat = 0, crc_state = 0, crc = 0;
	uint32_t s = 99;

	for (int i = 0; i < MAT_N; i++)
		for (int j = 0; j < MAT_N; j++) {
			a[i][j] = (int16_t)(bench_rand32(&s) % 200) - 100;
			b[i][j] = (int16_t)(bench_rand32(&s) % 200) - 100;
		}
	text_build(text);
	for (uint32_t it = 0; it < iterations; it++) {
		crc_list = bench_list(nodes, it, crc_list);
		crc_mat = bench_matrix(a, b, c, it, crc_mat);
		crc_state = bench_state(text, it, crc_state);
	}
	crc = crc16_u32(crc16_u32(crc16_u32(0, crc_list), crc_mat), crc_state);
	printf("coremix: list crc=0x%04x\n", crc_list);
	printf("coremix: matrix crc=0x%04x\n", crc_mat);
	printf("coremix: state crc=0x%04x\n", crc_state);
	printf("coremix: iterations=%u crc=0x%04x\n", iterations, crc);
	return 0;
}
