// Tables of a results file as CSV, for spreadsheets: the planner's table of a projection, and
// every table of any file kind (`pathways export`), tidy, with the codes decoded and a data
// dictionary. Reading only; the files are written by results.cpp and comparison.cpp.
#pragma once

#include "io/results.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace pathways::io {

// /projection/pupils of a `pathways project` file (empty if the file has none) and its districts.
std::vector<ProjectionRow> read_projection(const std::string& path, std::vector<std::string>& district_names);

// The planner's table: one row per school year × district (the city first) × school type, with
// the sector and track of the type, residents as the mean over replicates with the 95% prediction
// interval, places (empty: none given) and shortfall (upper end of the interval minus places).
void write_planner_csv(std::ostream& out, const std::vector<ProjectionRow>& rows,
                       const std::vector<std::string>& district_names);

// A value for a CSV cell: full precision (%.17g), empty for NaN; text quoted when it needs it.
std::string csv_number(double x);
std::string csv_text(const std::string& s);
// A value for a table read by people: `digits` decimals, "-" where it is not finite.
std::string fixed(double x, int digits);

struct ExportedTable {
    std::string file;   // CSV file name inside the export folder
    std::string table;  // the table's name in the HDF5 file (per-scenario tables without /scenarios/<name>/)
    std::size_t rows = 0;
};

// Writes every table of `path` (groups of equal-length 1-D columns; a comparison file's
// per-scenario tables stacked with a first column `scenario`) as `<table with / as _>.csv` into
// `dir`, codes decoded with /labels, and `dictionary.csv` (file, table, column, type, values,
// meaning). Throws h5::Error for a file that is not a pathways file.
std::vector<ExportedTable> export_tables(const std::string& path, const std::string& dir);

}  // namespace pathways::io
