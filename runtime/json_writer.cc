#include "json_writer.h"

#include <stdio.h>

#include "spin_mutex.h"

namespace rl {

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (need_comma_) out_->AppendChar(',');
}

void JsonWriter::BeginObject() {
  BeforeValue();
  out_->AppendChar('{');
  need_comma_ = false;
}
void JsonWriter::EndObject() {
  out_->AppendChar('}');
  need_comma_ = true;
}
void JsonWriter::BeginArray() {
  BeforeValue();
  out_->AppendChar('[');
  need_comma_ = false;
}
void JsonWriter::EndArray() {
  out_->AppendChar(']');
  need_comma_ = true;
}
void JsonWriter::Key(const char *key) {
  if (need_comma_) out_->AppendChar(',');
  EscapeString(out_, key);
  out_->AppendChar(':');
  after_key_ = true;
  need_comma_ = true;
}
void JsonWriter::String(const char *value) {
  if (!value) return Null();
  BeforeValue();
  EscapeString(out_, value);
  need_comma_ = true;
}
void JsonWriter::Int(long long value) {
  BeforeValue();
  out_->Printf("%lld", value);
  need_comma_ = true;
}
void JsonWriter::UInt(unsigned long long value) {
  BeforeValue();
  out_->Printf("%llu", value);
  need_comma_ = true;
}
void JsonWriter::Bool(bool value) {
  BeforeValue();
  out_->Append(value ? "true" : "false");
  need_comma_ = true;
}
void JsonWriter::Null() {
  BeforeValue();
  out_->Append("null");
  need_comma_ = true;
}
void JsonWriter::Hex(uptr value) {
  char buf[32];
  ScopedRuntimeInternal internal;
  snprintf(buf, sizeof(buf), "0x%lx", static_cast<unsigned long>(value));
  String(buf);
}

// Length of the valid UTF-8 sequence starting at s, or 0 when it is not valid
// (overlong forms, surrogates and code points past U+10FFFF are invalid).
static int Utf8SequenceLength(const unsigned char *s) {
  unsigned char c = s[0];
  if (c < 0x80) return 1;
  int n;
  unsigned cp;
  if ((c & 0xe0) == 0xc0) { n = 2; cp = c & 0x1f; }
  else if ((c & 0xf0) == 0xe0) { n = 3; cp = c & 0x0f; }
  else if ((c & 0xf8) == 0xf0) { n = 4; cp = c & 0x07; }
  else return 0;
  for (int i = 1; i < n; ++i) {
    if ((s[i] & 0xc0) != 0x80) return 0;  // also stops at the terminating NUL
    cp = (cp << 6) | (s[i] & 0x3f);
  }
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000)) return 0;
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

void JsonWriter::EscapeString(TextBuffer *out, const char *s) {
  out->AppendChar('"');
  const unsigned char *p = reinterpret_cast<const unsigned char *>(s);
  while (*p) {
    unsigned char c = *p;
    switch (c) {
      case '"': out->Append("\\\""); ++p; continue;
      case '\\': out->Append("\\\\"); ++p; continue;
      case '\n': out->Append("\\n"); ++p; continue;
      case '\r': out->Append("\\r"); ++p; continue;
      case '\t': out->Append("\\t"); ++p; continue;
      case '\b': out->Append("\\b"); ++p; continue;
      case '\f': out->Append("\\f"); ++p; continue;
      default: break;
    }
    if (c < 0x20 || c == 0x7f) {
      out->Printf("\\u%04x", c);
      ++p;
      continue;
    }
    int n = Utf8SequenceLength(p);
    if (n == 0) {
      out->Append("\\ufffd");
      ++p;
      continue;
    }
    out->Append(reinterpret_cast<const char *>(p), size_t(n));
    p += n;
  }
  out->AppendChar('"');
}

}  // namespace rl
