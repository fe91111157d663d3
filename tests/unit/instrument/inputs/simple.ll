; Input of the instrument.opt.by-name test: opt -load-pass-plugin=... -passes=racelight
@g = global i32 0

define i32 @f(ptr %p) {
  %v = load i32, ptr @g
  store i32 %v, ptr %p
  ret i32 %v
}
