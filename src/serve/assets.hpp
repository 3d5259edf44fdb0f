// The page's static files (web/), compiled into the program (cmake/embed_web.cmake).
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace pathways::serve {

// (file name, contents) of every file in web/.
const std::vector<std::pair<std::string_view, std::string_view>>& web_assets();

}  // namespace pathways::serve
