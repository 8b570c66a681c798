//! Where access-log lines go: one in-memory buffer, written out by a thread of its own.
//!
//! Why not a write to stdout per request, as before: the write (a syscall under the stdout lock,
//! on the request's own tokio worker) cost about a tenth of `GET /Users/{id}`'s throughput
//! (issue 18). Here a request only formats its line into the shared buffer; the writer thread
//! wakes on the first line after a quiet spell, lets lines gather for [`FLUSH_INTERVAL`] and writes
//! them in one go, so a line is on stdout within that interval and an idle server makes no
//! wake-ups at all. Lines keep the order in which requests finished, as before.
//!
//! The buffer is bounded: past [`MAX_PENDING`] bytes a request waits for the writer, as it waited
//! for a slow stdout before, rather than letting memory grow. [`Sink::flush`] writes everything
//! out before it returns; the server calls it when it stops, so no line is lost at shutdown. A
//! write error (a closed stdout, a reader that went away) drops the lines and never reaches a
//! request.

use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// How long lines gather before the writer writes them out.
pub const FLUSH_INTERVAL: Duration = Duration::from_millis(20);

/// Past this many pending bytes the writer is woken at once rather than at the interval's end.
const HIGH_WATER: usize = 64 * 1024;

/// Past this many pending bytes a request waits for the writer.
pub const MAX_PENDING: usize = 1024 * 1024;

/// The shared buffer and the writer thread's flags.
#[derive(Default)]
struct Pending {
    buf: Vec<u8>,
    /// The writer waits for a first line (so the next line must wake it).
    idle: bool,
    /// Write now: the buffer passed [`HIGH_WATER`] or someone waits in [`Sink::flush`].
    urgent: bool,
    /// The writer holds a batch it has not finished writing.
    writing: bool,
}

/// Where the lines are finally written.
type Out = Arc<Mutex<Box<dyn Write + Send>>>;

/// The buffer, the two conditions around it, and where the lines go when no writer thread runs.
pub struct Sink {
    pending: Mutex<Pending>,
    /// Signalled for the writer: a first line, a full buffer, a flush asked for.
    wake: Condvar,
    /// Signalled by the writer after each batch: room in the buffer, a flush done.
    written: Condvar,
    /// Set when no writer thread could be spawned: each line is then written by its request.
    direct: Option<Out>,
}

impl Sink {
    /// A sink whose writer thread writes to `out`.
    pub fn start(out: Box<dyn Write + Send>) -> Arc<Sink> {
        let out: Out = Arc::new(Mutex::new(out));
        let sink = Arc::new(Sink::new(None));
        let writer = sink.clone();
        let thread_out = out.clone();
        let spawned = std::thread::Builder::new()
            .name("access-log".into())
            .spawn(move || writer.run(&thread_out));
        match spawned {
            Ok(_) => sink,
            // No thread to be had: the lines go out synchronously, as they did before.
            Err(_) => Arc::new(Sink::new(Some(out))),
        }
    }

    fn new(direct: Option<Out>) -> Sink {
        Sink {
            pending: Mutex::new(Pending::default()),
            wake: Condvar::new(),
            written: Condvar::new(),
            direct,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Pending> {
        // A panic while formatting a line cannot leave the buffer invalid for the next one.
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Appends one line, formatted by `line` straight into the buffer.
    pub fn append(&self, line: impl FnOnce(&mut Vec<u8>)) {
        if let Some(out) = &self.direct {
            let mut buf = Vec::with_capacity(128);
            line(&mut buf);
            write_out(out, &buf);
            return;
        }
        let mut pending = self.lock();
        while pending.buf.len() >= MAX_PENDING {
            pending.urgent = true;
            self.wake.notify_one();
            pending = self
                .written
                .wait(pending)
                .unwrap_or_else(|e| e.into_inner());
        }
        line(&mut pending.buf);
        if pending.idle {
            pending.idle = false;
            self.wake.notify_one();
        } else if pending.buf.len() >= HIGH_WATER && !pending.urgent {
            pending.urgent = true;
            self.wake.notify_one();
        }
    }

    /// Returns once every line appended before the call is written out (or dropped by a failed
    /// write).
    pub fn flush(&self) {
        if self.direct.is_some() {
            return;
        }
        let mut pending = self.lock();
        while !pending.buf.is_empty() || pending.writing {
            pending.urgent = true;
            self.wake.notify_one();
            pending = self
                .written
                .wait(pending)
                .unwrap_or_else(|e| e.into_inner());
        }
    }

    /// The writer thread: waits for lines, gathers them, writes them out. Never returns.
    fn run(&self, out: &Out) {
        let mut batch = Vec::new();
        loop {
            let mut pending = self.lock();
            while pending.buf.is_empty() {
                pending.idle = true;
                pending = self.wake.wait(pending).unwrap_or_else(|e| e.into_inner());
            }
            pending.idle = false;
            if !pending.urgent {
                pending = self
                    .wake
                    .wait_timeout_while(pending, FLUSH_INTERVAL, |p| !p.urgent)
                    .map(|(guard, _)| guard)
                    .unwrap_or_else(|e| e.into_inner().0);
            }
            std::mem::swap(&mut pending.buf, &mut batch);
            pending.urgent = false;
            pending.writing = true;
            drop(pending);
            write_out(out, &batch);
            // A burst must not keep its buffer for ever: the next batch starts small again.
            batch.clear();
            if batch.capacity() > MAX_PENDING {
                batch = Vec::new();
            }
            self.lock().writing = false;
            self.written.notify_all();
        }
    }
}

/// Writes `bytes` to `out`. A closed stdout must not take the server down: on an error the lines
/// are dropped.
fn write_out(out: &Out, bytes: &[u8]) {
    let mut out = out.lock().unwrap_or_else(|e| e.into_inner());
    let _ = out.write_all(bytes).and_then(|()| out.flush());
}
