//! Depth and cycle checks for converting nested Python data to Java: each
//! container being converted is entered here, so a self-referencing list or
//! dict, or nesting deeper than [`MAX_DEPTH`], fails with a conversion error
//! naming the cycle or the depth instead of exhausting the thread's stack.

use std::cell::RefCell;

use pyo3::ffi;

use super::env::{Failure, JResult};

/// How many containers deep Python data may be nested to convert it to Java.
pub const MAX_DEPTH: usize = 256;

thread_local! {
    /// The containers being converted on this thread, outermost first.
    static OPEN: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// Leaves the container entered by [`enter`] when dropped.
pub struct Entered(());

impl Drop for Entered {
    fn drop(&mut self) {
        OPEN.with(|open| open.borrow_mut().pop());
    }
}

/// Enters the conversion of `container`; fails when it is already being
/// converted (a cycle) or when [`MAX_DEPTH`] containers are open.
pub fn enter(container: *mut ffi::PyObject) -> JResult<Entered> {
    let address = container as usize;
    OPEN.with(|open| {
        let mut open = open.borrow_mut();
        check(&open, address).map_err(Failure::conversion)?;
        open.push(address);
        Ok(Entered(()))
    })
}

/// Why `address` may not be entered with `open` containers open (pure).
fn check(open: &[usize], address: usize) -> Result<(), String> {
    if let Some(level) = open.iter().position(|&a| a == address) {
        return Err(format!(
            "cannot convert Python data that contains itself to Java: the container at \
             nesting level {level} is reached again at level {}",
            open.len()
        ));
    }
    if open.len() >= MAX_DEPTH {
        return Err(format!(
            "cannot convert Python data nested deeper than {MAX_DEPTH} levels to Java"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_and_depth_are_refused() {
        assert!(check(&[1, 2, 3], 4).is_ok());
        assert!(check(&[1, 2, 3], 2).unwrap_err().contains("level 1"));
        let deep: Vec<usize> = (0..MAX_DEPTH).collect();
        assert!(check(&deep, usize::MAX).unwrap_err().contains("256"));
    }
}
