# Header-only nlohmann/json from Debian (nlohmann-json3-dev), for both builds.
#
# emcc must never see -I/usr/include (glibc headers would leak into the wasm build), so the wasm
# build gets a folder that holds nothing but a link to the nlohmann headers.
find_path(APPNOTIFY_NLOHMANN_DIR nlohmann/json.hpp PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH REQUIRED)

add_library(appnotify_json INTERFACE)
if(EMSCRIPTEN)
  set(_isolated "${CMAKE_BINARY_DIR}/isolated-include")
  file(MAKE_DIRECTORY "${_isolated}")
  file(CREATE_LINK "${APPNOTIFY_NLOHMANN_DIR}/nlohmann" "${_isolated}/nlohmann" SYMBOLIC)
  target_include_directories(appnotify_json SYSTEM INTERFACE "${_isolated}")
else()
  target_include_directories(appnotify_json SYSTEM INTERFACE "${APPNOTIFY_NLOHMANN_DIR}")
endif()
# The core never throws: nlohmann reports failures as values (parse(..., false), sax parse_error).
target_compile_definitions(appnotify_json INTERFACE JSON_NOEXCEPTION=1)

# md4c 0.5.2 (fetched by scripts/setup into third_party/, never committed): the markdown parser.
set(APPNOTIFY_MD4C_DIR "${APPNOTIFY_THIRD_PARTY_DIR}/md4c-0.5.2/src")
if(NOT EXISTS "${APPNOTIFY_MD4C_DIR}/md4c.c")
  message(FATAL_ERROR "md4c sources are missing in ${APPNOTIFY_MD4C_DIR}: run scripts/setup")
endif()
add_library(appnotify_md4c STATIC "${APPNOTIFY_MD4C_DIR}/md4c.c")  # the parser only: entity.c feeds cmake/HtmlEntities.cmake
target_include_directories(appnotify_md4c SYSTEM PUBLIC "${APPNOTIFY_MD4C_DIR}")
set_target_properties(appnotify_md4c PROPERTIES C_STANDARD 99 POSITION_INDEPENDENT_CODE ON)
