// Tests of rl::JsonWriter (runtime/json_writer.h). Its output is checked with nlohmann/json's
// strict parser (which rejects invalid UTF-8 and unescaped control characters).
#include "json_writer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <climits>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "text_buffer.h"

namespace rl_test {
namespace {

using nlohmann::json;
using rl::JsonWriter;
using rl::TextBuffer;

const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

std::string Str(const TextBuffer &b) { return std::string(b.data(), b.size()); }

std::string Escaped(const std::string &s) {
  TextBuffer b;
  JsonWriter::EscapeString(&b, s.c_str());
  return Str(b);
}

// Parses `text` with nlohmann/json; fails the test (and returns null) when it is rejected.
json ParseOrFail(const std::string &text) {
  try {
    return json::parse(text);
  } catch (const json::exception &e) {
    ADD_FAILURE() << "nlohmann rejected " << testing::PrintToString(text) << ": " << e.what();
    return json();
  }
}

// Decodes the JSON string literal the writer produced for `s`.
std::string RoundTrip(const std::string &s) {
  json j = ParseOrFail(Escaped(s));
  if (!j.is_string()) {
    ADD_FAILURE() << "not a string: " << testing::PrintToString(Escaped(s));
    return std::string();
  }
  return j.get<std::string>();
}

// Length of the well-formed UTF-8 sequence at s[i] per the Unicode standard, table 3-7
// ("Well-Formed UTF-8 Byte Sequences"), or 0. Written independently of the runtime's
// decoder, from the byte ranges rather than from code point arithmetic.
size_t WellFormedLength(const std::string &s, size_t i) {
  auto at = [&](size_t k) -> unsigned { return k < s.size() ? (unsigned char)s[k] : 0x100; };
  auto in = [](unsigned b, unsigned lo, unsigned hi) { return b >= lo && b <= hi; };
  unsigned b0 = at(i), b1 = at(i + 1), b2 = at(i + 2), b3 = at(i + 3);
  if (b0 <= 0x7f) return 1;
  if (in(b0, 0xc2, 0xdf)) return in(b1, 0x80, 0xbf) ? 2 : 0;
  if (b0 == 0xe0) return in(b1, 0xa0, 0xbf) && in(b2, 0x80, 0xbf) ? 3 : 0;
  if (in(b0, 0xe1, 0xec) || in(b0, 0xee, 0xef))
    return in(b1, 0x80, 0xbf) && in(b2, 0x80, 0xbf) ? 3 : 0;
  if (b0 == 0xed) return in(b1, 0x80, 0x9f) && in(b2, 0x80, 0xbf) ? 3 : 0;
  if (b0 == 0xf0) return in(b1, 0x90, 0xbf) && in(b2, 0x80, 0xbf) && in(b3, 0x80, 0xbf) ? 4 : 0;
  if (in(b0, 0xf1, 0xf3))
    return in(b1, 0x80, 0xbf) && in(b2, 0x80, 0xbf) && in(b3, 0x80, 0xbf) ? 4 : 0;
  if (b0 == 0xf4) return in(b1, 0x80, 0x8f) && in(b2, 0x80, 0xbf) && in(b3, 0x80, 0xbf) ? 4 : 0;
  return 0;
}

bool IsValidUtf8(const std::string &s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = WellFormedLength(s, i);
    if (!n) return false;
    i += n;
  }
  return true;
}

// What the decoded JSON string must be: well-formed sequences kept, every byte that does not
// start one replaced by U+FFFD (one replacement per offending byte, resynchronizing at the
// next byte, which is what the writer does).
std::string ExpectedDecoded(const std::string &s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t n = WellFormedLength(s, i);
    if (n) {
      out.append(s, i, n);
      i += n;
    } else {
      out += kReplacement;
      ++i;
    }
  }
  return out;
}

// --- Documents ---------------------------------------------------------------------------

TEST(JsonWriter, EmptyContainers) {
  for (int kind = 0; kind < 2; ++kind) {
    TextBuffer b;
    JsonWriter w(&b);
    if (kind == 0) {
      w.BeginObject();
      w.EndObject();
      EXPECT_EQ(Str(b), "{}");
    } else {
      w.BeginArray();
      w.EndArray();
      EXPECT_EQ(Str(b), "[]");
    }
  }
}

TEST(JsonWriter, EveryValueKindExactText) {
  TextBuffer b;
  JsonWriter w(&b);
  w.BeginObject();
  w.Key("s");
  w.String("text");
  w.Key("null_string");
  w.String(nullptr);
  w.Key("i");
  w.Int(-42);
  w.Key("u");
  w.UInt(42);
  w.Key("t");
  w.Bool(true);
  w.Key("f");
  w.Bool(false);
  w.Key("n");
  w.Null();
  w.Key("h");
  w.Hex(0xdeadbeef);
  w.EndObject();
  EXPECT_EQ(Str(b),
            "{\"s\":\"text\",\"null_string\":null,\"i\":-42,\"u\":42,\"t\":true,\"f\":false,"
            "\"n\":null,\"h\":\"0xdeadbeef\"}");
  json j = ParseOrFail(Str(b));
  EXPECT_EQ(j, json::parse(R"({"s":"text","null_string":null,"i":-42,"u":42,"t":true,
                              "f":false,"n":null,"h":"0xdeadbeef"})"));
}

TEST(JsonWriter, IntegerExtremes) {
  TextBuffer b;
  JsonWriter w(&b);
  w.BeginArray();
  w.Int(LLONG_MIN);
  w.Int(LLONG_MAX);
  w.Int(0);
  w.UInt(0);
  w.UInt(ULLONG_MAX);
  w.Hex(0);
  w.Hex(UINTPTR_MAX);
  w.EndArray();
  EXPECT_EQ(Str(b),
            "[-9223372036854775808,9223372036854775807,0,0,18446744073709551615,\"0x0\","
            "\"0xffffffffffffffff\"]");
  json j = ParseOrFail(Str(b));
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 7u);
  EXPECT_EQ(j[0].get<long long>(), LLONG_MIN);
  EXPECT_EQ(j[1].get<long long>(), LLONG_MAX);
  EXPECT_EQ(j[4].get<unsigned long long>(), ULLONG_MAX);
  EXPECT_EQ(j[6].get<std::string>(), "0xffffffffffffffff");
}

TEST(JsonWriter, NestedArraysAndObjects) {
  TextBuffer b;
  JsonWriter w(&b);
  w.BeginObject();
  w.Key("events");
  w.BeginArray();
  for (int i = 0; i < 3; ++i) {
    w.BeginObject();
    w.Key("id");
    w.Int(i);
    w.Key("frames");
    w.BeginArray();
    for (int k = 0; k < i; ++k) {
      w.BeginArray();
      w.UInt(k);
      w.String("f");
      w.EndArray();
    }
    w.EndArray();
    w.Key("empty");
    w.BeginObject();
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.Key("deep");
  w.BeginArray();
  w.BeginArray();
  w.BeginArray();
  w.EndArray();
  w.BeginObject();
  w.Key("x");
  w.BeginArray();
  w.Null();
  w.EndArray();
  w.EndObject();
  w.EndArray();
  w.Bool(false);
  w.EndArray();
  w.Key("last");
  w.String("end");
  w.EndObject();
  EXPECT_EQ(Str(b),
            "{\"events\":[{\"id\":0,\"frames\":[],\"empty\":{}},"
            "{\"id\":1,\"frames\":[[0,\"f\"]],\"empty\":{}},"
            "{\"id\":2,\"frames\":[[0,\"f\"],[1,\"f\"]],\"empty\":{}}],"
            "\"deep\":[[[],{\"x\":[null]}],false],\"last\":\"end\"}");
  EXPECT_EQ(ParseOrFail(Str(b)), json::parse(R"({
      "events": [{"id": 0, "frames": [], "empty": {}},
                 {"id": 1, "frames": [[0, "f"]], "empty": {}},
                 {"id": 2, "frames": [[0, "f"], [1, "f"]], "empty": {}}],
      "deep": [[[], {"x": [null]}], false],
      "last": "end"})"));
}

TEST(JsonWriter, KeysAreEscaped) {
  TextBuffer b;
  JsonWriter w(&b);
  w.BeginObject();
  w.Key("a\"b\\c\n\x01\x7f\xff");
  w.Int(1);
  w.EndObject();
  json j = ParseOrFail(Str(b));
  ASSERT_TRUE(j.is_object());
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j.begin().key(), "a\"b\\c\n\x01\x7f" + kReplacement);
}

// Builds a random document as nlohmann json, writes it with JsonWriter, and checks that it
// parses back to the same value.
json RandomValue(std::mt19937 &rng, int depth);

std::string RandomKeyOrString(std::mt19937 &rng) {
  static const char *const kPieces[] = {"a", "key", "\"", "\\", "\n", "\t", "\x01", "\x1f",
                                        "\x7f", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
                                        " ", "/", "{", "]", ",", ":"};
  std::string s;
  int n = rng() % 6;
  for (int i = 0; i < n; ++i) s += kPieces[rng() % (sizeof(kPieces) / sizeof(kPieces[0]))];
  return s;
}

json RandomValue(std::mt19937 &rng, int depth) {
  int kind = rng() % (depth > 4 ? 6 : 8);
  switch (kind) {
    case 0: return json(nullptr);
    case 1: return json(bool(rng() & 1));
    case 2: return json(static_cast<long long>(rng()) - (1ll << 31) * (rng() & 1 ? 4096 : 1));
    case 3: return json(static_cast<unsigned long long>(rng()) << (rng() % 32));
    case 4:
    case 5: return json(RandomKeyOrString(rng));
    case 6: {
      json a = json::array();
      int n = rng() % 5;
      for (int i = 0; i < n; ++i) a.push_back(RandomValue(rng, depth + 1));
      return a;
    }
    default: {
      json o = json::object();
      int n = rng() % 5;
      for (int i = 0; i < n; ++i) o[RandomKeyOrString(rng)] = RandomValue(rng, depth + 1);
      return o;
    }
  }
}

void Write(const json &v, JsonWriter *w) {
  switch (v.type()) {
    case json::value_t::null: w->Null(); break;
    case json::value_t::boolean: w->Bool(v.get<bool>()); break;
    case json::value_t::number_integer: w->Int(v.get<long long>()); break;
    case json::value_t::number_unsigned: w->UInt(v.get<unsigned long long>()); break;
    case json::value_t::string: w->String(v.get<std::string>().c_str()); break;
    case json::value_t::array:
      w->BeginArray();
      for (const json &e : v) Write(e, w);
      w->EndArray();
      break;
    case json::value_t::object:
      w->BeginObject();
      for (auto it = v.begin(); it != v.end(); ++it) {
        w->Key(it.key().c_str());
        Write(it.value(), w);
      }
      w->EndObject();
      break;
    default: FAIL() << "unexpected type";
  }
}

TEST(JsonWriter, RandomDocumentsRoundTrip) {
  std::mt19937 rng(2024);
  for (int i = 0; i < 2000; ++i) {
    json expected = RandomValue(rng, 0);
    TextBuffer b;
    JsonWriter w(&b);
    Write(expected, &w);
    json got = ParseOrFail(Str(b));
    ASSERT_EQ(got, expected) << "document " << i << ": " << Str(b);
  }
}

// --- String escaping ---------------------------------------------------------------------

TEST(JsonWriterEscape, PlainAsciiIsKept) {
  EXPECT_EQ(Escaped(""), "\"\"");
  EXPECT_EQ(Escaped("hello"), "\"hello\"");
  // '/' need not be escaped and is not; every printable character except " and \ is kept.
  std::string printable;
  for (int c = 0x20; c < 0x7f; ++c)
    if (c != '"' && c != '\\') printable += char(c);
  EXPECT_EQ(Escaped(printable), "\"" + printable + "\"");
  EXPECT_EQ(RoundTrip(printable), printable);
}

TEST(JsonWriterEscape, QuotesAndBackslashes) {
  EXPECT_EQ(Escaped("\""), "\"\\\"\"");
  EXPECT_EQ(Escaped("\\"), "\"\\\\\"");
  EXPECT_EQ(Escaped("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(Escaped("\\\"\\\""), "\"\\\\\\\"\\\\\\\"\"");
  EXPECT_EQ(Escaped("\\u0041"), "\"\\\\u0041\"");  // not an escape in the input
  for (const char *s : {"\"", "\\", "\"\"\"", "\\\\\\", "x\\\"y", "\\u0041", "end\\"})
    EXPECT_EQ(RoundTrip(s), s);
}

TEST(JsonWriterEscape, EveryControlCharacter) {
  for (int c = 0x01; c < 0x20; ++c) {
    SCOPED_TRACE(testing::Message() << "char 0x" << std::hex << c);
    const std::string in(1, char(c));
    std::string expected;
    switch (c) {
      case '\b': expected = "\\b"; break;
      case '\f': expected = "\\f"; break;
      case '\n': expected = "\\n"; break;
      case '\r': expected = "\\r"; break;
      case '\t': expected = "\\t"; break;
      default: {
        char buf[8];
        snprintf(buf, sizeof(buf), "\\u%04x", c);
        expected = buf;
      }
    }
    EXPECT_EQ(Escaped(in), "\"" + expected + "\"");
    EXPECT_EQ(RoundTrip(in), in);
    // Surrounded by other text.
    EXPECT_EQ(RoundTrip("a" + in + "b" + in), "a" + in + "b" + in);
  }
  // All of them in one string.
  std::string all;
  for (int c = 0x01; c < 0x20; ++c) all += char(c);
  EXPECT_EQ(RoundTrip(all), all);
  EXPECT_EQ(Escaped(all).find_first_of(all), std::string::npos) << "raw control character";
}

TEST(JsonWriterEscape, Del) {
  EXPECT_EQ(Escaped("\x7f"), "\"\\u007f\"");
  EXPECT_EQ(RoundTrip("a\x7f" "b"), "a\x7f" "b");
}

TEST(JsonWriterEscape, ValidMultiByteUtf8IsKeptVerbatim) {
  const std::vector<std::string> valid = {
      "\xC2\x80",          // U+0080, smallest 2-byte
      "\xC3\xA9",          // é
      "\xDF\xBF",          // U+07FF, largest 2-byte
      "\xE0\xA0\x80",      // U+0800, smallest 3-byte
      "\xE2\x82\xAC",      // €
      "\xED\x9F\xBF",      // U+D7FF, just below the surrogates
      "\xEE\x80\x80",      // U+E000, just above the surrogates
      "\xEF\xBF\xBD",      // U+FFFD itself
      "\xEF\xBF\xBF",      // U+FFFF, largest 3-byte
      "\xF0\x90\x80\x80",  // U+10000, smallest 4-byte
      "\xF0\x9F\x98\x80",  // 😀
      "\xF3\xBF\xBF\xBF",  // U+FFFFF
      "\xF4\x8F\xBF\xBF",  // U+10FFFF, the last code point
  };
  for (const std::string &s : valid) {
    SCOPED_TRACE(testing::PrintToString(s));
    ASSERT_TRUE(IsValidUtf8(s));
    EXPECT_EQ(Escaped(s), "\"" + s + "\"");
    EXPECT_EQ(RoundTrip(s), s);
    EXPECT_EQ(RoundTrip("x" + s + "y" + s + s), "x" + s + "y" + s + s);
  }
  const std::string mixed = "std::vector<\xC3\xA9l\xC3\xA8ve> \xE2\x86\x92 \xF0\x9F\x90\x9B";
  EXPECT_EQ(RoundTrip(mixed), mixed);
}

struct InvalidCase {
  const char *name;
  std::string input;
  std::string decoded;  // what the JSON string must decode to
};

TEST(JsonWriterEscape, InvalidUtf8IsReplaced) {
  const std::string R = kReplacement;
  const std::vector<InvalidCase> cases = {
      // Lone continuation bytes.
      {"lone 0x80", "\x80", R},
      {"lone 0xBF", "\xBF", R},
      {"continuations run", "a\x80\x81\x82z", "a" + R + R + R + "z"},
      // Lead bytes that can never appear.
      {"0xC0", "\xC0", R},
      {"0xC1", "\xC1", R},
      {"0xF5", "\xF5\x80\x80\x80", R + R + R + R},
      {"0xF8", "\xF8\x88\x80\x80\x80", R + R + R + R + R},
      {"0xFE", "\xFE", R},
      {"0xFF", "\xFF", R},
      // Truncated sequences, at the end and followed by ASCII.
      {"2-byte missing 1", "\xC3", R},
      {"3-byte missing 1", "\xE2\x82", R + R},
      {"3-byte missing 2", "\xE2", R},
      {"4-byte missing 1", "\xF0\x9F\x98", R + R + R},
      {"truncated then ascii", "\xE2\x82" "A", R + R + "A"},
      {"truncated then valid", "\xF0\x9F\xC3\xA9", R + R + "\xC3\xA9"},
      // Overlong encodings.
      {"overlong NUL 2", "\xC0\x80", R + R},
      {"overlong '/' 2", "\xC0\xAF", R + R},
      {"overlong U+007F 2", "\xC1\xBF", R + R},
      {"overlong NUL 3", "\xE0\x80\x80", R + R + R},
      {"overlong U+07FF 3", "\xE0\x9F\xBF", R + R + R},
      {"overlong NUL 4", "\xF0\x80\x80\x80", R + R + R + R},
      {"overlong U+FFFF 4", "\xF0\x8F\xBF\xBF", R + R + R + R},
      // UTF-16 surrogates encoded in UTF-8.
      {"U+D800", "\xED\xA0\x80", R + R + R},
      {"U+DBFF", "\xED\xAF\xBF", R + R + R},
      {"U+DC00", "\xED\xB0\x80", R + R + R},
      {"U+DFFF", "\xED\xBF\xBF", R + R + R},
      {"surrogate pair", "\xED\xA0\xBD\xED\xB8\x80", R + R + R + R + R + R},
      // Beyond U+10FFFF.
      {"U+110000", "\xF4\x90\x80\x80", R + R + R + R},
      {"U+13FFFF", "\xF4\xBF\xBF\xBF", R + R + R + R},
      {"U+1FFFFF", "\xF7\xBF\xBF\xBF", R + R + R + R},
      // Invalid bytes next to escapes and valid text.
      {"mixed", "\"\xFF\\\n\xC3\xA9\x80", "\"" + R + "\\\n\xC3\xA9" + R},
  };
  for (const InvalidCase &c : cases) {
    SCOPED_TRACE(c.name);
    ASSERT_FALSE(IsValidUtf8(c.input));
    ASSERT_EQ(ExpectedDecoded(c.input), c.decoded) << "test's own reference disagrees";
    const std::string out = Escaped(c.input);
    // No raw byte >= 0x80 survives except inside well-formed sequences: here the only
    // non-ASCII output is whatever valid text the input had.
    EXPECT_EQ(RoundTrip(c.input), c.decoded) << "output: " << testing::PrintToString(out);
  }
}

// Thousands of seeded random byte strings: the output is always valid JSON, and decodes to
// the input when the input is valid UTF-8 (otherwise to the input with U+FFFD for each byte
// that does not start a well-formed sequence).
TEST(JsonWriterEscape, RandomByteStrings) {
  std::mt19937 rng(0x5eed);
  int valid_inputs = 0;
  const int kStrings = 6000;
  for (int i = 0; i < kStrings; ++i) {
    std::string s;
    const int len = rng() % 48;
    const int mode = i % 3;
    while (int(s.size()) < len) {
      if (mode == 0) {
        s += char(1 + rng() % 255);  // uniform non-NUL bytes: mostly invalid
      } else {
        // Mostly well-formed code points (all lengths, including range boundaries), with
        // occasional corruption in mode 2.
        uint32_t cp;
        switch (rng() % 5) {
          case 0: cp = 1 + rng() % 0x7f; break;
          case 1: cp = 0x80 + rng() % (0x800 - 0x80); break;
          case 2: cp = 0x800 + rng() % (0x10000 - 0x800); break;
          case 3: cp = 0x10000 + rng() % (0x110000 - 0x10000); break;
          default: {
            static const uint32_t kEdges[] = {0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000,
                                               0xfffd, 0xffff, 0x10000, 0x10ffff};
            cp = kEdges[rng() % 10];
          }
        }
        if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
        if (cp < 0x80) {
          s += char(cp);
        } else if (cp < 0x800) {
          s += char(0xc0 | (cp >> 6));
          s += char(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
          s += char(0xe0 | (cp >> 12));
          s += char(0x80 | ((cp >> 6) & 0x3f));
          s += char(0x80 | (cp & 0x3f));
        } else {
          s += char(0xf0 | (cp >> 18));
          s += char(0x80 | ((cp >> 12) & 0x3f));
          s += char(0x80 | ((cp >> 6) & 0x3f));
          s += char(0x80 | (cp & 0x3f));
        }
        if (mode == 2 && rng() % 8 == 0 && !s.empty()) {
          switch (rng() % 3) {
            case 0: s.pop_back(); break;                       // truncate
            case 1: s += char(0x80 + rng() % 0x80); break;      // stray byte >= 0x80
            default: s[rng() % s.size()] = char(1 + rng() % 255);  // flip a byte
          }
        }
      }
    }
    // C strings end at NUL; the writer never sees one inside.
    for (char &c : s)
      if (c == 0) c = 'N';
    const bool valid = IsValidUtf8(s);
    valid_inputs += valid;
    const std::string decoded = RoundTrip(s);
    if (valid) {
      ASSERT_EQ(decoded, s) << "input " << testing::PrintToString(s);
    }
    ASSERT_EQ(decoded, ExpectedDecoded(s)) << "input " << testing::PrintToString(s);
  }
  // The generator covers both kinds of input in quantity.
  EXPECT_GT(valid_inputs, kStrings / 4);
  EXPECT_LT(valid_inputs, kStrings * 3 / 4 + kStrings / 10);
}

TEST(JsonWriterEscape, EscapeAppendsToExistingText) {
  TextBuffer b;
  b.Append("prefix:");
  JsonWriter::EscapeString(&b, "v");
  EXPECT_EQ(Str(b), "prefix:\"v\"");
}

}  // namespace
}  // namespace rl_test
