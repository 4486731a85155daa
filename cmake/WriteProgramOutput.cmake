# cmake -P script: runs PROGRAM with WORDS (space-separated) and writes its standard output to
# OUTPUT, failing the build when the program fails.
#   -DPROGRAM=<executable> -DWORDS=<words> -DOUTPUT=<file>
separate_arguments(words UNIX_COMMAND "${WORDS}")
execute_process(COMMAND ${PROGRAM} ${words} OUTPUT_FILE ${OUTPUT}.new RESULT_VARIABLE rc
                ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  file(REMOVE ${OUTPUT}.new)
  message(FATAL_ERROR "${PROGRAM} ${WORDS} failed (${rc}): ${err}")
endif()
file(RENAME ${OUTPUT}.new ${OUTPUT})
