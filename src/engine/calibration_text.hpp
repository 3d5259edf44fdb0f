// Number and date formatting shared by the calibration's progress lines (calibrate.cpp) and its
// fit table, summary and calibrated scenario file (calibration_output.cpp).
#pragma once

#include <cmath>
#include <ctime>
#include <iomanip>
#include <sstream>
#include <string>

namespace pathways::engine::calibration_text {

inline std::string fixed(double v, int digits = 3) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    std::ostringstream o;
    o << std::fixed << std::setprecision(digits) << v;
    return o.str();
}

// Today's date (UTC), for the source line of each fitted key.
inline std::string today() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

}  // namespace pathways::engine::calibration_text
