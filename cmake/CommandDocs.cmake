include_guard(GLOBAL)
# gauthflow_command_docs(<program target>): at build time, runs the built program to print its
# man page (`PROGRAM man`) and its bash and zsh completions (`PROGRAM completion bash|zsh`),
# generated from the same option tables as its --help, into the build tree's share/ with
# Debian's layout, and installs them in the runtime component (the gauthflow package):
#   share/man/man1/PROGRAM.1.gz                  (gzip -9n, as Debian Policy 12.1 wants)
#   share/bash-completion/completions/PROGRAM    (bash-completion loads it on first use)
#   share/zsh/vendor-completions/_PROGRAM        (on Debian's zsh $fpath)
find_program(GAUTHFLOW_GZIP gzip REQUIRED)

function(gauthflow_command_docs program)
  set(script ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/WriteProgramOutput.cmake)
  set(share ${CMAKE_BINARY_DIR}/share)
  set(man ${share}/man/man1/${program}.1)
  set(bash ${share}/bash-completion/completions/${program})
  set(zsh ${share}/zsh/vendor-completions/_${program})
  file(MAKE_DIRECTORY ${share}/man/man1 ${share}/bash-completion/completions
       ${share}/zsh/vendor-completions)
  set(write ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${program}>)
  add_custom_command(OUTPUT ${man}.gz ${bash} ${zsh}
    COMMAND ${write} -DWORDS=man -DOUTPUT=${man} -P ${script}
    COMMAND ${GAUTHFLOW_GZIP} -9nf ${man}
    COMMAND ${write} "-DWORDS=completion bash" -DOUTPUT=${bash} -P ${script}
    COMMAND ${write} "-DWORDS=completion zsh" -DOUTPUT=${zsh} -P ${script}
    DEPENDS ${program} ${script}
    COMMENT "Generating the man page and completions of ${program}"
    VERBATIM)
  add_custom_target(${program}_docs ALL DEPENDS ${man}.gz ${bash} ${zsh})
  install(FILES ${man}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
  install(FILES ${bash} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
          COMPONENT runtime)
  install(FILES ${zsh} DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions
          COMPONENT runtime)
endfunction()
