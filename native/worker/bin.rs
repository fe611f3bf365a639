//! `krait-worker`: the child process of `krait.ProcessInterpreter` (see
//! `krait::worker`).

fn main() {
    std::process::exit(krait::worker::main());
}
