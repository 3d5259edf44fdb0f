#include "model/outcomes.hpp"

#include "model/levers.hpp"
#include "model/mobility.hpp"

#include <algorithm>
#include <stdexcept>

namespace pathways::model {

const std::vector<std::string>& advice_names() {
    static const std::vector<std::string> v{"pro_vmbo_b", "vmbo_b_k", "vmbo_k", "vmbo_k_gt", "vmbo_gt",
                                            "vmbo_gt_havo", "havo", "havo_vwo", "vwo"};
    return v;
}
const std::vector<std::string>& track_names() {
    static const std::vector<std::string> v{"pro", "vmbo_b", "vmbo_k", "vmbo_gt", "havo", "vwo"};
    return v;
}
const std::vector<std::string>& enrolment_names() {
    static const std::vector<std::string> v{"home", "preschool", "primary", "ten_fourteen", "zero_eighteen", "pro",
                                            "vmbo_b", "vmbo_k", "vmbo_gt", "havo", "vwo", "left_school"};
    return v;
}
const std::vector<std::string>& level_names() {
    static const std::vector<std::string> v{"primary", "pro", "vmbo_b", "vmbo_k", "vmbo_gt", "havo", "vwo"};
    return v;
}
const std::vector<std::string>& event_names() {
    static const std::vector<std::string> v{"none", "promoted", "repeated", "exam_passed", "exam_failed",
                                            "left_early", "moved_down_upper", "left_with_diploma"};
    return v;
}

const std::vector<std::int64_t>& OutcomeTable::column(const std::string& name) const {
    for (std::size_t c = 0; c < count_names.size(); ++c)
        if (count_names[c] == name) return counts[c];
    throw std::out_of_range("no outcome column " + name);
}
std::int64_t OutcomeTable::count(const std::string& name, std::size_t row) const { return column(name)[row]; }
std::int64_t OutcomeTable::total(const std::string& name) const {
    std::int64_t t = 0;
    for (const auto v : column(name)) t += v;
    return t;
}

namespace {

// The count columns' places in the table, in its column order: constants, so that the tally's
// additions address a row's cells with fixed offsets (as variables the compiler reloaded each
// place for every addition). A series takes one place per label.
enum CountColumn : int {
    children, low_ses, income_high, ve_target, ve_participant,
    route,  // regular, ten_fourteen, zero_eighteen
    retained_primary = route + 3, retained_secondary,
    teacher = retained_secondary + 1, test = teacher + kAdviceCategories, final_advice = test + kAdviceCategories,
    advised = final_advice + kAdviceCategories, test_higher, raised,
    y1 = raised + 1, y1_dual = y1 + kTracks, y1_broad,
    y3 = y1_broad + 1, y3_vs_advice = y3 + kTracks,  // five positions against the advice
    moved_up = y3_vs_advice + 5, moved_down,
    raised_in_year3, raised_below_year3,  // R07: pupils whose advice was raised, and of them below it in year 3
    // the highest diploma 7, 4, 5 and 6 years after entry: each its tracks, none, not reached
    d7 = raised_below_year3 + 1, d4 = d7 + kTracks + 2, d5 = d4 + kTracks + 2, d6 = d5 + kTracks + 2,
    dip = d6 + kTracks + 2, dip_none = dip + kTracks,
    early, high_potential, high_potential_below_havo, y3_below_potential, y3_above_potential, took_connection, took_havokans,
    took_recovery, library_years, y1_havokans, low_wellbeing_15, youth_care, group_help, prevention, took_handover, custom_diploma,
    workshop, took_first1000, reading_years, promoted_instead, newcomers, took_nt2, special_referred, special_supported,
    // M01-M03: pupils with a year-1 class, and their level against its range after 1, 3 and 5
    // years (none, lower, higher, both), each a series of four
    mobility_entrants, mobility_1y, mobility_2y = mobility_1y + 4, mobility_3y = mobility_2y + 4,
    mobility_4y = mobility_3y + 4, mobility_5y = mobility_4y + 4, kCountColumns = mobility_5y + 4
};
// The sums per row: four snapshots of two skills (sum and square), six more, twenty costs (the last their total).
inline constexpr std::size_t kSumColumns = 4 * 4 + 6 + 20;

// The columns' names, each added at the place its constant says (checked: a name added out of
// order would put every later count under the wrong name).
struct Columns {
    std::vector<std::string> names;
    void add(int column, const std::string& n) {
        if (column != static_cast<int>(names.size())) throw std::logic_error("outcome column " + n + " out of place");
        names.push_back(n);
    }
    void add_series(int first, const std::string& prefix, const std::vector<std::string>& labels) {
        for (const auto& l : labels) add(first++, prefix + l);
    }
};

// Where a child's year-3 track lies against its definitive advice (T01-T05).
enum class Year3Position { at, upper_of_double, lower_of_double, above, below };

// Selections rather than early returns: the children's positions come mixed.
Year3Position year3_position(int advice, int track) {
    const int low = advice_low_track(advice), high = advice_high_track(advice);
    const Year3Position in_band = low == high       ? Year3Position::at
                                  : track == high ? Year3Position::upper_of_double
                                                  : Year3Position::lower_of_double;
    const Year3Position off_band = track > high ? Year3Position::above : Year3Position::below;
    const Year3Position position = (track > high) | (track < low) ? off_band : in_band;
    return (advice == 0) & (track <= 1) ? Year3Position::at : position;  // the advice vso/pro/vmbo-b includes pro
}

}  // namespace

OutcomeTable tally_outcomes(const World& world, const Executor& exec) {
    const Params& p = world.params();
    const Population& pop = world.population();
    const Norms& norms = world.norms();
    const std::size_t districts = world.district_count();
    const int cohorts = p.population.birth_cohorts;

    Columns c;
    c.add(children, "children");
    c.add(low_ses, "low_ses");
    c.add(income_high, "income_high");
    c.add(ve_target, "ve_target");
    c.add(ve_participant, "ve_participant");
    c.add_series(route, "route_", {"regular", "ten_fourteen", "zero_eighteen"});
    c.add(retained_primary, "retained_primary");
    c.add(retained_secondary, "retained_secondary");
    c.add_series(teacher, "teacher_advice_", advice_names());
    c.add_series(test, "test_advice_", advice_names());
    c.add_series(final_advice, "final_advice_", advice_names());
    c.add(advised, "advised");
    c.add(test_higher, "test_higher");
    c.add(raised, "advice_raised");
    c.add_series(y1, "track_year1_", track_names());
    c.add(y1_dual, "class_year1_dual");
    c.add(y1_broad, "class_year1_broad");
    c.add_series(y3, "track_year3_", track_names());
    c.add_series(y3_vs_advice, "year3_", {"at_advice", "upper_of_double", "lower_of_double", "above_advice", "below_advice"});
    c.add(moved_up, "moved_up");
    c.add(moved_down, "moved_down");
    c.add(raised_in_year3, "raised_in_year3");
    c.add(raised_below_year3, "raised_below_advice_year3");
    // pro never has a VO diploma: diploma<n>_pro is always 0
    for (const auto& [first, prefix] : {std::pair{d7, "diploma7_"}, std::pair{d4, "diploma4_"}, std::pair{d5, "diploma5_"},
                                        std::pair{d6, "diploma6_"}}) {
        auto names = track_names();
        names.push_back("none");
        names.push_back("not_reached");
        c.add_series(first, prefix, names);
    }
    c.add_series(dip, "diploma_", track_names());
    c.add(dip_none, "diploma_none");
    c.add(early, "early_leaver");
    c.add(high_potential, "high_potential");
    c.add(high_potential_below_havo, "high_potential_year3_below_havo");
    c.add(y3_below_potential, "year3_below_potential");
    c.add(y3_above_potential, "year3_above_potential");
    c.add(took_connection, "took_connection_group");
    c.add(took_havokans, "took_havokans");
    c.add(took_recovery, "took_recovery");
    c.add(library_years, "library_pupil_years");
    c.add(y1_havokans, "class_year1_havokans");
    c.add(low_wellbeing_15, "low_wellbeing_at_15");
    c.add(youth_care, "youth_care_years");
    c.add(group_help, "group_help_years");
    c.add(prevention, "prevention_pupil_years");
    c.add(took_handover, "took_handover");
    c.add(custom_diploma, "custom_diploma");
    c.add(workshop, "workshop_pupil_years");
    c.add(took_first1000, "took_first1000");
    c.add(reading_years, "reading_pupil_years");
    c.add(promoted_instead, "promoted_instead");
    c.add(newcomers, "newcomers");
    c.add(took_nt2, "took_nt2_class");
    c.add(special_referred, "special_school");
    c.add(special_supported, "special_supported");
    c.add(mobility_entrants, "mobility_entrants");
    c.add_series(mobility_1y, "mobility_1y_", {"none", "lower", "higher", "both"});
    c.add_series(mobility_2y, "mobility_2y_", {"none", "lower", "higher", "both"});
    c.add_series(mobility_3y, "mobility_3y_", {"none", "lower", "higher", "both"});
    c.add_series(mobility_4y, "mobility_4y_", {"none", "lower", "higher", "both"});
    c.add_series(mobility_5y, "mobility_5y_", {"none", "lower", "higher", "both"});
    if (c.names.size() != kCountColumns) throw std::logic_error("outcome columns: a constant without a name");

    std::vector<std::string> sum_names;
    for (int k = 0; k < 4; ++k) {
        const std::string age = std::to_string(kSnapshotAges[k]);
        for (const char* domain : {"language_", "math_"}) {
            sum_names.push_back(domain + age + "_sum");
            sum_names.push_back(domain + age + "_sumsq");
        }
    }
    sum_names.push_back("potential_sum");
    sum_names.push_back("potential_sumsq");
    sum_names.push_back("shock_loss_sum");
    sum_names.push_back("wellbeing_15_sum");
    sum_names.push_back("wellbeing_15_sumsq");
    sum_names.push_back("absence_sum");
    // Costs in EUR (MODEL.md §3.11): participation times the intervention's unit cost.
    for (const char* c_name : {"cost_preschool", "cost_connection_group", "cost_library", "cost_havokans", "cost_recovery",
                               "cost_prevention", "cost_attendance", "cost_handover", "cost_workshop", "cost_custom_diploma",
                               "cost_first1000", "cost_reading", "cost_promotion_support",
                               "cost_nt2", "cost_special_school", "cost_inclusion", "cost_ten_fourteen",
                               "cost_zero_eighteen", "cost_broad_bridge", "cost_total"})
        sum_names.push_back(c_name);
    if (sum_names.size() != kSumColumns) throw std::logic_error("outcome sums: kSumColumns is out of date");

    OutcomeTable t;
    const std::size_t rows = static_cast<std::size_t>(cohorts) * kParentEdu * 2 * 3 * districts;
    t.count_names = c.names;
    t.sum_names = sum_names;
    for (int co = 0; co < cohorts; ++co)
        for (int e = 0; e < kParentEdu; ++e)
            for (int ml = 0; ml < 2; ++ml)
                for (int inc = 0; inc < 3; ++inc)
                    for (std::size_t d = 0; d < districts; ++d) {
                        t.birth_year.push_back(p.population.first_birth_year + co);
                        t.parent_edu.push_back(e);
                        t.home_language.push_back(ml);
                        t.income_group.push_back(inc);
                        t.district.push_back(static_cast<int>(d));
                    }

    // Each child's row first.
    constexpr std::uint32_t kNoRow = ~std::uint32_t{0};
    std::vector<std::uint32_t> row_of(pop.size());
    exec.for_ranges(pop.size(), [&](std::size_t b, std::size_t e, std::size_t) {
        for (std::size_t i = b; i < e; ++i)
            row_of[i] = pop.stage[i] == Stage::unborn
                            ? kNoRow
                            : static_cast<std::uint32_t>(
                                  (((static_cast<std::size_t>(pop.birth_year[i] - p.population.first_birth_year) * kParentEdu +
                                     pop.parent_edu[i]) * 2 + pop.multilingual[i]) * 3 + pop.income_group[i]) * districts +
                                  pop.district[i]);
    });
    const auto& iv = p.interventions;
    const double ve_cost = 1.5 * iv.preschool_cost * p.preschool.quality * p.preschool.hours / 960.0;  // quality and hours cost in proportion
    const PreschoolParams ve_lever = ve_under_lever(p);  // the children whose VE followed the VE lever (ve_lever_bit)
    const double ve_lever_cost = 1.5 * iv.preschool_cost * ve_lever.quality * ve_lever.hours / 960.0;
    // The interventions' counts and costs are 0 for most children (for all of them in a
    // baseline): those children skip them, which leaves every count and sum as it is (the schema
    // keeps costs from being negative, so no cost is -0 and no sum of them either, and x + 0 is
    // x for any other x).
    const auto took_part = [&](std::size_t i) {
        return pop.interventions[i] != 0 || pop.library_years[i] != 0 || pop.group_help_years[i] != 0 ||
               pop.prevention_years[i] != 0 || pop.workshop_years[i] != 0 || pop.reading_years[i] != 0 ||
               pop.newcomer[i] != not_newcomer ||
               pop.special[i] != not_referred;
    };
    // Tallied by row, a row's counts and sums side by side, so that a child's several dozen
    // additions fall in a few cache lines; and every count is added as 0 or 1 rather than behind
    // a branch, which the children's mixed outcomes would mispredict. Moved to the table's
    // column order at the end.
    constexpr std::size_t n_counts = kCountColumns, n_sums = kSumColumns;
    // Child i's counts, added to its row's cells n (took: took_part(i), worked out once a child).
    const auto count_child = [&](std::size_t i, std::uint32_t* const n, bool took) __attribute__((always_inline)) {
        const auto add = [n](int column, auto amount) { n[column] += static_cast<std::uint32_t>(amount); };
        add(children, 1);
        add(low_ses, pop.low_ses[i] != 0);
        add(income_high, pop.income_group[i] == 2);
        add(ve_target, pop.ve_target[i] != 0);
        add(ve_participant, pop.ve_participant[i] != 0);
        add(route + static_cast<int>(pop.route[i]), 1);
        add(retained_primary, pop.retained_primary[i] != 0);
        add(retained_secondary, pop.retained_secondary[i] != 0);
        // A child without an advice (or a track in year 1 or 3) adds 0 to the series' first cell.
        const int teacher_i = pop.teacher_advice[i], test_i = pop.test_advice[i], final_i = pop.final_advice[i];
        const bool is_advised = teacher_i >= 0;
        add(advised, is_advised);
        add(teacher + (is_advised ? teacher_i : 0), is_advised);
        add(test + (is_advised ? test_i : 0), is_advised);
        add(final_advice + (is_advised ? final_i : 0), is_advised);
        add(test_higher, is_advised & (test_i > teacher_i));
        add(raised, is_advised & (final_i > teacher_i));
        const int year1 = pop.track_year1[i], year3 = pop.track_year3[i];
        const bool in_year1 = year1 >= 0, in_year3 = year3 >= 0;
        add(y1 + (in_year1 ? year1 : 0), in_year1);
        add(y1_dual, in_year1 & (pop.class_year1[i] == ClassType::dual));
        add(y1_broad, in_year1 & (pop.class_year1[i] == ClassType::broad));
        add(y1_havokans, in_year1 & (pop.class_year1[i] == ClassType::havokans));
        const int warranted = track_of(pop.potential[i], norms);
        add(y3 + (in_year3 ? year3 : 0), in_year3);
        if (in_year3 && final_i >= 0) add(y3_vs_advice + static_cast<int>(year3_position(final_i, year3)), 1);
        add(y3_below_potential, in_year3 & (year3 < warranted));
        add(y3_above_potential, in_year3 & (year3 > warranted));
        add(high_potential_below_havo, in_year3 & (warranted >= 4) & (year3 < 4));
        add(high_potential, warranted >= 4);
        const bool raised_i = is_advised & (final_i > teacher_i) & in_year3;
        add(raised_in_year3, raised_i);
        add(raised_below_year3, raised_i && year3_position(final_i, year3) == Year3Position::below);
        add(moved_up, pop.moves_up[i] != 0);
        add(moved_down, pop.moves_down[i] != 0);
        const int highest = pop.diploma[i];
        for (const auto& [first, k] : {std::pair{d4, 0}, std::pair{d5, 1}, std::pair{d6, 2}, std::pair{d7, 3}}) {
            const int at = pop.diploma_after[k][i];
            add(first + (at == -2 ? kTracks + 1 : at < 0 ? kTracks : at), 1);
        }
        add(highest < 0 ? dip_none : dip + highest, 1);
        add(early, pop.early_leaver[i] != 0);
        if (took) {
            const unsigned bits = pop.interventions[i];
            add(took_connection, (bits & connection_group_bit) != 0);
            add(took_havokans, (bits & havokans_bit) != 0);
            add(took_recovery, (bits & recovery_bit) != 0);
            add(took_handover, (bits & handover_bit) != 0);
            add(custom_diploma, (bits & custom_diploma_bit) != 0);
            add(library_years, pop.library_years[i]);
            add(group_help, pop.group_help_years[i]);
            add(prevention, pop.prevention_years[i]);
            add(workshop, pop.workshop_years[i]);
            add(took_first1000, (bits & first1000_bit) != 0);
            add(reading_years, pop.reading_years[i]);
            add(promoted_instead, (bits & promoted_instead_bit) != 0);
            add(newcomers, pop.newcomer[i] != not_newcomer);
            add(took_nt2, pop.newcomer[i] == newcomer_nt2_class);
            add(special_referred, pop.special[i] == special_school);
            add(special_supported, pop.special[i] == supported_regular);
        }
        add(low_wellbeing_15, pop.wellbeing_at_15[i] < norms.low_wellbeing_cut);
        add(youth_care, pop.youth_care_years[i]);
        // The path against the year-1 class's range (model/mobility.hpp).
        std::int8_t path[6];
        for (std::size_t k = 0; k < 6; ++k) path[k] = pop.track_in_year[k][i];
        const int high1 = pop.track_high_year1[i];
        int after[6] = {};
        for (std::size_t k = 1; k < 6; ++k) after[k] = static_cast<int>(mobility_after(path, k, year1, high1));
        add(mobility_entrants, in_year1);
        add(mobility_1y + (in_year1 ? after[1] : 0), in_year1);
        add(mobility_2y + (in_year1 ? after[2] : 0), in_year1);
        add(mobility_3y + (in_year1 ? after[3] : 0), in_year1);
        add(mobility_4y + (in_year1 ? after[4] : 0), in_year1);
        add(mobility_5y + (in_year1 ? after[5] : 0), in_year1);
    };
    // Child i's sums, added to its row's sums (took: took_part(i)).
    const auto sum_child = [&](std::size_t i, double* const sum, bool took) __attribute__((always_inline)) {
        std::size_t k = 0;
        for (int s = 0; s < 4; ++s) {
            const double l = pop.language_at[s][i], m = pop.math_at[s][i];
            sum[k++] += l;
            sum[k++] += l * l;
            sum[k++] += m;
            sum[k++] += m * m;
        }
        sum[k++] += pop.potential[i];
        sum[k++] += static_cast<double>(pop.potential[i]) * pop.potential[i];
        sum[k++] += pop.shock_loss[i];
        sum[k++] += pop.wellbeing_at_15[i];
        sum[k++] += static_cast<double>(pop.wellbeing_at_15[i]) * pop.wellbeing_at_15[i];
        sum[k++] += pop.absence[i];
        if (!took && !pop.ve_participant[i] && !(iv.attendance_share > 0) && pop.route[i] == Route::regular &&
            pop.class_year1[i] != ClassType::broad)
            return;  // every cost 0
        const unsigned bits = pop.interventions[i];
        const double costs[] = {
            pop.ve_participant[i] ? ((bits & ve_lever_bit) ? ve_lever_cost : ve_cost) : 0.0,
            (bits & connection_group_bit) ? iv.connection_cost : 0.0,
            pop.library_years[i] * iv.library_cost_per_pupil,
            (bits & havokans_bit) ? 2.0 * iv.havokans_cost : 0.0,
            (bits & recovery_bit) ? iv.recovery_cost : 0.0,
            pop.prevention_years[i] * iv.prevention_cost,
            iv.attendance_share > 0 ? static_cast<double>(pop.attendance_years[i]) * iv.attendance_cost : 0.0,
            (bits & handover_bit) ? iv.handover_cost : 0.0,
            pop.workshop_years[i] * iv.workshop_cost,
            (bits & custom_diploma_bit) ? iv.custom_cost : 0.0,
            (bits & first1000_bit) ? iv.first1000_cost : 0.0,
            pop.reading_years[i] * iv.reading_cost,
            (bits & promoted_instead_bit) ? iv.promotion_support_cost : 0.0,
            pop.newcomer[i] == newcomer_nt2_class ? iv.nt2_cost : 0.0,
            pop.special[i] == special_school ? pop.special_years[i] * iv.special_cost : 0.0,
            pop.special[i] == supported_regular ? pop.special_years[i] * iv.inclusion_cost : 0.0,
            // structural reforms: the four years from groep 7 to 14 in a 10-14 school, every school
            // year in a 0-18 community, the year in a broad bridge class
            pop.route[i] == Route::ten_fourteen ? 4.0 * iv.ten_fourteen_cost : 0.0,
            pop.route[i] == Route::zero_eighteen ? pop.years_in_school[i] * iv.zero_eighteen_cost : 0.0,
            pop.class_year1[i] == ClassType::broad ? iv.broad_bridge_cost : 0.0,
        };
        double total = 0;
        for (const double x : costs) {
            sum[k++] += x;
            total += x;
        }
        sum[k++] += total;
    };
    std::vector<std::uint32_t> counts(rows * n_counts, 0);  // (32 bits: a row's counts fit in fewer cache lines)
    std::vector<double> sums(rows * n_sums, 0.0);
    const std::size_t workers = exec.workers();
    if (workers == 1) {  // one pass, each child's counts and sums together
        for (std::size_t i = 0; i < pop.size(); ++i) {
            const std::size_t row = row_of[i];
            if (row == kNoRow) continue;
            const bool took = took_part(i);
            count_child(i, &counts[row * n_counts], took);
            sum_child(i, &sums[row * n_sums], took);
        }
    } else {
        // The counts are integers, so any split adds up to the same: equal segments of the
        // children, two per worker and at most 16 (so many threads do not mean as many tables
        // to clear and add), each counted into a table of its own, and the tables added. (When
        // every worker scanned all children for its own rows, as the sums below do, the tally
        // took as long on two threads as on one: each read nearly every cache line of every
        // column.)
        const std::size_t segments = std::min<std::size_t>(16, 2 * workers);
        std::vector<std::vector<std::uint32_t>> part(segments);
        exec.for_ranges(segments, [&](std::size_t segment_begin, std::size_t segment_end, std::size_t) {
            for (std::size_t g = segment_begin; g < segment_end; ++g) {
                part[g].assign(rows * n_counts, 0);  // cleared by the worker that fills it
                std::uint32_t* const cells = part[g].data();
                const std::size_t end = pop.size() * (g + 1) / segments;
                for (std::size_t i = pop.size() * g / segments; i < end; ++i)
                    if (row_of[i] != kNoRow) count_child(i, &cells[row_of[i] * n_counts], took_part(i));
            }
        });
        for (const auto& cells : part)
            for (std::size_t k = 0; k < cells.size(); ++k) counts[k] += cells[k];
        // A row's sums of floating-point values run in child order, however the rows fall on
        // workers: contiguous blocks of rows (neighbouring rows share cache lines), each scanning
        // the children in order for its own rows. Two blocks per worker for balance, at most 16
        // (the sums are the same for any number of blocks). Rows hold very different numbers of
        // children, so the blocks' edges fall at equal shares of the children.
        const std::size_t blocks = std::min<std::size_t>(rows, std::min<std::size_t>(16, 2 * workers));
        std::vector<std::size_t> row_children(rows, 0);
        std::size_t counted = 0;
        for (const std::uint32_t row : row_of)
            if (row != kNoRow) ++row_children[row], ++counted;
        std::vector<std::size_t> edge(blocks + 1, rows);
        edge[0] = 0;
        for (std::size_t r = 0, b = 1, sum = 0; r < rows && b < blocks; ++r) {
            sum += row_children[r];
            while (b < blocks && sum * blocks >= counted * b) edge[b++] = r + 1;
        }
        exec.for_ranges(blocks, [&](std::size_t block_begin, std::size_t block_end, std::size_t) {
            const std::uint32_t first_row = static_cast<std::uint32_t>(edge[block_begin]);
            const std::uint32_t block_rows = static_cast<std::uint32_t>(edge[block_end]) - first_row;
            // The block's children of a window listed first, without a branch (whether a child's
            // row is in the block is a coin toss the branch predictor lost), then their sums.
            constexpr std::size_t kWindow = 4096;
            std::uint32_t mine[kWindow];
            for (std::size_t w = 0; w < pop.size(); w += kWindow) {
                const std::size_t end = std::min(pop.size(), w + kWindow);
                std::size_t n = 0;
                for (std::size_t i = w; i < end; ++i) {
                    mine[n] = static_cast<std::uint32_t>(i);
                    n += row_of[i] - first_row < block_rows;  // (kNoRow - first_row is never below)
                }
                for (std::size_t k = 0; k < n; ++k)
                    sum_child(mine[k], &sums[std::size_t{row_of[mine[k]]} * n_sums], took_part(mine[k]));
            }
        });
    }
    t.counts.assign(n_counts, std::vector<std::int64_t>(rows));
    t.sums.assign(n_sums, std::vector<double>(rows));
    for (std::size_t row = 0; row < rows; ++row) {
        for (std::size_t col = 0; col < n_counts; ++col) t.counts[col][row] = counts[row * n_counts + col];
        for (std::size_t col = 0; col < n_sums; ++col) t.sums[col][row] = sums[row * n_sums + col];
    }
    return t;
}

}  // namespace pathways::model
