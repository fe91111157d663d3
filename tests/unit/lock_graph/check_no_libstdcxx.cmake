# cmake -DNM=<nm> -DOBJECTS=<obj>|<obj>... -P check_no_libstdcxx.cmake
# Fails if an object file needs a symbol from libstdc++ (operator new/delete, exceptions,
# guarded statics, RTTI, std::).
string(REPLACE "|" ";" objects "${OBJECTS}")
set(failed FALSE)
foreach(obj ${objects})
  execute_process(COMMAND ${NM} -u -C ${obj} OUTPUT_VARIABLE undefined RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} failed on ${obj}")
  endif()
  string(REGEX MATCHALL "[^\n]*(operator new|operator delete|__cxa_|__gxx_|_Unwind_|std::|typeinfo|vtable for)[^\n]*"
    bad "${undefined}")
  if(bad)
    message(SEND_ERROR "${obj} needs libstdc++:\n${bad}")
    set(failed TRUE)
  else()
    message(STATUS "${obj}: no libstdc++ symbols")
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "libstdc++ dependency found")
endif()
