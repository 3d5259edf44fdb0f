// Building blocks of the parameter schema (schema.cpp): one ParamSpec per key with its default,
// range, unit, meaning, source and prior. Internal to the three files that write the schema:
// schema_children.cpp (the child's path, MODEL.md §3.1-3.9), schema_policies.cpp (interventions,
// levers, projection) and schema.cpp (the whole list, in that order).
#pragma once

#include "model/schema.hpp"

#include <string>
#include <utility>
#include <vector>

namespace pathways::model::schema_build {

// A field accessor that works on const and mutable Params alike.
#define FIELD(path) [](auto& p) -> auto& { return p.path; }

inline ParamSpec base(std::string key, ParamKind kind, std::string unit, double lo, double hi, std::string meaning,
               std::string source) {
    ParamSpec s;
    s.key = std::move(key);
    s.kind = kind;
    s.unit = std::move(unit);
    s.min = lo;
    s.max = hi;
    s.meaning = std::move(meaning);
    s.assumption = source.rfind("assumption", 0) == 0;
    s.source = std::move(source);
    return s;
}

template <class F>
ParamSpec number(std::string key, F field, double def, double lo, double hi, std::string unit, std::string meaning,
                 std::string source) {
    ParamSpec s = base(std::move(key), ParamKind::number, std::move(unit), lo, hi, std::move(meaning), std::move(source));
    s.default_value = def;
    s.get = [field](const Params& p) { return ParamValue{static_cast<double>(field(p))}; };
    s.set = [field](Params& p, const ParamValue& v) { field(p) = std::get<double>(v); };
    return s;
}

template <class F>
ParamSpec integer(std::string key, F field, std::int64_t def, double lo, double hi, std::string unit,
                  std::string meaning, std::string source) {
    ParamSpec s = base(std::move(key), ParamKind::integer, std::move(unit), lo, hi, std::move(meaning), std::move(source));
    s.default_value = def;
    s.get = [field](const Params& p) { return ParamValue{static_cast<std::int64_t>(field(p))}; };
    s.set = [field](Params& p, const ParamValue& v) { field(p) = static_cast<int>(std::get<std::int64_t>(v)); };
    return s;
}

template <class F>
ParamSpec boolean(std::string key, F field, bool def, std::string meaning, std::string source) {
    ParamSpec s = base(std::move(key), ParamKind::boolean, "", 0, 1, std::move(meaning), std::move(source));
    s.default_value = def;
    s.get = [field](const Params& p) { return ParamValue{static_cast<bool>(field(p))}; };
    s.set = [field](Params& p, const ParamValue& v) { field(p) = std::get<bool>(v); };
    return s;
}

template <class F>
ParamSpec choice(std::string key, F field, std::vector<std::string> choices, std::string def, std::string meaning,
                 std::string source) {
    ParamSpec s = base(std::move(key), ParamKind::choice, "", 0, 0, std::move(meaning), std::move(source));
    s.default_value = std::move(def);
    s.choices = choices;
    s.get = [field, choices](const Params& p) { return ParamValue{choices.at(static_cast<std::size_t>(field(p)))}; };
    s.set = [field, choices](Params& p, const ParamValue& v) {
        const auto it = std::find(choices.begin(), choices.end(), std::get<std::string>(v));
        using E = std::remove_reference_t<decltype(field(p))>;
        field(p) = static_cast<E>(it - choices.begin());
    };
    return s;
}

template <class F>
ParamSpec numbers(std::string key, F field, std::vector<double> def, double lo, double hi, std::string unit,
                  std::string meaning, std::string source) {
    ParamSpec s = base(std::move(key), ParamKind::number_list, std::move(unit), lo, hi, std::move(meaning), std::move(source));
    using Field = std::remove_cv_t<std::remove_reference_t<decltype(field(std::declval<Params&>()))>>;
    if constexpr (!std::is_same_v<Field, std::vector<double>>) s.list_size = std::tuple_size_v<Field>;
    s.default_value = std::move(def);
    s.get = [field](const Params& p) {
        const auto& a = field(p);
        return ParamValue{std::vector<double>(a.begin(), a.end())};
    };
    s.set = [field](Params& p, const ParamValue& v) {
        const auto& in = std::get<std::vector<double>>(v);
        auto& out = field(p);
        if constexpr (std::is_same_v<Field, std::vector<double>>) out = in;
        else std::copy(in.begin(), in.end(), out.begin());
    };
    return s;
}

template <class F>
ParamSpec strings(std::string key, F field, std::vector<std::string> def, std::string meaning, std::string source) {
    ParamSpec s = base(std::move(key), ParamKind::string_list, "", 0, 0, std::move(meaning), std::move(source));
    s.default_value = std::move(def);
    s.get = [field](const Params& p) { return ParamValue{field(p)}; };
    s.set = [field](Params& p, const ParamValue& v) { field(p) = std::get<std::vector<std::string>>(v); };
    return s;
}

// Prior dimensions, written beside each default (docs/evidence.md, table "every behavioural
// parameter", proposes them): U uniform, T triangular, LU log-uniform; element(i, ...) for element i
// (1-based) of an array, scale(...) for a multiplier on the whole array, share(i, ...) for one
// share whose siblings make room, dirichlet(mean, concentration) for shares that move together.
inline PriorDimension dim(Prior prior) { return {"", "", PriorTarget::value, 0, prior}; }
inline PriorDimension U(double low, double high) { return dim(uniform_prior(low, high)); }
inline PriorDimension T(double low, double mode, double high) { return dim(triangular_prior(low, mode, high)); }
inline PriorDimension LU(double low, double high) { return dim(loguniform_prior(low, high)); }
inline PriorDimension element(std::size_t i, PriorDimension d) {
    d.target = PriorTarget::element;
    d.element = i - 1;
    return d;
}
inline PriorDimension scale(PriorDimension d) {
    d.target = PriorTarget::scale;
    return d;
}
inline PriorDimension share(std::size_t i, PriorDimension d) {
    d.target = PriorTarget::share;
    d.element = i - 1;
    return d;
}
// Dirichlet(concentration × mean) as independent gamma weights with mean 1 (shape α = concentration
// × mean_i, scale 1/α), multiplied into the shares and renormalised; truncated at 5 (never reached
// in practice: P(weight > 5) < 1e-6 for α >= 8).
inline std::vector<PriorDimension> dirichlet(const std::vector<double>& mean, double concentration) {
    std::vector<PriorDimension> out;
    for (std::size_t i = 0; i < mean.size(); ++i) {
        const double alpha = concentration * mean[i];
        PriorDimension d = dim(gamma_prior(alpha, 1 / alpha, 0, 5));
        d.target = PriorTarget::weight;
        d.element = i;
        out.push_back(d);
    }
    return out;
}

// The parts of the schema, appended in this order (docs/parameters.md follows it).
void add_child_path(std::vector<ParamSpec>& s);  // population to wellbeing (schema_children.cpp)
void add_policies(std::vector<ParamSpec>& s);    // interventions, levers, projection (schema_policies.cpp)

}  // namespace pathways::model::schema_build
