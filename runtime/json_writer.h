// A strict, minimal JSON writer for the runtime (which cannot use nlohmann/json: it must not
// depend on libstdc++ or the program's malloc). Strings are escaped per RFC 8259 and invalid
// UTF-8 is replaced by U+FFFD, so the output is valid JSON for any input bytes. The unit
// tests check its output with nlohmann/json's parser.
//
// Usage: BeginObject(); Key("a"); Int(1); Key("b"); BeginArray(); ... EndArray(); EndObject();
// Commas are inserted automatically. Thread-safety: none (one writer per report).
#ifndef RACELIGHT_JSON_WRITER_H
#define RACELIGHT_JSON_WRITER_H

#include "defs.h"
#include "text_buffer.h"

namespace rl {

class JsonWriter {
 public:
  explicit JsonWriter(TextBuffer *out) : out_(out) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(const char *key);
  void String(const char *value);  // null writes null
  void Int(long long value);
  void UInt(unsigned long long value);
  void Bool(bool value);
  void Null();
  void Hex(uptr value);  // as a string "0x..."

  // Appends `s` as a JSON string literal (with quotes) to `out`.
  static void EscapeString(TextBuffer *out, const char *s);

 private:
  void BeforeValue();
  TextBuffer *out_;
  bool need_comma_ = false;
  bool after_key_ = false;
};

}  // namespace rl

#endif  // RACELIGHT_JSON_WRITER_H
