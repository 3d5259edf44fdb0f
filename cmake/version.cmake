# Writes the version header at every build (not only at configure), so a results file names the
# commit the binary was built from. Called by the pathways_version target.
execute_process(COMMAND git describe --always --dirty --tags WORKING_DIRECTORY "${SOURCE_DIR}"
                OUTPUT_VARIABLE git_description OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
set(version "${BASE_VERSION}")
if(git_description)
  set(version "${BASE_VERSION}+${git_description}")
endif()
file(WRITE "${OUTPUT}.tmp" "#pragma once\n#define PATHWAYS_VERSION \"${version}\"\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
file(REMOVE "${OUTPUT}.tmp")
