//! krait: CPython embedded in the JVM and in C hosts, through one library.
//!
//! [`core`] starts CPython and runs interpreters without knowing the host;
//! `jni` is the JVM's front door (`Java_jep_*`), [`capi`] the C front door (`krait_*`).

#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]

pub mod capi;
pub mod core;
mod jni;
pub mod worker;
