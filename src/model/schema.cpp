#include "model/schema.hpp"

#include "model/schema_build.hpp"

#include "model/budget.hpp"
#include "model/levers.hpp"
#include "model/neighbourhoods.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

namespace pathways::model {

namespace {

// Names every prior dimension after its key: "key", "key[i]", "key:scale", "key[i]:weight".
void name_priors(std::vector<ParamSpec>& specs) {
    for (auto& spec : specs)
        for (auto& d : spec.priors) {
            d.key = spec.key;
            const std::string i = "[" + std::to_string(d.element + 1) + "]";
            switch (d.target) {
                case PriorTarget::value: d.name = spec.key; break;
                case PriorTarget::element: d.name = spec.key + i; break;
                case PriorTarget::scale: d.name = spec.key + ":scale"; break;
                case PriorTarget::shift: d.name = spec.key + ":shift"; break;
                case PriorTarget::share: d.name = spec.key + i + ":share"; break;
                case PriorTarget::weight: d.name = spec.key + i + ":weight"; break;
            }
        }
}

std::vector<ParamSpec> build_schema() {
    std::vector<ParamSpec> s;
    schema_build::add_child_path(s);
    schema_build::add_policies(s);
    name_priors(s);
    return s;
}

}  // namespace

const std::vector<ParamSpec>& schema() {
    static const std::vector<ParamSpec> s = build_schema();
    return s;
}

const ParamSpec* find_param(const std::string& key) {
    for (const auto& spec : schema())
        if (spec.key == key) return &spec;
    return nullptr;
}

Params default_params() {
    Params p;
    for (const auto& spec : schema()) spec.set(p, spec.default_value);
    return p;
}

std::optional<std::string> check_consistency(const Params& p) {
    const auto& pop = p.population;
    const std::size_t n = pop.district_names.size();
    if (n == 0) return "population.district_names must name at least one district";
    if (pop.district_birth_share.size() != n || pop.district_low_ses_share.size() != n)
        return "population.district_birth_share and population.district_low_ses_share need one value per entry of "
               "population.district_names (" + std::to_string(n) + ")";
    auto sums_to_one = [](const auto& v) {
        return std::abs(std::accumulate(v.begin(), v.end(), 0.0) - 1.0) < 1e-6;
    };
    if (!sums_to_one(pop.district_birth_share)) return "population.district_birth_share must sum to 1";
    if (!sums_to_one(pop.parent_edu_if_low_ses)) return "population.parent_edu_if_low_ses must sum to 1";
    if (!sums_to_one(pop.parent_edu_if_not_low_ses)) return "population.parent_edu_if_not_low_ses must sum to 1";
    const auto& a = p.selection.advice_shares;
    if (std::abs(std::accumulate(a.begin(), a.end(), 0.0) - 100.0) > 0.5)
        return "selection.advice_shares must sum to 100 (per cent)";
    if (p.selection.pro_share >= a[0]) return "selection.pro_share must be below selection.advice_shares[0]";
    if (p.projection.start_year > 0 && p.projection.district_migration.size() != n)
        return "projection.district_migration needs one value per entry of population.district_names (" + std::to_string(n) + ")";
    if (p.projection.start_year > 0 && p.projection.district_growth.size() != n)
        return "projection.district_growth needs one value per entry of population.district_names (" + std::to_string(n) + ")";
    if (!p.projection.primary_places.empty() && p.projection.primary_places.size() != n)
        return "projection.primary_places needs one value per entry of population.district_names (" + std::to_string(n) + ")";
    // A wrong district name is answered with the valid ones, so the user can correct it at once.
    std::string valid;
    for (const auto& name : pop.district_names) valid += (valid.empty() ? "" : ", ") + name;
    const auto unknown = [&](const std::string& key, const std::vector<std::string>& names) -> std::optional<std::string> {
        for (const auto& d : names)
            if (std::find(pop.district_names.begin(), pop.district_names.end(), d) == pop.district_names.end()) {
                std::string msg = key + " names '" + d + "', which is not a district of population.district_names (" + valid + ")";
                // a Utrecht neighbourhood where its district is meant (neighbourhoods.hpp)
                const auto holder = district_of_neighbourhood(d);
                if (holder && std::find(pop.district_names.begin(), pop.district_names.end(), *holder) != pop.district_names.end())
                    msg += "; '" + d + "' is a neighbourhood of " + std::string(*holder) +
                           ", and levers reach whole districts: name \"" + std::string(*holder) + "\"";
                return msg;
            }
        return std::nullopt;
    };
    if (auto e = unknown("interventions.workshop_districts", p.interventions.workshop_districts)) return e;
    if (auto e = unknown("interventions.prevention_districts", p.interventions.prevention_districts)) return e;
    for (int l = 0; l < kLevers; ++l) {
        const Timing& t = p.levers.timing[static_cast<std::size_t>(l)];
        const std::string name = lever_name(static_cast<Lever>(l));
        if (auto e = unknown(name + ".districts", t.districts)) return e;
        if (t.start_year != 0 && t.end_year != 0 && t.end_year < t.start_year)
            return name + ".end_year (" + std::to_string(t.end_year) + ") is before " + name + ".start_year (" +
                   std::to_string(t.start_year) + ")";
    }
    return std::nullopt;
}

std::string kind_name(ParamKind kind) {
    switch (kind) {
        case ParamKind::number: return "number";
        case ParamKind::integer: return "integer";
        case ParamKind::boolean: return "boolean";
        case ParamKind::choice: return "string";
        case ParamKind::number_list: return "array of numbers";
        case ParamKind::string_list: return "array of strings";
    }
    return "?";
}

std::string format_value(const ParamValue& v) {
    std::ostringstream out;
    out.precision(10);
    std::visit(
        [&](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, bool>) out << (x ? "true" : "false");
            else if constexpr (std::is_same_v<T, std::string>) out << '"' << x << '"';
            else if constexpr (std::is_same_v<T, std::vector<double>>) {
                out << '[';
                for (std::size_t i = 0; i < x.size(); ++i) out << (i ? ", " : "") << x[i];
                out << ']';
            } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                out << '[';
                for (std::size_t i = 0; i < x.size(); ++i) out << (i ? ", " : "") << '"' << x[i] << '"';
                out << ']';
            } else out << x;
        },
        v);
    return out.str();
}

}  // namespace pathways::model
