//! Build script: pyo3 cfg flags for the CPython being built against, the
//! CPython version and prefix baked into the library, an rpath to that
//! CPython's libpython (for C hosts), and the cbindgen-generated C header.

use std::path::Path;
use std::process::Command;

fn main() {
    pyo3_build_config::use_pyo3_cfgs();
    let config = pyo3_build_config::get();
    let version = format!("{}.{}", config.version().major, config.version().minor);
    println!("cargo:rustc-env=KRAIT_PY_VERSION={version}");
    let prefix = config
        .executable()
        .and_then(python_base_prefix)
        .unwrap_or_default();
    println!("cargo:rustc-env=KRAIT_PY_PREFIX={prefix}");
    if let Some(lib_dir) = config.lib_dir() {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{lib_dir}");
    }
    println!("cargo:rerun-if-env-changed=PYO3_PYTHON");
    println!("cargo:rerun-if-changed=native/capi");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    generate_header();
}

fn python_base_prefix(executable: &str) -> Option<String> {
    let output = Command::new(executable)
        .args(["-c", "import sys; print(sys.base_prefix)"])
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

fn generate_header() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let config = cbindgen::Config::from_file(Path::new(&root).join("cbindgen.toml"))
        .expect("cbindgen.toml is valid");
    let builder = cbindgen::Builder::new()
        .with_config(config)
        .with_src(Path::new(&root).join("native/capi/mod.rs"));
    builder
        .generate()
        .expect("the C API can be described by cbindgen")
        .write_to_file(Path::new(&root).join("include/krait.h"));
}
