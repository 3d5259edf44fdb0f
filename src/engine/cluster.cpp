#include "engine/cluster.hpp"

#include <cstdlib>
#include <iostream>

#ifdef PATHWAYS_WITH_MPI
#include <mpi.h>
#endif

namespace pathways::engine::cluster {
namespace {

int g_rank = 0, g_size = 1;
#ifdef PATHWAYS_WITH_MPI
bool g_active = false;
#endif

#ifdef PATHWAYS_WITH_MPI
// Started by mpirun/mpiexec (Open MPI, MPICH) or srun with PMI/PMIx: only then is MPI set up, so
// that an MPI build run by hand behaves exactly as the default build.
bool under_launcher() {
    for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
        if (std::getenv(v)) return true;
    return false;
}
#endif

}  // namespace

Session::Session(int& argc, char**& argv) {
#ifdef PATHWAYS_WITH_MPI
    if (!under_launcher()) return;
    int provided = 0;
    // oneTBB threads inside a rank never call MPI: only the main thread does.
    if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        std::cerr << "pathways: error: MPI_Init_thread failed\n";
        std::exit(1);
    }
    g_active = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_size);
#else
    (void)argc;
    (void)argv;
#endif
}

Session::~Session() {
#ifdef PATHWAYS_WITH_MPI
    if (g_active) MPI_Finalize();
    g_active = false;
#endif
}

bool built_with_mpi() {
#ifdef PATHWAYS_WITH_MPI
    return true;
#else
    return false;
#endif
}

int rank() { return g_rank; }
int size() { return g_size; }

int sum(int x) {
#ifdef PATHWAYS_WITH_MPI
    if (g_active) {
        int total = 0;
        MPI_Allreduce(&x, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
        return total;
    }
#endif
    return x;
}

int count(bool flag) { return sum(flag ? 1 : 0); }

void barrier() {
#ifdef PATHWAYS_WITH_MPI
    if (g_active) MPI_Barrier(MPI_COMM_WORLD);
#endif
}

void abort(int code) {
    std::cerr.flush();
#ifdef PATHWAYS_WITH_MPI
    if (g_active) MPI_Abort(MPI_COMM_WORLD, code);
#endif
    std::exit(code);
}

}  // namespace pathways::engine::cluster
