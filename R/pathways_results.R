# Read pathways results files as tidy data frames in R (Debian: apt-get install r-cran-hdf5r).
#
#   source("R/pathways_results.R")                      # from the repository root
#   pathways_tables("output/compare.h5")                # the tables in the file
#   d <- pathways_table("output/compare.h5", "outcomes/by_group")   # one row per scenario x replicate x group
#   pathways_interval(c(29.1, 30.4, 28.7))              # mean, sd, ci_low, ci_high, n
#
# The same as python/pathways_results: every table of a run, project or comparison file as a
# data.frame, codes decoded with the file's /labels into factors (-1 = "none" becomes NA, except
# in comparison/headline, comparison/switch and projection/pupils, where -1 means "all" or the
# whole city), a comparison file's per-scenario tables stacked with a first column `scenario`.
# pathways_interval is the interval of every pathways table (src/stats/compare.hpp):
# mean +/- qt(0.975, n - 1) * sd / sqrt(n) over replicates; tests/integration/r_reader_test.R
# checks it against `pathways summary --csv`.

suppressPackageStartupMessages(library(hdf5r))

pathways_interval_statement <- paste0(
  "95% Monte Carlo interval of the mean: mean over replicates \u00b1 t(0.975, n\u22121) \u00b7 SD / \u221an ",
  "(Student t, n replicates); it shows the model's chance variation, not whether its parameters are right")

pathways_interval <- function(values) {
  v <- as.numeric(values)
  v <- v[is.finite(v)]
  n <- length(v)
  out <- list(mean = NaN, sd = NaN, ci_low = NaN, ci_high = NaN, n = n)
  if (n == 0) return(out)
  out$mean <- sum(v) / n
  if (n < 2) return(out)
  out$sd <- sqrt(sum((v - out$mean)^2) / (n - 1))
  half <- qt(0.975, n - 1) * out$sd / sqrt(n)
  out$ci_low <- out$mean - half
  out$ci_high <- out$mean + half
  out
}

.pathways_not_columns <- c("count_names", "sum_names")

# H5Lexists fails on a path whose parent is missing: test each step.
.pathways_exists <- function(f, path) {
  parts <- strsplit(path, "/", fixed = TRUE)[[1]]
  for (k in seq_along(parts)) if (!f$exists(paste(parts[1:k], collapse = "/"))) return(FALSE)
  TRUE
}

.pathways_listing <- function(f) {
  l <- f$ls(recursive = TRUE, detailed = FALSE)
  l[l$obj_type == "H5I_DATASET", "name"]
}

pathways_file_kind <- function(path) {
  f <- H5File$new(path, mode = "r")
  on.exit(f$close_all())
  fmt <- h5attr(f, "format")
  if (fmt == "pathways-comparison") return("comparison")
  if (fmt == "pathways-results") return(if (f$exists("projection")) "projection" else "results")
  stop(path, ": not a pathways results or comparison file (format '", fmt, "')")
}

# A group of equal-length 1-D datasets (by_group's count_names and sum_names aside).
.pathways_is_table <- function(f, g) {
  obj <- f[[g]]
  if (!inherits(obj, "H5Group")) return(FALSE)
  cols <- setdiff(names(obj), .pathways_not_columns)
  lens <- vapply(cols, function(c) {
    d <- obj[[c]]
    if (!inherits(d, "H5D")) return(NA_real_)
    dims <- d$dims
    if (length(dims) == 1) dims else -1
  }, numeric(1))
  lens <- lens[!is.na(lens)]
  length(lens) > 0 && all(lens >= 0) && length(unique(lens)) == 1
}

pathways_tables <- function(path) {
  f <- H5File$new(path, mode = "r")
  on.exit(f$close_all())
  ds <- .pathways_listing(f)
  groups <- unique(ifelse(grepl("/", ds), sub("/[^/]*$", "", ds), ""))
  names <- character(0)
  for (g in groups) {
    if (g == "" || g == "labels") next
    name <- if (startsWith(g, "scenarios/")) sub("^scenarios/[^/]+/", "", g) else g
    if (name %in% names || !.pathways_is_table(f, g)) next
    names <- c(names, name)
  }
  names
}

.pathways_read_group <- function(f, g) {
  cols <- setdiff(names(f[[g]]), .pathways_not_columns)
  cols <- cols[vapply(cols, function(c) inherits(f[[paste0(g, "/", c)]], "H5D"), logical(1))]
  d <- lapply(cols, function(c) {
    ds <- f[[paste0(g, "/", c)]]
    if (ds$dims == 0) return(if (inherits(ds$get_type(), "H5T_STRING")) character(0) else numeric(0))
    x <- ds[]
    # 64-bit integers as doubles (exact below 2^53: every count and code); the checksum, a uint64
    # hash, stays integer64 (package bit64)
    if (inherits(x, "integer64") && c != "checksum") x <- as.numeric(x)
    x
  })
  names(d) <- cols
  as.data.frame(d, stringsAsFactors = FALSE, optional = TRUE)
}

.pathways_codes <- c(parent_edu = "parent_edu", home_language = "home_language", income_group = "income_group",
                     district = "district", route = "route", teacher_advice = "advice", test_advice = "advice",
                     final_advice = "advice", track_year1 = "track", track_year3 = "track", class_year1 = "class_type",
                     final_stage = "stage")

.pathways_decode <- function(d, name, labels) {
  codes <- .pathways_codes
  if (name == "calendar/enrolment") codes <- c(codes, kind = "enrolment")
  if (name == "calendar/school_years") codes <- c(codes, level = "level")
  all_label <- switch(name, "comparison/headline" = "all", "comparison/switch" = "all",
                      "projection/pupils" = "city", NULL)
  for (col in names(codes)) {
    lab <- codes[[col]]
    if (!(col %in% names(d)) || !(lab %in% names(labels)) || !is.numeric(d[[col]])) next
    levels <- labels[[lab]]
    code <- as.integer(d[[col]])
    if (!is.null(all_label) && any(code < 0)) {
      levels <- c(levels, all_label)
      code[code < 0] <- length(levels) - 1L
    }
    code[code < 0 | code >= length(levels)] <- NA
    d[[col]] <- factor(levels[code + 1L], levels = levels)
  }
  d
}

pathways_table <- function(path, name, decode = TRUE) {
  f <- H5File$new(path, mode = "r")
  on.exit(f$close_all())
  labels <- list()
  if (f$exists("labels")) for (l in names(f[["labels"]])) labels[[l]] <- f[[paste0("labels/", l)]][]
  if (is.null(labels$income_group)) labels$income_group <- c("lowest", "middle", "highest")  # not in older comparison files
  if (.pathways_exists(f, name) && .pathways_is_table(f, name)) {
    d <- .pathways_read_group(f, name)
  } else if (f$exists("scenarios")) {
    scen <- f[["provenance/scenario"]][]
    parts <- list()
    for (s in scen) {
      g <- paste0("scenarios/", s, "/", name)
      if (.pathways_exists(f, g)) parts[[s]] <- cbind(scenario = s, .pathways_read_group(f, g), stringsAsFactors = FALSE)
    }
    if (length(parts) == 0) {
      f$close_all()
      stop(path, ": no table '", name, "'; the tables are: ", paste(pathways_tables(path), collapse = ", "))
    }
    d <- do.call(rbind, unname(parts))
    d$scenario <- factor(d$scenario, levels = scen)
  } else {
    f$close_all()
    stop(path, ": no table '", name, "'; the tables are: ", paste(pathways_tables(path), collapse = ", "))
  }
  rownames(d) <- NULL
  if (decode) .pathways_decode(d, name, labels) else d
}
