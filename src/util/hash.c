/*
 * hash.c - 128-bit content hash for document identity.
 *
 * Two independent 64-bit lanes over 8-byte words with multiply-xorshift mixing (the
 * finalizer of MurmurHash3 / SplitMix64). Not cryptographic: it tells re-ingested
 * documents apart from changed ones, where a 2^-128-ish collision rate is ample.
 */
#include <string.h>

#include "util.h"

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

void hash128(const void *data, size_t len, uint64_t out[2])
{
    const unsigned char *p = data;
    uint64_t a = 0x9e3779b97f4a7c15ULL ^ len, b = 0xbf58476d1ce4e5b9ULL + len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        a = mix(a ^ w) + 0x94d049bb133111ebULL;
        b = (b ^ mix(w + 0x2545f4914f6cdd1dULL)) * 0x9e3779b97f4a7c15ULL;
        b ^= b >> 29;
    }
    uint64_t tail = 0;
    memcpy(&tail, p + i, len - i);
    a = mix(a ^ tail ^ 0x1);
    b = mix(b ^ mix(tail + 0x7));
    out[0] = mix(a ^ b);
    out[1] = mix(b + a * 3);
}

void hash128_hex(const void *data, size_t len, char out[33])
{
    static const char hex[] = "0123456789abcdef";
    uint64_t h[2];
    hash128(data, len, h);
    for (int w = 0; w < 2; w++)
        for (int i = 0; i < 16; i++)
            out[w * 16 + i] = hex[(h[w] >> (60 - 4 * i)) & 15];
    out[32] = '\0';
}
