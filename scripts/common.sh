# Shared by quickstart.sh, test.sh and bench.sh: install what is missing, build, find Python.
# Sourced, not run.

PATHWAYS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PATHWAYS_BUILD="${PATHWAYS_BUILD:-$PATHWAYS_ROOT/build}"

# Debian packages the build, the tests, the plots and the report (chromium: the browser test;
# python3-pandas: python/pathways_results; r-base-core, r-cran-hdf5r: R/pathways_results.R;
# libcpp-httplib-dev, nlohmann-json3-dev, libjs-chart.js: pathways serve; python3-selenium,
# chromium-driver: its browser test) need.
PATHWAYS_PACKAGES=(cmake g++ make git libboost-dev libtbb-dev libhdf5-dev hdf5-tools catch2 librandom123-dev
                   libtomlplusplus-dev libcli11-dev libnlopt-cxx-dev python3-h5py python3-matplotlib python3-numpy python3-pandas r-base-core r-cran-hdf5r chromium
                   pkg-config libcpp-httplib-dev nlohmann-json3-dev libjs-chart.js python3-selenium chromium-driver)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_packages() {
    local missing=()
    for p in "${PATHWAYS_PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing missing Debian packages: ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "pathways: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
        sudo="sudo"
    fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# build [target ...]: configure (Release, with tests) and build the given targets, or everything.
# PATHWAYS_PGO=1 (the benchmark's build, scripts/bench.sh) guides the Release build by a profile:
# a second, instrumented build of pathways in $PATHWAYS_BUILD/pgo-generate runs the benchmark
# scenario once, and the build proper uses what it recorded (2-3% faster, the same results;
# docs/performance.md). Off by default: the tests and the main job do not need it.
build() {
    local pgo=()
    # shellcheck disable=SC2086  # PATHWAYS_CMAKE_ARGS holds several words on purpose
    # (the compiler CMake picks: $CXX, else c++; profiles are GCC's)
    if [ "${PATHWAYS_PGO:-0}" != 0 ] && "${CXX:-c++}" --version 2>/dev/null | grep -q "Free Software Foundation" &&
        [[ " ${PATHWAYS_CMAKE_ARGS:-} " != *PATHWAYS_SANITIZE=ON* ]]; then
        local gen="$PATHWAYS_BUILD/pgo-generate" profile="$PATHWAYS_BUILD/pgo-profile"
        say "building the profiling binary in $gen (PATHWAYS_PGO=1)"
        cmake -S "$PATHWAYS_ROOT" -B "$gen" -DCMAKE_BUILD_TYPE=Release -DPATHWAYS_BUILD_TESTS=OFF ${PATHWAYS_CMAKE_ARGS:-} \
            -DPATHWAYS_PGO=generate -DPATHWAYS_PGO_DIR="$profile" >/dev/null
        cmake --build "$gen" -j "$(nproc)" --target pathways >/dev/null
        say "recording the profile (the benchmark scenario, once)"
        rm -rf "$profile"
        local out
        out=$(mktemp -d)
        (cd "$PATHWAYS_ROOT" && "$gen/pathways" run scenarios/baseline_nl.toml --threads 1 --quiet --out "$out/profile.h5" >/dev/null)
        rm -rf "$out"
        pgo=(-DPATHWAYS_PGO=use -DPATHWAYS_PGO_DIR="$profile")
    else
        pgo=(-DPATHWAYS_PGO=)
    fi
    say "building (Release) in $PATHWAYS_BUILD"
    # shellcheck disable=SC2086
    cmake -S "$PATHWAYS_ROOT" -B "$PATHWAYS_BUILD" -DCMAKE_BUILD_TYPE=Release -DPATHWAYS_BUILD_TESTS=ON ${PATHWAYS_CMAKE_ARGS:-} \
        "${pgo[@]}" >/dev/null
    local targets=()
    for t in "$@"; do targets+=(--target "$t"); done
    cmake --build "$PATHWAYS_BUILD" -j "$(nproc)" "${targets[@]}"
}

# An interpreter with h5py, matplotlib and numpy: $PATHWAYS_PYTHON, Debian's, then whatever is on PATH.
find_python() {
    for py in "${PATHWAYS_PYTHON:-}" /usr/bin/python3 python3; do
        [ -n "$py" ] || continue
        if "$py" -c 'import h5py, matplotlib, numpy' 2>/dev/null; then echo "$py"; return 0; fi
    done
    echo "pathways: no Python with h5py, matplotlib and numpy found; on Debian: apt-get install python3-h5py python3-matplotlib python3-numpy (then /usr/bin/python3 has them), or set PATHWAYS_PYTHON" >&2
    return 1
}
