# R/pathways_results.R against the simulator's files (made by r_reader_test.sh in `tmp`):
# pathways_interval equals the C++ summary's interval (mean, ci_low, ci_high and the paired
# difference, recomputed here from the stored by_group tables with the outcome definitions of
# docs/comparison.md); the interval statement is the one the summary prints; every table of each
# file kind reads, with codes decoded and a comparison file's scenarios stacked.
args <- commandArgs(trailingOnly = TRUE)
root <- args[1]; tmp <- args[2]
source(file.path(root, "R", "pathways_results.R"))
check <- function(ok, what) if (!isTRUE(ok)) stop("FAILED: ", what, call. = FALSE)
close <- function(a, b) isTRUE(all(abs(a - b) <= 1e-10 * pmax(1, abs(b))))

c_h5 <- file.path(tmp, "c.h5"); r_h5 <- file.path(tmp, "r.h5"); p_h5 <- file.path(tmp, "p.h5")

# the interval from its definition: 1..4 has mean 2.5, sd sqrt(5/3), t(0.975, 3) = 3.182446305284263
iv <- pathways_interval(c(1, 2, 3, 4, NA))
check(iv$n == 4 && iv$mean == 2.5 && close(iv$sd, sqrt(5 / 3)), "interval mean/sd")
check(close(iv$ci_high, 2.5 + 3.182446305284263 * sqrt(5 / 3) / 2), "interval half-width")
check(is.nan(pathways_interval(7)$ci_low), "one value has no interval")

# the statement the C++ summary prints
txt <- paste(readLines(file.path(tmp, "c.txt"), encoding = "UTF-8"), collapse = "\n")
check(grepl(pathways_interval_statement, txt, fixed = TRUE), "interval statement differs from the summary's")

# against the C++ summary: havo/vwo diploma and early leaving per replicate, whole population
bg <- pathways_table(c_h5, "outcomes/by_group", decode = FALSE)
per_rep <- function(s, num, den) {
  d <- bg[bg$scenario == s, ]
  sapply(sort(unique(d$replicate)), function(r) {
    x <- d[d$replicate == r, ]
    100 * sum(sapply(num, function(n) sum(x[[n]]))) / sum(x[[den]])
  })
}
csv <- read.csv(file.path(tmp, "c.csv"), stringsAsFactors = FALSE)
for (o in list(list("havo_vwo_diploma", c("diploma_havo", "diploma_vwo")), list("early_leaving", "early_leaver"))) {
  base <- per_rep("baseline", o[[2]], "children")
  for (s in c("baseline", "double_advice")) {
    v <- per_rep(s, o[[2]], "children")
    row <- csv[csv$scenario == s & csv$outcome == o[[1]], ]
    i <- pathways_interval(v)
    check(nrow(row) == 1 && close(i$mean, row$mean) && close(i$ci_low, row$ci_low) && close(i$ci_high, row$ci_high),
          paste("interval of", s, o[[1]]))
    if (s != "baseline") {
      d <- pathways_interval(v - base)
      check(close(d$mean, row$diff_mean) && close(d$ci_low, row$diff_ci_low) && close(d$ci_high, row$diff_ci_high),
            paste("paired difference of", s, o[[1]]))
    }
  }
}
cat("R interval equals the C++ summary: ok\n")

# tables of every file kind
check(pathways_file_kind(r_h5) == "results" && pathways_file_kind(p_h5) == "projection" &&
      pathways_file_kind(c_h5) == "comparison", "file kinds")
want <- list(r = c("outcomes/by_group", "calendar/enrolment", "microdata/replicate_000", "provenance/parameters"),
             p = c("projection/pupils", "projection/residents"),
             c = c("comparison/headline", "comparison/switch", "outcomes/by_group"))
files <- list(r = r_h5, p = p_h5, c = c_h5)
for (k in names(files)) {
  tabs <- pathways_tables(files[[k]])
  for (n in want[[k]]) check(n %in% tabs, paste(n, "listed in", k))
  for (n in want[[k]]) {
    d <- pathways_table(files[[k]], n)
    check(is.data.frame(d) && ncol(d) > 0 && (!(n %in% want[[k]]) || nrow(d) > 0), paste("table", n, "of", k))
  }
}
d <- pathways_table(r_h5, "outcomes/by_group")
check(identical(levels(d$parent_edu), c("low", "middle", "high")), "parent_edu levels")
check(sum(d$children) == 2 * 2 * 1500, "children born: replicates x cohorts x cohort size")
m <- pathways_table(r_h5, "microdata/replicate_000")
raw <- pathways_table(r_h5, "microdata/replicate_000", decode = FALSE)
check(nrow(m) == 3000 && identical(is.na(m$final_advice), raw$final_advice < 0), "microdata: -1 decodes to NA")
cb <- pathways_table(c_h5, "outcomes/by_group")
check(identical(levels(cb$scenario), c("baseline", "double_advice")) && sum(cb$children) == 2 * 3 * 3000,
      "comparison by_group stacked over scenarios")
pp <- pathways_table(p_h5, "projection/pupils")
check("city" %in% as.character(pp$district), "projection: district -1 is the city")
cat("R reader: ok\n")
