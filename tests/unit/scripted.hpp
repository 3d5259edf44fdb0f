// A stream whose draws a test dictates, for testing rules with forced draws. It has the three
// calls the model's rules use (uniform, normal, bernoulli) and fails loudly when a rule asks for
// a draw the test did not script.
#pragma once

#include <deque>
#include <stdexcept>

namespace pathways::test {

class ScriptedStream {
public:
    ScriptedStream& uniforms(std::initializer_list<double> u) {
        uniforms_.insert(uniforms_.end(), u);
        return *this;
    }
    ScriptedStream& normals(std::initializer_list<double> z) {
        normals_.insert(normals_.end(), z);
        return *this;
    }
    double uniform() { return next(uniforms_, "uniform"); }
    double normal() { return next(normals_, "normal"); }
    bool bernoulli(double p) { return uniform() < p; }
    bool exhausted() const { return uniforms_.empty() && normals_.empty(); }

private:
    static double next(std::deque<double>& q, const char* what) {
        if (q.empty()) throw std::logic_error(std::string("rule drew an unscripted ") + what);
        const double v = q.front();
        q.pop_front();
        return v;
    }
    std::deque<double> uniforms_, normals_;
};

}  // namespace pathways::test
