//! The one logger behind libkrait's `log` records.
//!
//! Every part of libkrait logs through the `log` facade (`log::debug!`, …);
//! this logger forwards each record to the sink a front door installed: the
//! JVM's `System.Logger` (`crate::jni`), a C host's callback (`crate::capi`),
//! and on Android also to logcat. Records below the level the sink asked for
//! are dropped by the `log` macros themselves, after one atomic load and before
//! any formatting, so logging that is off costs nothing measurable.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use log::{Level, LevelFilter, Log, Metadata, Record};
use parking_lot::RwLock;

/// Where records go: the level, the target (the Rust module path, e.g.
/// `krait::core::interpreter`) and the formatted message.
pub type Sink = Arc<dyn Fn(Level, &str, &str) + Send + Sync>;

/// The level codes shared by the JVM and C front doors: 0 off, 1 error,
/// 2 warn, 3 info, 4 debug, 5 trace (each includes the more severe ones).
pub const LEVEL_OFF: i32 = 0;
/// The most verbose level code.
pub const LEVEL_TRACE: i32 = 5;

static SINK: RwLock<Option<Sink>> = RwLock::new(None);
static LOGGER: KraitLogger = KraitLogger;
/// Whether krait's logger is the process's `log` logger (a Rust host may have its own).
static INSTALLED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Set while this thread runs the sink, so a sink that logs again does not recurse.
    static IN_SINK: Cell<bool> = const { Cell::new(false) };
}

struct KraitLogger;

impl Log for KraitLogger {
    fn enabled(&self, metadata: &Metadata) -> bool {
        metadata.level() <= log::max_level()
    }

    fn log(&self, record: &Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        #[cfg(target_os = "android")]
        android::log(record);
        if IN_SINK.with(|busy| busy.replace(true)) {
            return;
        }
        // Cloned out of the lock, so a sink may install another sink.
        let sink = SINK.read().clone();
        if let Some(sink) = sink {
            sink(record.level(), record.target(), &record.args().to_string());
        }
        IN_SINK.with(|busy| busy.set(false));
    }

    fn flush(&self) {}
}

/// Sends records at `level` or more severe to `sink` (None: nowhere, or only to
/// logcat on Android), replacing the sink set before. When the process already
/// has another `log` logger (a Rust host's), records go there and its level is
/// left alone.
pub fn set_sink(sink: Option<Sink>, level: LevelFilter) {
    if log::set_logger(&LOGGER).is_ok() {
        INSTALLED.store(true, Ordering::SeqCst);
    }
    *SINK.write() = sink;
    if INSTALLED.load(Ordering::SeqCst) {
        log::set_max_level(level);
    }
}

/// The level filter of a level code (see [`LEVEL_OFF`]); codes above
/// [`LEVEL_TRACE`] mean trace, below [`LEVEL_OFF`] off.
pub fn level_filter(code: i32) -> LevelFilter {
    match code {
        i32::MIN..=LEVEL_OFF => LevelFilter::Off,
        1 => LevelFilter::Error,
        2 => LevelFilter::Warn,
        3 => LevelFilter::Info,
        4 => LevelFilter::Debug,
        _ => LevelFilter::Trace,
    }
}

/// The level code of a record's level.
pub fn level_code(level: Level) -> i32 {
    level as i32
}

#[cfg(target_os = "android")]
mod android {
    //! logcat, through `android_logger`, under the tag `krait`.

    use log::{LevelFilter, Log, Record};
    use once_cell::sync::Lazy;

    static LOGCAT: Lazy<android_logger::AndroidLogger> = Lazy::new(|| {
        android_logger::AndroidLogger::new(
            android_logger::Config::default()
                .with_tag("krait")
                .with_max_level(LevelFilter::Trace),
        )
    });

    /// Writes a record to logcat.
    pub fn log(record: &Record) {
        LOGCAT.log(record);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_codes_round_trip_and_clamp() {
        for level in [
            Level::Error,
            Level::Warn,
            Level::Info,
            Level::Debug,
            Level::Trace,
        ] {
            assert_eq!(level_filter(level_code(level)), level.to_level_filter());
        }
        assert_eq!(level_filter(LEVEL_OFF), LevelFilter::Off);
        assert_eq!(level_filter(-3), LevelFilter::Off);
        assert_eq!(level_filter(LEVEL_TRACE + 7), LevelFilter::Trace);
    }

    #[test]
    fn records_reach_the_sink_formatted_and_only_when_enabled() {
        let seen = Arc::new(parking_lot::Mutex::new(Vec::new()));
        let into = seen.clone();
        set_sink(
            Some(Arc::new(move |level, target: &str, message: &str| {
                // Other tests may log meanwhile; only this test's records count.
                if target.ends_with("logging::tests") {
                    into.lock().push(format!("{level} {target} {message}"));
                }
            })),
            LevelFilter::Info,
        );
        log::info!("found {}", 3);
        log::debug!("not forwarded");
        set_sink(None, LevelFilter::Off);
        log::warn!("nowhere");
        assert_eq!(
            *seen.lock(),
            vec!["INFO krait::core::logging::tests found 3".to_string()]
        );
    }
}
