//! Python types of Java objects, one file per type (object, method, field,
//! array), plus building the Python class of a Java class, and the plumbing
//! their slots share. Every type is created per interpreter from a spec.

pub mod array;
pub mod class;
pub mod errors;
pub mod field;
pub mod iterator;
pub mod jarray;
pub mod method;
pub mod nio;
pub mod object;
pub mod refs;
pub mod slot;
pub mod throwable;
mod window;
