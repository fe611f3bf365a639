//! Integration tests of the host-independent core: starting CPython, shared and
//! sub-interpreters, running code, errors as data, and the thread rules.

use std::sync::Once;

use krait::core::{self, CloseError, Error, Interpreter, StartConfig, SubOptions};

fn start_python() {
    static START: Once = Once::new();
    START.call_once(|| {
        let prefix = env!("KRAIT_PY_PREFIX");
        core::start(StartConfig {
            home: Some(prefix.to_string()),
            executable: Some(format!("{prefix}/bin/python3")),
            ..StartConfig::default()
        })
        .expect("CPython starts");
    });
}

fn minor_version() -> u32 {
    core::python_version()
        .unwrap()
        .split('.')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn exec_and_get_value_share_globals() {
    start_python();
    let interp = Interpreter::open_shared(&[]).unwrap();
    {
        let py = interp.enter().unwrap();
        py.exec("x = 40\ncounter = 0").unwrap();
        py.exec("counter += 1").unwrap();
        py.exec("counter += 1").unwrap();
        assert_eq!(py.get_value("x + 2").unwrap().str_lossy(), "42");
        assert_eq!(py.get_value("counter").unwrap().str_lossy(), "2");
        assert_eq!(
            py.get_value("len").unwrap().str_lossy(),
            "<built-in function len>"
        );
    }
    interp.close().map_err(CloseError::into_error).unwrap();
}

#[test]
fn python_errors_carry_type_message_and_frames() {
    start_python();
    let interp = Interpreter::open_shared(&[]).unwrap();
    {
        let py = interp.enter().unwrap();
        py.exec("def inner():\n    raise ValueError('bad')\ndef outer():\n    inner()")
            .unwrap();
        let Err(Error::Python(exc)) = py.exec("outer()") else {
            panic!("expected a Python error")
        };
        assert_eq!(exc.message(), "<class 'ValueError'>: bad");
        assert_eq!(exc.type_name, "ValueError");
        let functions: Vec<_> = exc
            .frames
            .iter()
            .map(|f| (f.function.as_str(), f.line))
            .collect();
        assert_eq!(functions, [("inner", 2), ("outer", 4), ("<module>", 1)]);

        let Err(Error::Python(syntax)) = py.exec("x = 1\ny = = 2") else {
            panic!("expected SyntaxError")
        };
        assert!(
            syntax.message().starts_with("<class 'SyntaxError'>: "),
            "{}",
            syntax.message()
        );
        assert_eq!(syntax.frames[0].line, 2);

        let Err(Error::Python(name)) = py.get_value("undefined_name") else {
            panic!("expected NameError")
        };
        assert_eq!(
            name.message(),
            "<class 'NameError'>: name 'undefined_name' is not defined"
        );
    }
    interp.close().map_err(CloseError::into_error).unwrap();
}

#[test]
fn eval_line_buffers_incomplete_statements() {
    start_python();
    let interp = Interpreter::open_shared(&[]).unwrap();
    {
        let py = interp.enter().unwrap();
        assert!(py.eval_line("a = 1").unwrap());
        assert!(!py.eval_line("def f(x):").unwrap());
        assert!(!py.eval_line("    return x * 3").unwrap());
        assert!(py.eval_line("").unwrap());
        assert_eq!(py.get_value("f(a)").unwrap().str_lossy(), "3");
        assert!(matches!(py.eval_line("1 +* 2"), Err(Error::Python(_))));
        assert!(
            py.eval_line("b = 2").unwrap(),
            "a syntax error clears the buffer"
        );
    }
    interp.close().map_err(CloseError::into_error).unwrap();
}

#[test]
fn one_open_interpreter_per_thread_and_owner_only() {
    start_python();
    let interp = Interpreter::open_shared(&[]).unwrap();
    assert!(matches!(
        Interpreter::open_shared(&[]),
        Err(Error::Usage(_))
    ));
    assert!(matches!(
        Interpreter::open_sub(&[], &SubOptions::default()),
        Err(Error::Usage(_))
    ));
    let addr = &*interp as *const Interpreter as usize;
    let rejected = std::thread::spawn(move || {
        // SAFETY (test): the interpreter outlives this thread, and `enter` on a
        // foreign thread only reads the owner before refusing.
        let foreign = unsafe { &*(addr as *const Interpreter) };
        matches!(foreign.enter(), Err(Error::InvalidThread))
    });
    assert!(
        rejected.join().unwrap(),
        "another thread must get InvalidThread"
    );
    interp.close().map_err(CloseError::into_error).unwrap();
    let again = Interpreter::open_shared(&[]).unwrap();
    again.close().map_err(CloseError::into_error).unwrap();
}

#[test]
fn sub_interpreters_have_their_own_modules() {
    start_python();
    std::thread::spawn(|| {
        let shared = Interpreter::open_shared(&[]).unwrap();
        shared
            .enter()
            .unwrap()
            .exec("import sys; sys.krait_marker = 1")
            .unwrap();
        shared.close().map_err(CloseError::into_error).unwrap();
        let sub =
            Interpreter::open_sub(&["/krait/include".into()], &SubOptions::default()).unwrap();
        {
            let py = sub.enter().unwrap();
            py.exec("import sys").unwrap();
            assert_eq!(
                py.get_value("hasattr(sys, 'krait_marker')")
                    .unwrap()
                    .str_lossy(),
                "False"
            );
            assert_eq!(
                py.get_value("sys.path[0]").unwrap().str_lossy(),
                "/krait/include"
            );
        }
        sub.close().map_err(CloseError::into_error).unwrap();
    })
    .join()
    .unwrap();
}

#[test]
fn isolated_sub_interpreters_need_312_or_run_in_parallel() {
    start_python();
    if minor_version() < 12 {
        let err = Interpreter::open_sub(&[], &SubOptions::isolated())
            .err()
            .unwrap();
        assert!(err.to_string().contains("3.12"), "{err}");
        return;
    }
    let spin = "import sys, time\nsys.setswitchinterval(100)\nt = time.monotonic() + 0.5\nn = 0\nwhile time.monotonic() < t: n += 1";
    let barrier = std::sync::Barrier::new(2);
    let started = std::time::Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                let sub = Interpreter::open_sub(&[], &SubOptions::isolated()).unwrap();
                barrier.wait();
                sub.enter().unwrap().exec(spin).unwrap();
                sub.close().map_err(CloseError::into_error).unwrap();
            });
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    assert!(
        elapsed < 0.9,
        "two 0.5 s loops took {elapsed:.2} s: not parallel"
    );
}

#[test]
fn interpreters_on_many_threads_enter_and_leave_concurrently() {
    start_python();
    let barrier = std::sync::Barrier::new(4);
    std::thread::scope(|scope| {
        for worker in 0..4 {
            let barrier = &barrier;
            scope.spawn(move || {
                let interp = if worker % 2 == 0 {
                    Interpreter::open_shared(&[]).unwrap()
                } else {
                    Interpreter::open_sub(&[], &SubOptions::default()).unwrap()
                };
                barrier.wait();
                for round in 0..300 {
                    let py = interp.enter().unwrap();
                    py.exec(&format!("v = {round} * 2")).unwrap();
                    assert_eq!(
                        py.get_value("v").unwrap().str_lossy(),
                        (round * 2).to_string()
                    );
                }
                interp.close().map_err(CloseError::into_error).unwrap();
            });
        }
    });
}

#[test]
fn cached_code_still_runs_anew_is_keyed_by_mode_and_bounded() {
    start_python();
    let interp = Interpreter::open_shared(&[]).unwrap();
    {
        let py = interp.enter().unwrap();
        py.exec("counter = 0").unwrap();
        for _ in 0..3 {
            py.exec("counter += 1").unwrap();
        }
        assert_eq!(py.get_value("counter").unwrap().str_lossy(), "3");
        py.exec("counter = 10").unwrap();
        py.exec("counter += 1").unwrap();
        assert_eq!(
            py.get_value("counter").unwrap().str_lossy(),
            "11",
            "cached code sees current globals"
        );
        // The same text compiled as a statement and as an expression must not be confused.
        py.exec("1 + 2").unwrap();
        assert_eq!(py.get_value("1 + 2").unwrap().str_lossy(), "3");
        for i in 0..1000 {
            py.exec(&format!("v{i} = {i}")).unwrap();
        }
        assert_eq!(py.get_value("v999 + v0").unwrap().str_lossy(), "999");
    }
    assert!(
        interp.cached_code_count() <= 256,
        "cache grew to {}",
        interp.cached_code_count()
    );
    assert!(interp.cached_code_count() > 0);
    interp.close().map_err(CloseError::into_error).unwrap();
}

/// Opens a sub-interpreter on a new thread, runs `code` in it and closes it:
/// `None` when it closed cleanly, else whether it was detached and the error.
fn close_sub_after(code: &'static str) -> Option<(bool, Error)> {
    std::thread::spawn(move || {
        start_python();
        let sub = Interpreter::open_sub(&[], &SubOptions::default()).unwrap();
        sub.enter().unwrap().exec(code).unwrap();
        match sub.close() {
            Ok(()) => None,
            Err(CloseError::Detached(err)) => Some((true, err)),
            Err(err) => Some((false, err.into_error())),
        }
    })
    .join()
    .unwrap()
}

#[test]
fn closing_a_sub_stops_busy_daemon_threads() {
    let outcome = close_sub_after(
        "import threading, _thread\n\
         def spin():\n    while True: pass\n\
         threading.Thread(target=spin, daemon=True).start()\n\
         _thread.start_new_thread(spin, ())",
    );
    assert!(outcome.is_none(), "{outcome:?}");
}

#[test]
fn a_running_non_daemon_thread_refuses_closing_its_sub() {
    // As in Jep (its TestCloseWithThreads): refused, the interpreter stays usable,
    // and it closes once the thread ended.
    std::thread::spawn(|| {
        start_python();
        let sub = Interpreter::open_sub(&[], &SubOptions::default()).unwrap();
        sub.enter()
            .unwrap()
            .exec("import threading, time\nt = threading.Thread(target=time.sleep, args=(0.3,))\nt.start()")
            .unwrap();
        let sub = match sub.close() {
            Err(CloseError::Refused(sub, err)) => {
                assert!(err.to_string().contains("threads must be stopped"), "{err}");
                sub
            }
            other => panic!("expected a refused close, got {:?}", other.err().map(CloseError::into_error)),
        };
        sub.enter().unwrap().exec("t.join()").unwrap();
        sub.close().map_err(CloseError::into_error).unwrap();
    })
    .join()
    .unwrap();
}

#[test]
fn a_sub_with_a_thread_that_does_not_stop_is_detached_not_aborted() {
    let outcome = close_sub_after(
        "import threading, time\n\
         threading.Thread(target=time.sleep, args=(30,), daemon=True).start()",
    );
    let Some((true, err)) = outcome else {
        panic!("expected a detached sub-interpreter, got {outcome:?}");
    };
    assert!(err.to_string().contains("1 Python thread(s)"), "{err}");
}

#[test]
fn closing_a_sub_with_threads_while_an_isolated_sub_runs() {
    start_python();
    if minor_version() < 12 {
        return;
    }
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let sub = Interpreter::open_sub(&[], &SubOptions::isolated()).unwrap();
                sub.enter()
                    .unwrap()
                    .exec("def f(n):\n    return f(n - 1) if n else 0\nfor _ in range(200): f(50)")
                    .unwrap();
                sub.close().map_err(CloseError::into_error).unwrap();
            }
        });
        for _ in 0..3 {
            let outcome = close_sub_after(
                "import threading, time\n\
                 threading.Thread(target=time.sleep, args=(30,), daemon=True).start()",
            );
            assert!(matches!(outcome, Some((true, _))), "{outcome:?}");
        }
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
    });
}
