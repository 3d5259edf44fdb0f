// Running a batch over several processes with MPI (docs/cluster.md). Built with
// -DPATHWAYS_WITH_MPI=ON these talk to MPI; in the default build (and in an MPI build started
// without a launcher such as mpirun or srun) there is one rank and every call is trivial, so
// callers need no #ifdef.
#pragma once

namespace pathways::engine::cluster {

// Initialises MPI for the life of the program when built with it and started by a launcher.
class Session {
public:
    Session(int& argc, char**& argv);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
};

bool built_with_mpi();
int rank();  // 0 without MPI
int size();  // 1 without MPI

// Collective (every rank must call them, in the same order); trivial with one rank.
int count(bool flag);  // how many ranks pass true
int sum(int x);
void barrier();
// Ends every rank with this exit code (MPI_Abort); without MPI, std::exit.
[[noreturn]] void abort(int code);

}  // namespace pathways::engine::cluster
