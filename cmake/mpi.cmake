# normsim-mpi: the same command line as normsim, built with NS_WITH_MPI so that
# `mpirun -np N normsim-mpi sweep ...` spreads one study over N ranks (docs/MPI.md).
# The plain normsim and the library never link MPI.
#   NS_MPI=AUTO (default)  build normsim-mpi when an MPI for C is found
#   NS_MPI=ON              fail the configuration when none is found
#   NS_MPI=OFF             never build it
# SPDX-License-Identifier: GPL-3.0-or-later
set(NS_MPI AUTO CACHE STRING "Build normsim-mpi, the MPI sweep: AUTO, ON or OFF")
set_property(CACHE NS_MPI PROPERTY STRINGS AUTO ON OFF)
string(TOUPPER "${NS_MPI}" NS_MPI_MODE)
if(NS_MPI_MODE MATCHES "^(ON|YES|TRUE|Y|1)$")
    find_package(MPI REQUIRED COMPONENTS C)
elseif(NS_MPI_MODE STREQUAL "AUTO")
    find_package(MPI COMPONENTS C)
elseif(NOT NS_MPI_MODE MATCHES "^(OFF|NO|FALSE|N|0)$")
    message(FATAL_ERROR "NS_MPI must be AUTO, ON or OFF, not '${NS_MPI}'")
endif()

if(MPI_C_FOUND AND NOT NS_MPI_MODE MATCHES "^(OFF|NO|FALSE|N|0)$")
    # The CLI's own sources (globbed in CMakeLists.txt) against the same static library.
    add_executable(normsim_mpi ${NS_CLI_SOURCES})
    set_target_properties(normsim_mpi PROPERTIES OUTPUT_NAME normsim-mpi)
    target_compile_definitions(normsim_mpi PRIVATE NS_WITH_MPI=1)
    target_compile_options(normsim_mpi PRIVATE ${NS_WARNINGS})
    target_link_libraries(normsim_mpi PRIVATE normsim_lib MPI::MPI_C)
    install(TARGETS normsim_mpi RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    message(STATUS "normsim-mpi: built with MPI ${MPI_C_VERSION}")
else()
    message(STATUS "normsim-mpi: not built (NS_MPI=${NS_MPI}; MPI for C found: ${MPI_C_FOUND})")
endif()
