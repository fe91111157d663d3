// A growable character buffer for rendering reports. Memory from InternalAlloc.
// Thread-safety: none (each renderer owns its buffer).
#ifndef RACELIGHT_TEXT_BUFFER_H
#define RACELIGHT_TEXT_BUFFER_H

#include <stdarg.h>
#include <stddef.h>

namespace rl {

class TextBuffer {
 public:
  TextBuffer() = default;
  ~TextBuffer();
  TextBuffer(const TextBuffer &) = delete;
  TextBuffer &operator=(const TextBuffer &) = delete;

  void Append(const char *text);
  void Append(const char *text, size_t n);
  void AppendChar(char c) { Append(&c, 1); }
  void Printf(const char *format, ...) __attribute__((format(printf, 2, 3)));
  void VPrintf(const char *format, va_list args);

  const char *data() const { return data_ ? data_ : ""; }
  size_t size() const { return size_; }
  void Clear() {
    size_ = 0;
    if (data_) data_[0] = 0;  // data() stays the C string of the (empty) contents
  }

 private:
  void Reserve(size_t extra);
  char *data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace rl

#endif  // RACELIGHT_TEXT_BUFFER_H
