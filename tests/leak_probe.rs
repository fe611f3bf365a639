use krait::core::{self, Interpreter, StartConfig, SubOptions};
#[test]
fn probe() {
    let prefix = env!("KRAIT_PY_PREFIX");
    core::start(StartConfig { home: Some(prefix.to_string()), executable: Some(format!("{prefix}/bin/python3")), ..StartConfig::default() }).unwrap();
    let blocks = || std::thread::spawn(|| {
        let s = Interpreter::open_shared(&[]).unwrap();
        let n = { let py = s.enter().unwrap(); py.exec("import gc, sys; gc.collect()").unwrap(); let v = py.get_value("sys.getallocatedblocks()").unwrap().str_lossy(); v.parse::<i64>().unwrap() };
        let _ = s.close(); n }).join().unwrap();
    for code in ["x=1", "x=1", "import operator, importlib.machinery, types, warnings"] {
        let b0 = blocks();
        for _ in 0..50 { let sub = Interpreter::open_sub(&[], &SubOptions::default()).unwrap(); sub.enter().unwrap().exec(code).unwrap(); let _ = sub.close(); }
        let b1 = blocks();
        eprintln!("PROBE {code}: {} blocks/cycle", (b1 - b0) as f64 / 50.0);
    }
}
