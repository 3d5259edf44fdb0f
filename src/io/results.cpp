#include "io/results.hpp"

#include "io/comparison.hpp"
#include "io/h5.hpp"
#include "model/budget.hpp"
#include "model/levers.hpp"
#include "model/schema.hpp"

#include <CLI/Version.hpp>
#include <boost/version.hpp>
#include <oneapi/tbb/version.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <unistd.h>

namespace pathways::io {
namespace {

namespace fs = std::filesystem;
using h5::Handle;

template <class T, class F>
std::vector<T> gather(const RunResult& run, F per_replicate) {
    std::vector<T> out;
    for (const auto& r : run.replicates) per_replicate(r, out);
    return out;
}

void write_labels(hid_t file, const scenario::Scenario& s) {
    Handle g = h5::create_group(file, "labels");
    h5::write_string_column(g.id(), "advice", model::advice_names());
    h5::write_string_column(g.id(), "track", model::track_names());
    h5::write_string_column(g.id(), "district", s.params.population.district_names);
    h5::write_string_column(g.id(), "parent_edu", {"low", "middle", "high"});
    h5::write_string_column(g.id(), "home_language", {"dutch", "multilingual"});
    h5::write_string_column(g.id(), "income_group", {"lowest", "middle", "highest"});
    h5::write_string_column(g.id(), "route", {"regular", "ten_fourteen", "zero_eighteen"});
    h5::write_string_column(g.id(), "enrolment", model::enrolment_names());
    h5::write_string_column(g.id(), "level", model::level_names());
    h5::write_string_column(g.id(), "event", model::event_names());
    h5::write_string_column(g.id(), "class_type", {"categorical", "dual", "broad", "havokans"});
    h5::write_string_column(g.id(), "stage", {"unborn", "home", "preschool", "primary", "ten_fourteen", "secondary",
                                              "left_with_diploma", "left_without_diploma", "left_pro"});
}

void write_provenance(hid_t file, const scenario::Scenario& s, const Provenance& prov, const RunResult& run) {
    Handle g = h5::create_group(file, "provenance");
    h5::write_attribute(g.id(), "scenario_name", s.name);
    h5::write_attribute(g.id(), "scenario_description", s.description);
    h5::write_attribute(g.id(), "seed", static_cast<std::int64_t>(prov.seed));
    h5::write_attribute(g.id(), "replicates", static_cast<std::int64_t>(prov.replicates));
    h5::write_attribute(g.id(), "code_version", prov.code_version);
    std::string overrides;
    for (const auto& o : s.overrides) overrides += (overrides.empty() ? "" : "\n") + o;
    h5::write_attribute(g.id(), "overrides", overrides);
    h5::write_attribute(g.id(), "child_years", static_cast<std::int64_t>(run.child_years));
    for (const auto& [lib, version] : library_versions()) h5::write_attribute(g.id(), "version_" + lib, version);
    {   // how this run was executed: differs between runs whose results are identical
        Handle rg = h5::create_group(g.id(), "run");
        h5::write_attribute(rg.id(), "threads", static_cast<std::int64_t>(prov.threads));
        h5::write_attribute(rg.id(), "processes", static_cast<std::int64_t>(1));
        h5::write_attribute(rg.id(), "command_line", prov.command_line);
        h5::write_attribute(rg.id(), "seconds", run.seconds);
    }

    {   // every parameter as resolved, with the schema's unit and source
        Handle pg = h5::create_group(g.id(), "parameters");
        std::vector<std::string> key, value, unit, source, default_value;
        std::vector<std::uint8_t> is_default, assumption;
        for (const auto& spec : model::schema()) {
            key.push_back(spec.key);
            value.push_back(model::format_value(spec.get(s.params)));
            default_value.push_back(model::format_value(spec.default_value));
            unit.push_back(spec.unit);
            source.push_back(spec.source);
            is_default.push_back(value.back() == default_value.back());
            assumption.push_back(spec.assumption);
        }
        h5::write_string_column(pg.id(), "key", key);
        h5::write_string_column(pg.id(), "value", value);
        h5::write_string_column(pg.id(), "default", default_value);
        h5::write_string_column(pg.id(), "unit", unit);
        h5::write_string_column(pg.id(), "source", source);
        h5::write_column(pg.id(), "is_default", is_default);
        h5::write_column(pg.id(), "assumption", assumption);
    }
    {
        Handle fg = h5::create_group(g.id(), "scenario_files");
        std::vector<std::string> path, text;
        for (const auto& f : s.files) {
            path.push_back(f.path);
            text.push_back(f.text);
        }
        h5::write_string_column(fg.id(), "path", path);
        h5::write_string_column(fg.id(), "text", text);
    }
    {   // uncertain parameters: the [uncertainty] ranges, the priors, and each replicate's draws
        h5::write_attribute(g.id(), "parameter_uncertainty", parameter_uncertainty_label(s.priors, !s.uncertain.empty()));
        std::vector<std::uint8_t> drawn;
        for (const auto* d : model::prior_dimensions()) drawn.push_back(scenario::draws_prior(s, *d));
        write_priors_table(g.id(), drawn);
        Handle ug = h5::create_group(g.id(), "uncertainty");
        std::vector<std::string> key;
        std::vector<double> low, high;
        for (const auto& u : s.uncertain) {
            key.push_back(u.key);
            low.push_back(u.low);
            high.push_back(u.high);
        }
        h5::write_string_column(ug.id(), "key", key);
        h5::write_column(ug.id(), "low", low);
        h5::write_column(ug.id(), "high", high);
        std::vector<std::int32_t> replicate;
        std::vector<scenario::ParameterDraw> draws;
        for (const auto& r : run.replicates)
            for (auto& d : scenario::replicate_draws(s, prov.seed, r.replicate)) {
                replicate.push_back(r.replicate);
                draws.push_back(std::move(d));
            }
        write_draws_table(ug.id(), replicate, draws);
    }
    {
        Handle cg = h5::create_group(g.id(), "checksums");
        std::vector<std::int32_t> replicate;
        std::vector<std::uint64_t> checksum, child_years;
        for (const auto& r : run.replicates) {
            replicate.push_back(r.replicate);
            checksum.push_back(r.checksum);
            child_years.push_back(r.child_years);
        }
        h5::write_column(cg.id(), "replicate", replicate);
        h5::write_column(cg.id(), "checksum", checksum);
        h5::write_column(cg.id(), "child_years", child_years);
    }
}

void write_outcomes(hid_t file, const RunResult& run) {
    Handle g = h5::create_group(file, "outcomes");
    std::vector<const model::OutcomeTable*> tables;
    std::vector<int> ids;
    for (const auto& r : run.replicates) {
        tables.push_back(&r.outcomes);
        ids.push_back(r.replicate);
    }
    write_by_group(g.id(), tables, ids);
}

void write_indicators(hid_t file, const RunResult& run) {
    Handle t = h5::create_group(file, "outcomes/indicators");
    std::vector<std::int32_t> replicate;
    std::vector<std::string> id;
    std::vector<double> value, denominator;
    for (const auto& r : run.replicates)
        for (const auto& [key, e] : r.indicators) {
            replicate.push_back(r.replicate);
            id.push_back(key);
            value.push_back(e.percent);
            denominator.push_back(e.denominator);
        }
    h5::write_column(t.id(), "replicate", replicate);
    h5::write_string_column(t.id(), "id", id);
    h5::write_column(t.id(), "value", value);
    h5::write_column(t.id(), "denominator", denominator);
}

void write_calendar(hid_t file, const RunResult& run) {
    Handle g = h5::create_group(file, "calendar");
    {
        Handle t = h5::create_group(g.id(), "enrolment");
        std::vector<std::int32_t> replicate, year, district, kind;
        std::vector<std::uint32_t> pupils;
        for (const auto& r : run.replicates)
            for (const auto& y : r.years)
                for (std::size_t k = 0; k < y.enrolment.size(); ++k) {
                    replicate.push_back(r.replicate);
                    year.push_back(y.year);
                    district.push_back(static_cast<std::int32_t>(k / model::kEnrolmentKinds));
                    kind.push_back(static_cast<std::int32_t>(k % model::kEnrolmentKinds));
                    pupils.push_back(y.enrolment[k]);
                }
        h5::write_column(t.id(), "replicate", replicate);
        h5::write_column(t.id(), "year", year);
        h5::write_column(t.id(), "district", district);
        h5::write_column(t.id(), "kind", kind);
        h5::write_column(t.id(), "pupils", pupils);
    }
    {
        Handle t = h5::create_group(g.id(), "school_years");
        std::vector<std::int32_t> replicate, year, level, grade;
        std::vector<std::uint32_t> pupils;
        std::vector<std::vector<std::uint32_t>> events(model::kYearEvents);
        for (const auto& r : run.replicates)
            for (const auto& y : r.years)
                for (int l = 0; l < model::kLevels; ++l)
                    for (int gr = 1; gr < model::kGrades; ++gr) {
                        const auto cell = static_cast<std::size_t>(l * model::kGrades + gr);
                        replicate.push_back(r.replicate);
                        year.push_back(y.year);
                        level.push_back(l);
                        grade.push_back(gr);
                        pupils.push_back(y.pupils[cell]);
                        for (std::size_t e = 0; e < static_cast<std::size_t>(model::kYearEvents); ++e)
                            events[e].push_back(y.events.empty() ? 0 : y.events[cell * model::kYearEvents + e]);
                    }
        h5::write_column(t.id(), "replicate", replicate);
        h5::write_column(t.id(), "year", year);
        h5::write_column(t.id(), "level", level);
        h5::write_column(t.id(), "grade", grade);
        h5::write_column(t.id(), "pupils", pupils);
        for (std::size_t e = 1; e < events.size(); ++e) h5::write_column(t.id(), model::event_names()[e], events[e]);
    }
    {
        Handle t = h5::create_group(g.id(), "segregation");
        std::vector<std::int32_t> replicate, year;
        std::vector<double> dissimilarity, secondary_dissimilarity, library_cost;
        std::vector<std::int32_t> library_schools;
        for (const auto& r : run.replicates)
            for (const auto& y : r.years) {
                replicate.push_back(r.replicate);
                year.push_back(y.year);
                dissimilarity.push_back(y.primary_dissimilarity);
                secondary_dissimilarity.push_back(y.secondary_dissimilarity);
                library_cost.push_back(y.library_cost);
                library_schools.push_back(y.library_schools);
            }
        h5::write_column(t.id(), "replicate", replicate);
        h5::write_column(t.id(), "year", year);
        h5::write_column(t.id(), "primary_dissimilarity", dissimilarity);
        h5::write_column(t.id(), "secondary_dissimilarity", secondary_dissimilarity);
        h5::write_column(t.id(), "library_cost", library_cost);
        h5::write_column(t.id(), "library_schools", library_schools);
    }
    {
        // Budgets by year (docs/model.md, Budgets): for dBos and each lever a budget can drive,
        // the city's budget, the spending on the simulated children and its city-wide equivalent.
        Handle t = h5::create_group(g.id(), "budgets");
        std::vector<std::int32_t> replicate, year;
        std::vector<model::Lever> levers{model::Lever::library};
        for (int l = 0; l < model::kLevers; ++l)
            if (model::has_budget(static_cast<model::Lever>(l))) levers.push_back(static_cast<model::Lever>(l));
        std::vector<std::vector<double>> budget(levers.size()), spent(levers.size()), spent_city(levers.size()), scale(levers.size());
        for (const auto& r : run.replicates)
            for (const auto& y : r.years) {
                replicate.push_back(r.replicate);
                year.push_back(y.year);
                for (std::size_t k = 0; k < levers.size(); ++k) {
                    const auto l = static_cast<std::size_t>(levers[k]);
                    budget[k].push_back(y.budget_city[l]);
                    spent[k].push_back(y.budget_spent[l]);
                    spent_city[k].push_back(y.budget_scale[l] > 0 ? y.budget_spent[l] / y.budget_scale[l] : 0.0);
                    scale[k].push_back(y.budget_scale[l]);
                }
            }
        h5::write_column(t.id(), "replicate", replicate);
        h5::write_column(t.id(), "year", year);
        for (std::size_t k = 0; k < levers.size(); ++k) {
            const std::string name = model::lever_name(levers[k]);
            h5::write_column(t.id(), name + "_budget", budget[k]);
            h5::write_column(t.id(), name + "_spent", spent[k]);
            h5::write_column(t.id(), name + "_spent_city", spent_city[k]);
            h5::write_column(t.id(), name + "_scale", scale[k]);
        }
    }
}

void write_projection(hid_t file, const RunResult& run) {
    if (run.projection.empty()) return;
    Handle g = h5::create_group(file, "projection");
    {
        Handle t = h5::create_group(g.id(), "pupils");
        std::vector<std::int32_t> year, district;
        std::vector<std::string> type;
        std::vector<double> mean, lo, hi, places, shortfall;
        for (const auto& r : run.projection) {
            year.push_back(r.year);
            district.push_back(r.district);
            type.push_back(r.school_type);
            mean.push_back(r.mean);
            lo.push_back(r.ci_low);
            hi.push_back(r.ci_high);
            places.push_back(r.places);
            shortfall.push_back(r.shortfall);
        }
        h5::write_column(t.id(), "year", year);
        h5::write_column(t.id(), "district", district);
        h5::write_string_column(t.id(), "school_type", type);
        h5::write_column(t.id(), "mean", mean);
        h5::write_column(t.id(), "ci_low", lo);
        h5::write_column(t.id(), "ci_high", hi);
        h5::write_column(t.id(), "places", places);
        h5::write_column(t.id(), "shortfall", shortfall);
    }
    {   // residents by age group on 1 January of each year, per replicate
        Handle t = h5::create_group(g.id(), "residents");
        std::vector<std::int32_t> replicate, year;
        std::vector<std::uint32_t> a03, a411, a1217;
        for (const auto& r : run.replicates)
            for (const auto& y : r.years) {
                std::uint32_t g3[3] = {0, 0, 0};
                // on 1 October of y.year a child born in year b has lived through the school years
                // up to y.year: on 1 January of y.year it was y.year - 1 - b years old
                for (std::size_t age = 1; age < y.residents_by_age.size() && age <= 18; ++age)
                    g3[age - 1 <= 3 ? 0 : age - 1 <= 11 ? 1 : 2] += y.residents_by_age[age];
                replicate.push_back(r.replicate);
                year.push_back(y.year);
                a03.push_back(g3[0]);
                a411.push_back(g3[1]);
                a1217.push_back(g3[2]);
            }
        h5::write_column(t.id(), "replicate", replicate);
        h5::write_column(t.id(), "january_1_of", year);
        h5::write_column(t.id(), "ages_0_3", a03);
        h5::write_column(t.id(), "ages_4_11", a411);
        h5::write_column(t.id(), "ages_12_17", a1217);
    }
}

void write_microdata(hid_t file, const RunResult& run) {
    if (run.replicates.empty() || run.replicates.front().microdata.int_names.empty()) return;
    Handle g = h5::create_group(file, "microdata");
    for (const auto& r : run.replicates) {
        char name[32];
        std::snprintf(name, sizeof name, "replicate_%03d", r.replicate);
        Handle rg = h5::create_group(g.id(), name);
        const auto& m = r.microdata;
        for (std::size_t c = 0; c < m.int_names.size(); ++c) h5::write_column(rg.id(), m.int_names[c], m.int_columns[c], true);
        for (std::size_t c = 0; c < m.names.size(); ++c) h5::write_column(rg.id(), m.names[c], m.float_columns[c], true);
    }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> library_versions() {
    unsigned maj = 0, min = 0, rel = 0;
    H5get_libversion(&maj, &min, &rel);
    return {
        {"hdf5", std::to_string(maj) + "." + std::to_string(min) + "." + std::to_string(rel)},
        {"onetbb", TBB_VERSION_STRING},
        {"boost", std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) + "." +
                      std::to_string(BOOST_VERSION % 100)},
        {"tomlplusplus", std::to_string(TOML_LIB_MAJOR) + "." + std::to_string(TOML_LIB_MINOR) + "." +
                             std::to_string(TOML_LIB_PATCH)},
        {"cli11", CLI11_VERSION},
        {"random123", "Philox4x32-10 (Debian librandom123-dev)"},
    };
}

void write_results(const std::string& path, const scenario::Scenario& s, const Provenance& prov, const RunResult& run) {
    h5::write_file_atomically(path, [&](hid_t file) {
        h5::write_attribute(file, "format", std::string("pathways-results"));
        h5::write_attribute(file, "format_version", static_cast<std::int64_t>(1));
        write_provenance(file, s, prov, run);
        write_labels(file, s);
        write_outcomes(file, run);
        write_indicators(file, run);
        write_calendar(file, run);
        write_microdata(file, run);
        write_projection(file, run);
    });
}

}  // namespace pathways::io
