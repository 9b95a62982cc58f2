# Included by the top CMakeLists.txt, before any target, when SLUICE_FUZZ=ON: every
# library is instrumented for libFuzzer's coverage feedback and for ASan + UBSan, so a
# fuzz target sees bugs anywhere in the compiler and runtime, not only in its own file.
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "SLUICE_FUZZ needs clang++ (libFuzzer); configure with CXX=clang++ "
                      "(scripts/fuzz does this)")
endif()
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                    -fno-sanitize-recover=undefined)
add_link_options(-fsanitize=address,undefined)
