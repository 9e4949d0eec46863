# normsim serve (cli/cmd_serve.c, docs/SERVE.md): the web server needs libmicrohttpd, and
# its pages need Vega-Lite, which `npm ci` installs at build time from web/package.json and
# web/package-lock.json into the build folder (node_modules is never committed). The pages,
# the vendored scripts and their licences are embedded in the program.
#   NS_SERVE=AUTO (default)  build the server when libmicrohttpd, node and npm are found
#   NS_SERVE=ON              fail the configuration when one is missing
#   NS_SERVE=OFF             never (`normsim serve` then says it was built without it)
# SPDX-License-Identifier: GPL-3.0-or-later
set(NS_SERVE AUTO CACHE STRING "Build the web server of normsim serve: AUTO, ON or OFF")
set_property(CACHE NS_SERVE PROPERTY STRINGS AUTO ON OFF)
string(TOUPPER "${NS_SERVE}" NS_SERVE_MODE)
set(NS_SERVE_BUILT OFF)
if(NOT NS_SERVE_MODE MATCHES "^(OFF|NO|FALSE|N|0)$")
    pkg_check_modules(MHD IMPORTED_TARGET libmicrohttpd)
    find_program(NS_NPM npm)
    find_program(NS_NODE node)
    if(MHD_FOUND AND NS_NPM AND NS_NODE)
        set(NS_SERVE_BUILT ON)
    elseif(NS_SERVE_MODE MATCHES "^(ON|YES|TRUE|Y|1)$")
        message(FATAL_ERROR "NS_SERVE=ON needs libmicrohttpd-dev, node and npm")
    endif()
endif()

if(NS_SERVE_BUILT)
    set(NS_WEB_NPM ${PROJECT_BINARY_DIR}/web-npm)
    set(NS_WEB_VENDOR ${PROJECT_BINARY_DIR}/web-vendor)
    set(NS_WEB_STAMP ${NS_WEB_NPM}/node_modules/.package-lock.json)
    add_custom_command(OUTPUT ${NS_WEB_STAMP}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${NS_WEB_NPM}
        COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/web/package.json
                ${PROJECT_SOURCE_DIR}/web/package-lock.json ${NS_WEB_NPM}
        COMMAND ${NS_NPM} ci --no-audit --no-fund --loglevel=error
        WORKING_DIRECTORY ${NS_WEB_NPM}
        DEPENDS ${PROJECT_SOURCE_DIR}/web/package.json ${PROJECT_SOURCE_DIR}/web/package-lock.json
        COMMENT "npm ci: Vega-Lite for normsim serve, playwright-core for its page tests")
    set(NS_WEB_VENDORED vega.min.js vega-lite.min.js vega-embed.min.js vega-interpreter.js
        LICENSES.txt)
    list(TRANSFORM NS_WEB_VENDORED PREPEND ${NS_WEB_VENDOR}/ OUTPUT_VARIABLE NS_WEB_VENDOR_FILES)
    add_custom_command(OUTPUT ${NS_WEB_VENDOR_FILES}
        COMMAND ${NS_NODE} ${PROJECT_SOURCE_DIR}/web/vendor.mjs ${NS_WEB_NPM} ${NS_WEB_VENDOR}
        DEPENDS ${NS_WEB_STAMP} ${PROJECT_SOURCE_DIR}/web/vendor.mjs
        COMMENT "Vendoring Vega-Lite for normsim serve")

    file(GLOB NS_WEB_PAGES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/web/*.html
         ${PROJECT_SOURCE_DIR}/web/*.js ${PROJECT_SOURCE_DIR}/web/*.css)
    list(SORT NS_WEB_PAGES)
    set(NS_WEB_ARGS "")
    foreach(f ${NS_WEB_PAGES})
        get_filename_component(name ${f} NAME)
        list(APPEND NS_WEB_ARGS "/${name}=${f}")
    endforeach()
    foreach(name ${NS_WEB_VENDORED})
        list(APPEND NS_WEB_ARGS "/vendor/${name}=${NS_WEB_VENDOR}/${name}")
    endforeach()
    set(NS_WEB_C ${PROJECT_BINARY_DIR}/serve_assets.c)
    add_custom_command(OUTPUT ${NS_WEB_C}
        COMMAND ns_embed web ${NS_WEB_C} ${NS_WEB_ARGS}
        DEPENDS ns_embed ${NS_WEB_PAGES} ${NS_WEB_VENDOR_FILES}
        COMMENT "Embedding the pages of normsim serve")
    target_sources(normsim_cli PRIVATE ${NS_WEB_C})
    target_include_directories(normsim_cli PRIVATE ${PROJECT_SOURCE_DIR}/cli)
    target_compile_definitions(normsim_cli PRIVATE NS_WITH_SERVE=1)
    target_link_libraries(normsim_cli PRIVATE PkgConfig::MHD)
    message(STATUS "normsim serve: built (libmicrohttpd ${MHD_VERSION})")
else()
    message(STATUS "normsim serve: not built (NS_SERVE=${NS_SERVE}; libmicrohttpd found: "
                   "${MHD_FOUND}, npm: ${NS_NPM})")
endif()
