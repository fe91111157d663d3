# Compiles SOURCE with the Racelight plugin and checks the IR it produces.
#
#   cmake -DCOMPILER=<clang|clang++|opt> -DPLUGIN=<RacelightPass.so> -DSOURCE=<file>
#         -DFLAGS="-O2;-g" -DOUTPUT=<out.ll> -DCHECKS=<file.checks> [-DOPT_MODE=ON]
#         [-DLLVM_DIS=<llvm-dis>] -P check_clang_ir.cmake
#
# clang mode:  COMPILER -fpass-plugin=PLUGIN FLAGS -S -emit-llvm SOURCE -o OUTPUT
# opt mode:    COMPILER -load-pass-plugin=PLUGIN -passes=racelight FLAGS SOURCE -S -o OUTPUT
#
# With LLVM_DIS (LLVM 14, whose clang emits typed pointers: i32*, i8* bitcast (...)), clang
# writes bitcode and `llvm-dis -opaque-pointers` prints it with opaque pointers, the bitcode
# reader dropping the pointer casts, so the same checks (written with `ptr`) hold for every
# version (zero-index GEPs of a global are printed as the global); in opt mode, opt gets -opaque-pointers to read the `ptr` input.
#
# CHECKS holds one check a line ('#' starts a comment):
#   MATCH <regex>   the output must match the regex
#   NOT <regex>     the output must not match it
# In a regex, the two characters \n stand for a newline, so a check can span lines.
foreach(var COMPILER PLUGIN SOURCE OUTPUT CHECKS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_clang_ir.cmake: -D${var}=... is required")
  endif()
endforeach()

set(dis_cmd "")
if(OPT_MODE)
  set(cmd ${COMPILER} -load-pass-plugin=${PLUGIN} -passes=racelight ${FLAGS}
      ${SOURCE} -S -o ${OUTPUT})
  if(LLVM_DIS)
    list(INSERT cmd 1 -opaque-pointers)
  endif()
elseif(LLVM_DIS)
  set(cmd ${COMPILER} -fpass-plugin=${PLUGIN} ${FLAGS} -c -emit-llvm ${SOURCE} -o ${OUTPUT}.bc)
  set(dis_cmd ${LLVM_DIS} -opaque-pointers ${OUTPUT}.bc -o ${OUTPUT})
else()
  set(cmd ${COMPILER} -fpass-plugin=${PLUGIN} ${FLAGS} -S -emit-llvm ${SOURCE} -o ${OUTPUT})
endif()
string(REPLACE ";" " " shown "${cmd}")
message(STATUS "${shown}")
execute_process(COMMAND ${cmd} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "compilation failed (${rc}):\n${err}")
endif()
if(dis_cmd)
  execute_process(COMMAND ${dis_cmd} RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "llvm-dis failed (${rc}):\n${err}")
  endif()
endif()

file(READ ${OUTPUT} ir)
if(LLVM_DIS)
  # Typed-pointer IR reaches a global's first element through an all-zero-index GEP
  # (i8* getelementptr ([5 x i8], [5 x i8]* @str, i32 0, i32 0)): the same address as the
  # global, written as the global so the checks compare addresses, not typed-pointer casts.
  string(REGEX REPLACE
    "getelementptr inbounds \\(([^(),]+), ptr (@[A-Za-z0-9_.]+)(, i(32|64) 0)+\\)" "\\2"
    ir "${ir}")
endif()
file(STRINGS ${CHECKS} lines)
set(failures 0)
set(count 0)
foreach(line IN LISTS lines)
  if(line MATCHES "^[ \t]*(#|$)")
    continue()
  endif()
  if(NOT line MATCHES "^(MATCH|NOT) (.*)$")
    message(FATAL_ERROR "bad check line: ${line}")
  endif()
  set(kind ${CMAKE_MATCH_1})
  set(text "${CMAKE_MATCH_2}")
  set(regex "${CMAKE_MATCH_2}")
  string(REPLACE "\\n" "\n" regex "${regex}")
  math(EXPR count "${count} + 1")
  if(ir MATCHES "${regex}")
    set(found TRUE)
  else()
    set(found FALSE)
  endif()
  if(kind STREQUAL "MATCH" AND NOT found)
    message(SEND_ERROR "expected to match: ${text}")
    math(EXPR failures "${failures} + 1")
  elseif(kind STREQUAL "NOT" AND found)
    message(SEND_ERROR "expected NOT to match: ${text}")
    math(EXPR failures "${failures} + 1")
  endif()
endforeach()
if(failures GREATER 0)
  message(FATAL_ERROR "${failures} of ${count} checks failed; the IR is in ${OUTPUT}")
endif()
message(STATUS "${count} checks passed (${OUTPUT})")
