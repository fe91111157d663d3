#include "text_buffer.h"

#include <stdio.h>
#include <string.h>

#include "internal_alloc.h"
#include "spin_mutex.h"

namespace rl {

TextBuffer::~TextBuffer() { InternalFree(data_); }

void TextBuffer::Reserve(size_t extra) {
  size_t need = size_ + extra + 1;
  if (need <= capacity_) return;
  size_t capacity = capacity_ ? capacity_ : 256;
  while (capacity < need) capacity *= 2;
  data_ = static_cast<char *>(InternalRealloc(data_, capacity));
  capacity_ = capacity;
}

void TextBuffer::Append(const char *text, size_t n) {
  Reserve(n);
  memcpy(data_ + size_, text, n);
  size_ += n;
  data_[size_] = 0;
}

void TextBuffer::Append(const char *text) {
  ScopedRuntimeInternal internal;
  Append(text, strlen(text));
}

void TextBuffer::VPrintf(const char *format, va_list args) {
  ScopedRuntimeInternal internal;
  va_list copy;
  va_copy(copy, args);
  char small[256];
  int n = vsnprintf(small, sizeof(small), format, copy);
  va_end(copy);
  if (n < 0) return;
  if (size_t(n) < sizeof(small)) {
    Append(small, size_t(n));
    return;
  }
  Reserve(size_t(n));
  vsnprintf(data_ + size_, size_t(n) + 1, format, args);
  size_ += size_t(n);
}

void TextBuffer::Printf(const char *format, ...) {
  va_list args;
  va_start(args, format);
  VPrintf(format, args);
  va_end(args);
}

}  // namespace rl
