#include "model/schema.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <set>
#include <string>

using namespace pathways::model;

TEST_CASE("every parameter has a unique key, a meaning, a source and a default inside its range") {
    std::set<std::string> keys;
    for (const auto& spec : schema()) {
        INFO(spec.key);
        CHECK(keys.insert(spec.key).second);
        CHECK(spec.key.find('.') != std::string::npos);
        CHECK_FALSE(spec.meaning.empty());
        CHECK_FALSE(spec.source.empty());
        if (spec.kind == ParamKind::number) {
            const double d = std::get<double>(spec.default_value);
            CHECK(d >= spec.min);
            CHECK(d <= spec.max);
        }
        if (spec.kind == ParamKind::number_list) {
            const auto& v = std::get<std::vector<double>>(spec.default_value);
            if (spec.list_size) CHECK(v.size() == spec.list_size);
            for (const double d : v) {
                CHECK(d >= spec.min);
                CHECK(d <= spec.max);
            }
        }
        if (spec.kind == ParamKind::choice)
            CHECK(std::find(spec.choices.begin(), spec.choices.end(), std::get<std::string>(spec.default_value)) !=
                  spec.choices.end());
    }
}

TEST_CASE("the defaults are consistent and every field reads back what was set") {
    const Params p = default_params();
    CHECK_FALSE(check_consistency(p).has_value());
    for (const auto& spec : schema()) {
        INFO(spec.key);
        CHECK(format_value(spec.get(p)) == format_value(spec.default_value));
    }
}

TEST_CASE("consistency checks name the keys that disagree") {
    Params p = default_params();
    p.population.district_birth_share.pop_back();
    const auto problem = check_consistency(p);
    REQUIRE(problem.has_value());
    CHECK(problem->find("population.district_birth_share") != std::string::npos);
    Params q = default_params();
    q.selection.pro_share = 20;
    REQUIRE(check_consistency(q).has_value());
    CHECK(check_consistency(q)->find("selection.pro_share") != std::string::npos);
}

// Issue 31: every parameter that the uncertainty analysis draws has its evidence entry (study,
// published figure, or the reason it is an assumption and its range) in docs/evidence.md.
TEST_CASE("every parameter with a prior is traced in docs/evidence.md") {
    std::ifstream in(std::string(PATHWAYS_SOURCE_DIR) + "/docs/evidence.md");
    REQUIRE(in);
    const std::string evidence((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t with_prior = 0;
    for (const auto& spec : schema()) {
        if (spec.priors.empty()) continue;
        ++with_prior;
        INFO(spec.key);
        CHECK(evidence.find("`" + spec.key + "`") != std::string::npos);
    }
    CHECK(with_prior > 100);
}

// The status of a parameter is said twice, for two readers: in the schema's source (parameters.md
// marks **assumption**) and in the status column of docs/evidence.md's table (A, E, P, S). They
// must agree, or the count of assumptions a reader is given depends on which file they open.
TEST_CASE("the schema and the evidence table agree on which parameters are assumptions") {
    std::ifstream in(std::string(PATHWAYS_SOURCE_DIR) + "/docs/evidence.md");
    REQUIRE(in);
    std::string line;
    bool in_table = false;
    std::size_t rows = 0;
    while (std::getline(in, line)) {
        if (line.rfind("| key | status", 0) == 0) {
            in_table = true;
            continue;
        }
        if (!in_table || line.rfind("| `", 0) != 0) continue;
        const auto key_end = line.find('`', 3);
        const std::string key = line.substr(3, key_end - 3);
        const auto status_begin = line.find("| ", key_end) + 2;
        const char status = line[status_begin];
        INFO(key << ": evidence.md status '" << line.substr(status_begin, line.find(" |", status_begin) - status_begin) << "'");
        const ParamSpec* spec = find_param(key);
        REQUIRE(spec != nullptr);
        ++rows;
        if (status == 'S') continue;  // a scenario input: a choice, not a behavioural parameter
        REQUIRE((status == 'A' || status == 'E' || status == 'P'));
        CHECK(spec->assumption == (status == 'A'));
    }
    CHECK(rows > 150);
}
