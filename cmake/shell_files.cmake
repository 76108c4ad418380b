# Writes what the package installs beside the binary, made by the binary itself from its own
# command-line definition: a man page per command and the bash, zsh and fish completions.
# Usage: cmake -DINFRAC=path/to/infrac -DOUT=dir -P shell_files.cmake
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${INFRAC} __man ${OUT}/man/man1 RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "infrac __man failed (${status})")
endif()
# Compressed as Debian installs man pages; -n leaves out the time, so packages reproduce.
file(GLOB pages ${OUT}/man/man1/*.1)
execute_process(COMMAND gzip -9nf ${pages} RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "gzip of the man pages failed (${status})")
endif()
foreach(shell_and_file IN ITEMS "bash|bash-completion/completions/infrac"
                                "zsh|zsh/vendor-completions/_infrac"
                                "fish|fish/vendor_completions.d/infrac.fish")
  string(REPLACE "|" ";" parts "${shell_and_file}")
  list(GET parts 0 shell)
  list(GET parts 1 file)
  get_filename_component(dir ${OUT}/${file} DIRECTORY)
  file(MAKE_DIRECTORY ${dir})
  execute_process(COMMAND ${INFRAC} completion ${shell} OUTPUT_FILE ${OUT}/${file}
                  RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "infrac completion ${shell} failed (${status})")
  endif()
endforeach()
