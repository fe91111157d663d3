/* gen_input: deterministic, compressible input for tests/perf/real/run.sh.
 *
 *   gen_input BYTES SEED > FILE
 *
 * Writes exactly BYTES bytes of text-like data to stdout: lines of "words" drawn with a
 * skewed (roughly Zipf-like) distribution from a vocabulary of 8192 pseudo-words, with
 * numbers mixed in and, now and then, a copy of an earlier line (long-distance matches).
 * The same BYTES and SEED always give the same bytes (a xorshift64* generator, no libc
 * randomness), and general-purpose compressors shrink it to roughly a third, so the
 * compressors being measured do realistic work: neither incompressible noise nor runs of
 * one byte.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint64_t next(void) {
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 0x2545F4914F6CDD1DULL;
}

/* Uniform in [0, n). */
static uint32_t below(uint32_t n) { return (uint32_t)((next() >> 32) * (uint64_t)n >> 32); }

enum { kWords = 8192, kMaxWord = 12, kHistory = 512, kMaxLine = 200 };

static char vocab[kWords][kMaxWord + 1];
static char history[kHistory][kMaxLine + 2];

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: gen_input BYTES SEED > FILE\n");
    return 2;
  }
  char *end;
  unsigned long long total = strtoull(argv[1], &end, 10);
  if (*end || total == 0) {
    fprintf(stderr, "gen_input: bad size '%s'\n", argv[1]);
    return 2;
  }
  state = strtoull(argv[2], &end, 10) * 0x9E3779B97F4A7C15ULL + 0x1234567;
  if (*end) {
    fprintf(stderr, "gen_input: bad seed '%s'\n", argv[2]);
    return 2;
  }
  if (!state) state = 1;

  static const char letters[] = "etaoinshrdlcumwfgypbvkjxqz";
  for (int w = 0; w < kWords; ++w) {
    int len = 2 + (int)below(kMaxWord - 1);
    for (int i = 0; i < len; ++i) {
      /* Skewed towards the frequent letters, like text. */
      uint32_t a = below(26), b = below(26);
      vocab[w][i] = letters[a < b ? a : b];
    }
    vocab[w][len] = 0;
  }

  static char out[1 << 16];
  size_t used = 0;
  unsigned long long written = 0;
  uint64_t lines = 0;
  char line[kMaxLine + 2];
  while (written < total) {
    size_t n = 0;
    if (lines >= kHistory && below(8) == 0) {
      /* Repeat an earlier line: a match far behind. */
      const char *h = history[below(kHistory)];
      n = strlen(h);
      memcpy(line, h, n);
    } else {
      int words = 4 + (int)below(12);
      for (int k = 0; k < words; ++k) {
        char word[32];
        int wl;
        if (below(10) == 0) {
          wl = snprintf(word, sizeof word, "%" PRIu32, below(100000));
        } else {
          /* The product of two uniforms: small indices are much more frequent. */
          uint32_t idx = (uint32_t)(((uint64_t)below(kWords) * below(kWords)) / kWords);
          wl = snprintf(word, sizeof word, "%s", vocab[idx]);
        }
        if (n + (size_t)wl + 1 > kMaxLine) break;
        if (k) line[n++] = ' ';
        memcpy(line + n, word, (size_t)wl);
        n += (size_t)wl;
      }
      line[n++] = '.';
    }
    line[n] = 0;
    memcpy(history[lines % kHistory], line, n + 1);
    ++lines;
    line[n++] = '\n';
    for (size_t i = 0; i < n && written < total; ++i, ++written) {
      out[used++] = line[i];
      if (used == sizeof out) {
        if (fwrite(out, 1, used, stdout) != used) return 1;
        used = 0;
      }
    }
  }
  if (used && fwrite(out, 1, used, stdout) != used) return 1;
  return fflush(stdout) == 0 ? 0 : 1;
}
