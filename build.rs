//! Build script: pyo3 cfg flags for the CPython being built against, the
//! CPython version and prefix baked into the library, libkrait's SONAME, an
//! rpath to that CPython's libpython for development builds (not for the
//! portable builds of `scripts/natives/build.sh`, which set `KRAIT_PORTABLE=1`),
//! and the cbindgen-generated C header.

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
    let portable = std::env::var_os("KRAIT_PORTABLE").is_some_and(|value| value == "1");
    if let (Some(lib_dir), false) = (config.lib_dir(), portable) {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{lib_dir}");
    }
    if portable {
        // The worker executable links libpython, whose own glibc symbols are
        // newer than the portable floor: they are the host libpython's business
        // at run time, not the executable's.
        println!("cargo:rustc-link-arg-bins=-Wl,--allow-shlib-undefined");
    }
    println!("cargo:rustc-link-arg-cdylib=-Wl,-soname,{}", soname());
    println!("cargo:rerun-if-env-changed=PYO3_PYTHON");
    println!("cargo:rerun-if-env-changed=KRAIT_PORTABLE");
    println!("cargo:rerun-if-changed=native/capi");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    generate_header();
}

/// libkrait's SONAME: `libkrait.so.MAJOR`, or `libkrait.so.0.MINOR` while the
/// major version is 0 (when every minor release may change the ABI).
fn soname() -> String {
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").expect("cargo sets the version");
    let minor = std::env::var("CARGO_PKG_VERSION_MINOR").expect("cargo sets the version");
    if major == "0" {
        format!("libkrait.so.0.{minor}")
    } else {
        format!("libkrait.so.{major}")
    }
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
